// SPDX-License-Identifier: GPL-2.0
/*
 * reparse.c - the libclang TU of one parse: made and disposed of for a
 * run over files on disk, kept and reparsed for an editor, whose buffers
 * change a few lines at a time below includes that do not change.
 */
#include "fe.h"

#include <stdlib.h>

/*
 * The includes at the top of the file are compiled into a preamble on
 * the first parse, so that every reparse reads only what follows them
 * (clang checks the preamble's files and rebuilds it when one changed).
 */
#define LIVE_OPTIONS (CXTranslationUnit_KeepGoing |			\
		      CXTranslationUnit_DetailedPreprocessingRecord |	\
		      CXTranslationUnit_PrecompiledPreamble |		\
		      CXTranslationUnit_CreatePreambleOnFirstParse)

struct contents {
	CXFile file;
	const char *text;
	size_t size;
};

/* This thread's parse's files so far (a thread parses one TU at a time). */
static __thread struct contents *seen;
static __thread int nseen, seen_cap;
static __thread bool live_parse;

const char *fe_file_contents(CXTranslationUnit tu, CXFile file, size_t *size)
{
	struct contents c = { file, NULL, 0 };

	/* the newest first: a statement's file is the last one's, mostly */
	for (int i = nseen - 1; i >= 0; i--)
		if (seen[i].file == file) {
			*size = seen[i].size;
			return seen[i].text;
		}
	c.text = clang_getFileContents(tu, file, &c.size);
	VEC_PUSH(seen, nseen, seen_cap, c);
	*size = c.size;
	return c.text;
}

const char *fe_parsed_contents(CXTranslationUnit tu, CXFile file,
			       size_t *size)
{
	*size = 0;
	return live_parse ? NULL : fe_file_contents(tu, file, size);
}

enum CXErrorCode fe_open_tu(CXIndex index, const char *file,
			    const char *const *args, int nargs,
			    struct frontend_live *live, CXTranslationUnit *out)
{
	int rc;

	nseen = 0;	/* a new parse: other files, or other bytes */
	live_parse = live != NULL;
	*out = NULL;
	if (!live)
		return clang_parseTranslationUnit2(index, file, args, nargs,
						   NULL, 0,
						   CXTranslationUnit_KeepGoing |
						   CXTranslationUnit_DetailedPreprocessingRecord,
						   out);
	if (!live->tu)
		return clang_parseTranslationUnit2(index, file, args, nargs,
						   live->unsaved,
						   live->nunsaved,
						   LIVE_OPTIONS, out);
	rc = clang_reparseTranslationUnit(live->tu, live->nunsaved,
					  live->unsaved,
					  clang_defaultReparseOptions(live->tu));
	if (rc) {
		/* libclang: a TU whose reparse failed can only be disposed of */
		clang_disposeTranslationUnit(live->tu);
		live->tu = NULL;
		return rc > 0 ? (enum CXErrorCode)rc : CXError_Failure;
	}
	*out = live->tu;
	return CXError_Success;
}

void fe_close_tu(struct frontend_live *live, CXTranslationUnit tu, bool ok)
{
	free(seen);	/* the parse is over */
	seen = NULL;
	nseen = seen_cap = 0;
	if (live && ok) {
		live->tu = tu;
		return;
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	if (live)
		live->tu = NULL;
}
