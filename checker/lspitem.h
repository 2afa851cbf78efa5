/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lspitem.h - report items in the Language Server Protocol's terms: a
 * finding as a diagnostic (at its access, the rule id as its code, the
 * citation in its message, the write, the calls and returns on the path
 * and where the fix goes as related information), its fix as a workspace
 * edit, its rule's reason as a hover.
 *
 * In: items (report.h), fix insertions (fix.h), and how the files look
 * in the editor now (struct lsp_files: an open document's unsaved text,
 * else the file on disk), for positions: LSP counts lines from 0 and
 * characters in UTF-16 code units (or UTF-8 bytes, if negotiated), where
 * isbcheck counts lines from 1 and bytes from 1.  Out: jansson values.
 */
#ifndef ISBCHECK_LSPITEM_H
#define ISBCHECK_LSPITEM_H

#include "fix.h"
#include "livecheck.h"
#include "report.h"
#include "source.h"

#include <jansson.h>
#include <stdbool.h>

struct lsp_files {
	bool utf8;		/* positions in bytes, not UTF-16 units */
	/* file (as items name it) as the editor has it, or NULL */
	const struct source *(*text)(struct lsp_files *f, const char *file);
	/* its URI (a new reference) */
	json_t *(*uri)(struct lsp_files *f, const char *file);
	/* the version of its open document, or -1 if it is not open */
	int (*version)(struct lsp_files *f, const char *file);
};

/* A JSON string for s, escaped (escape.h) if it is not valid UTF-8. */
json_t *lsp_str(const char *s);

/* The range of the token at line:col of file (isbcheck's numbering). */
json_t *lsp_range(struct lsp_files *f, const char *file, unsigned line,
		  unsigned col);
/* Does range hold LSP position (line, character)? */
bool lsp_range_holds(const json_t *range, long line, long character);
/* Do two ranges share a line? */
bool lsp_ranges_meet(const json_t *a, const json_t *b);

json_t *lsp_diagnostic(struct lsp_files *f, const struct report_item *it);
/* A note (a function not fully analysed, a parse error) as information. */
json_t *lsp_note_diagnostic(struct lsp_files *f, const struct live_note *n);

/*
 * A WorkspaceEdit making the insertions ins[0..n) (those that do not fit
 * the file as it is now, as --fix would refuse them, are left out), with
 * documentChanges and versions if doc_changes.  NULL if none is left.
 */
json_t *lsp_edit(struct lsp_files *f, const struct fix_insertion *ins, int n,
		 bool doc_changes);

/* The rule's reason and citation, for a hover (markdown or plain). */
json_t *lsp_hover_text(const struct report_item *const *its, int n,
		       bool markdown);

#endif
