// SPDX-License-Identifier: GPL-2.0
/*
 * reparse.c - the libclang TU of one parse: made and disposed of for a
 * run over files on disk, kept and reparsed for an editor, whose buffers
 * change a few lines at a time below includes that do not change.
 */
#include "fe.h"

/*
 * The includes at the top of the file are compiled into a preamble on
 * the first parse, so that every reparse reads only what follows them
 * (clang checks the preamble's files and rebuilds it when one changed).
 */
#define LIVE_OPTIONS (CXTranslationUnit_KeepGoing |			\
		      CXTranslationUnit_PrecompiledPreamble |		\
		      CXTranslationUnit_CreatePreambleOnFirstParse)

enum CXErrorCode fe_open_tu(CXIndex index, const char *file,
			    const char *const *args, int nargs,
			    struct frontend_live *live, CXTranslationUnit *out)
{
	int rc;

	*out = NULL;
	if (!live)
		return clang_parseTranslationUnit2(index, file, args, nargs,
						   NULL, 0,
						   CXTranslationUnit_KeepGoing,
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
	if (live && ok) {
		live->tu = tu;
		return;
	}
	if (tu)
		clang_disposeTranslationUnit(tu);
	if (live)
		live->tu = NULL;
}
