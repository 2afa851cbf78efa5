/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lspdoc.h - the language server's documents: the open files' unsaved
 * text, the latest check of each open C file, and what was published.
 *
 * In: the document notifications and the codeAction and hover requests'
 * parameters (JSON, as the protocol defines them).  Out: checks run
 * when the documents changed (a C file when it changed, or a header it
 * read did; refreshed flags and cross-file knowledge after a save), then
 * publishDiagnostics for every file whose diagnostics changed, through
 * the publish callback; answers to the requests.  A file's diagnostics
 * are the findings at accesses in it from every open C file's check
 * (a header's come from the C files that include it), and its notes.
 */
#ifndef ISBCHECK_LSPDOC_H
#define ISBCHECK_LSPDOC_H

#include "livecheck.h"
#include "lspitem.h"

#include <jansson.h>

/* The source action that inserts every missing synchronization of a file. */
#define LSP_FIX_ALL_KIND "source.fixAll.isbcheck"

struct lsp_doc;
struct lsp_pub;

struct lsp_ctx {
	struct lsp_files files;		/* first: the callbacks find cx */
	bool doc_changes, markdown;	/* the client's capabilities */
	struct live *live;
	struct lsp_doc **docs;
	int ndocs, docs_cap;
	struct lsp_pub *pubs;		/* what each file was last sent */
	int npubs, pubs_cap;
	struct sources disk;		/* files not open, per round */
	bool republish;			/* a document was closed */
	void (*publish)(void *ctx, json_t *params);
	void (*log)(void *ctx, int type, const char *text);
	void *ctx;
};

void lsp_ctx_init(struct lsp_ctx *cx, const struct live_opts *o,
		  void (*publish)(void *, json_t *),
		  void (*log)(void *, int, const char *), void *ctx);
void lsp_ctx_free(struct lsp_ctx *cx);

/* Notifications: 0, or -1 if the parameters were not usable. */
int lsp_did_open(struct lsp_ctx *cx, json_t *params);
int lsp_did_change(struct lsp_ctx *cx, json_t *params);
int lsp_did_save(struct lsp_ctx *cx, json_t *params);
int lsp_did_close(struct lsp_ctx *cx, json_t *params);

/* Runs the checks the changes asked for, then publishes. */
void lsp_check_pending(struct lsp_ctx *cx);

/* Requests: 0 and *result (a new reference), or -1 for bad parameters. */
int lsp_code_actions(struct lsp_ctx *cx, json_t *params, json_t **result);
int lsp_hover(struct lsp_ctx *cx, json_t *params, json_t **result);

#endif
