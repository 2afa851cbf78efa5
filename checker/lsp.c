// SPDX-License-Identifier: GPL-2.0
/*
 * lsp.c - the language server's protocol: the lifecycle, the open
 * documents, and the methods, each answered from the items of the
 * latest check of the open C files (livecheck.h).  lspitem.c turns items
 * into the protocol's diagnostics, edits and hovers.
 */
#include "lsp.h"
#include "jsonrpc.h"
#include "lspdoc.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* JSON-RPC's and LSP's error codes */
#define PARSE_ERROR		-32700
#define INVALID_REQUEST		-32600
#define METHOD_NOT_FOUND	-32601
#define INVALID_PARAMS		-32602
#define SERVER_NOT_INITIALIZED	-32002

enum phase { BEFORE_INIT, RUNNING, SHUT_DOWN };

struct server {
	struct rpc_in in;
	int out;
	struct lsp_ctx cx;		/* documents, results, encoding */
	enum phase phase;
	const char *version;
	bool done;
	int status;
};

static void send(struct server *sv, json_t *msg)
{
	if (rpc_write(sv->out, msg)) {
		/* the editor is gone: nothing is left to serve */
		sv->done = true;
		sv->status = 1;
	}
	json_decref(msg);
}

static void reply(struct server *sv, json_t *id, json_t *result)
{
	send(sv, json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id",
			   id ? id : json_null(), "result",
			   result ? result : json_null()));
}

static void reply_error(struct server *sv, json_t *id, int code,
			const char *text)
{
	send(sv, json_pack("{s:s,s:O,s:{s:i,s:o}}", "jsonrpc", "2.0", "id",
			   id ? id : json_null(), "error", "code", code,
			   "message", lsp_str(text)));
}

static void notify(struct server *sv, const char *method, json_t *params)
{
	send(sv, json_pack("{s:s,s:s,s:o}", "jsonrpc", "2.0", "method",
			   method, "params", params));
}

/* window/logMessage: what the server would print on stderr */
static void log_message(void *ctx, int type, const char *text)
{
	struct server *sv = ctx;

	notify(sv, "window/logMessage",
	       json_pack("{s:i,s:o}", "type", type, "message", lsp_str(text)));
}

static void publish(void *ctx, json_t *params)
{
	notify(ctx, "textDocument/publishDiagnostics", params);
}

static json_t *initialize(struct server *sv, json_t *params)
{
	json_t *caps = json_object_get(params, "capabilities");
	json_t *enc = json_object_get(json_object_get(caps, "general"),
				      "positionEncodings");
	json_t *de = json_object_get(json_object_get(json_object_get(
		caps, "workspace"), "workspaceEdit"), "documentChanges");
	json_t *hf = json_object_get(json_object_get(json_object_get(
		caps, "textDocument"), "hover"), "contentFormat");
	size_t i;
	json_t *v;

	/* UTF-16 unless the client offers UTF-8 (LSP 3.17) */
	json_array_foreach(enc, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), "utf-8"))
			sv->cx.files.utf8 = true;
	sv->cx.doc_changes = json_is_true(de);
	json_array_foreach(hf, i, v)
		if (json_is_string(v) &&
		    !strcmp(json_string_value(v), "markdown"))
			sv->cx.markdown = true;
	return json_pack("{s:{s:s,s:{s:b,s:i,s:{s:b}},s:{s:[s,s]},s:b},s:{s:s,s:s}}",
			 "capabilities",
			 "positionEncoding", sv->cx.files.utf8 ? "utf-8" : "utf-16",
			 "textDocumentSync", "openClose", 1, "change", 1,
			 "save", "includeText", 0,
			 "codeActionProvider", "codeActionKinds", "quickfix",
			 LSP_FIX_ALL_KIND,
			 "hoverProvider", 1,
			 "serverInfo", "name", "isbcheck", "version",
			 sv->version);
}

/* A request's answer, or an error; false if params were not usable. */
static bool request(struct server *sv, const char *method, json_t *id,
		    json_t *params)
{
	json_t *result = NULL;

	if (!strcmp(method, "initialize")) {
		if (sv->phase != BEFORE_INIT) {
			reply_error(sv, id, INVALID_REQUEST,
				    "initialize was already received");
			return true;
		}
		if (!json_is_object(params))
			return false;
		reply(sv, id, initialize(sv, params));
		sv->phase = RUNNING;
		return true;
	}
	if (sv->phase == BEFORE_INIT) {
		reply_error(sv, id, SERVER_NOT_INITIALIZED,
			    "the server is not initialized: initialize comes first");
		return true;
	}
	if (sv->phase == SHUT_DOWN) {
		reply_error(sv, id, INVALID_REQUEST,
			    "the server was shut down: only exit is expected");
		return true;
	}
	if (!strcmp(method, "shutdown")) {
		sv->phase = SHUT_DOWN;
		reply(sv, id, json_null());
		return true;
	}
	if (!strcmp(method, "textDocument/codeAction")) {
		if (lsp_code_actions(&sv->cx, params, &result))
			return false;
	} else if (!strcmp(method, "textDocument/hover")) {
		if (lsp_hover(&sv->cx, params, &result))
			return false;
	} else {
		char text[256];

		snprintf(text, sizeof(text), "unknown method: %.200s", method);
		reply_error(sv, id, METHOD_NOT_FOUND, text);
		return true;
	}
	reply(sv, id, result);
	return true;
}

static void notification(struct server *sv, const char *method,
			 json_t *params)
{
	int rc = 0;

	if (!strcmp(method, "exit")) {
		sv->done = true;
		sv->status = sv->phase == SHUT_DOWN ? 0 : 1;
		return;
	}
	/* before initialize, and after shutdown, notifications are dropped */
	if (sv->phase != RUNNING)
		return;
	if (!strcmp(method, "textDocument/didOpen"))
		rc = lsp_did_open(&sv->cx, params);
	else if (!strcmp(method, "textDocument/didChange"))
		rc = lsp_did_change(&sv->cx, params);
	else if (!strcmp(method, "textDocument/didSave"))
		rc = lsp_did_save(&sv->cx, params);
	else if (!strcmp(method, "textDocument/didClose"))
		rc = lsp_did_close(&sv->cx, params);
	/* initialized, $/cancelRequest, $/setTrace, ...: nothing to do */
	if (rc) {
		char text[256];

		snprintf(text, sizeof(text), "isbcheck: %.200s: invalid parameters; ignored",
			 method);
		log_message(sv, 1, text);
	}
}

static bool valid_id(const json_t *id)
{
	return json_is_integer(id) || json_is_string(id);
}

static void message(struct server *sv, json_t *msg)
{
	json_t *method = json_object_get(msg, "method");
	json_t *id = json_object_get(msg, "id");
	json_t *params = json_object_get(msg, "params");
	json_t *rpc = json_object_get(msg, "jsonrpc");

	if (!json_is_object(msg) || !json_is_string(rpc) ||
	    strcmp(json_string_value(rpc), "2.0") ||
	    (id && !valid_id(id) && !json_is_null(id)) ||
	    (params && !json_is_object(params) && !json_is_array(params))) {
		reply_error(sv, valid_id(id) ? id : NULL, INVALID_REQUEST,
			    "not a JSON-RPC 2.0 message");
		return;
	}
	if (!method) {
		/* a response: the server sends no requests, so none is awaited */
		if (!json_object_get(msg, "result") &&
		    !json_object_get(msg, "error"))
			reply_error(sv, valid_id(id) ? id : NULL,
				    INVALID_REQUEST,
				    "a message with no method is not a request");
		return;
	}
	if (!json_is_string(method)) {
		reply_error(sv, valid_id(id) ? id : NULL, INVALID_REQUEST,
			    "method is not a string");
		return;
	}
	if (!id) {
		notification(sv, json_string_value(method), params);
		return;
	}
	if (!valid_id(id)) {
		reply_error(sv, NULL, INVALID_REQUEST,
			    "a request's id is a number or a string");
		return;
	}
	if (!request(sv, json_string_value(method), id, params))
		reply_error(sv, id, INVALID_PARAMS, "invalid parameters");
}

int lsp_serve(int in_fd, int out_fd, const struct live_opts *o,
	      const char *version)
{
	struct server sv = {
		.in = { .fd = in_fd },
		.out = out_fd,
		.version = version,
		.status = 1,
	};
	char why[256];

	/* a write to a closed pipe is an error to handle, not a signal */
	signal(SIGPIPE, SIG_IGN);
	lsp_ctx_init(&sv.cx, o, publish, log_message, &sv);
	while (!sv.done) {
		json_t *msg;
		enum rpc_status st;

		/* a check waits until the messages that came in are read */
		if (!rpc_pending(&sv.in))
			lsp_check_pending(&sv.cx);
		if (sv.done)
			break;
		st = rpc_read(&sv.in, &msg, why, sizeof(why));
		switch (st) {
		case RPC_MESSAGE:
			message(&sv, msg);
			json_decref(msg);
			break;
		case RPC_BAD_JSON:
			reply_error(&sv, NULL, PARSE_ERROR, why);
			break;
		case RPC_TOO_LARGE:
			reply_error(&sv, NULL, INVALID_REQUEST, why);
			break;
		case RPC_BAD_HEADER:
			fprintf(stderr, "isbcheck: error: --lsp: %s; the stream cannot be read on\n",
				why);
			sv.done = true;
			sv.status = 1;
			break;
		case RPC_END:
			if (why[0])
				fprintf(stderr, "isbcheck: error: --lsp: %s\n",
					why);
			/* the editor went away: fine if it had shut us down */
			sv.done = true;
			sv.status = sv.phase == SHUT_DOWN ? 0 : 1;
			break;
		}
	}
	lsp_ctx_free(&sv.cx);
	rpc_in_free(&sv.in);
	return sv.status;
}
