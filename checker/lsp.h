/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lsp.h - isbcheck --lsp: a language server (LSP 3.17) on standard input
 * and output, so that an editor shows the findings as the file is edited.
 *
 * In: JSON-RPC messages (jsonrpc.h): initialize, initialized, shutdown,
 * exit; textDocument/didOpen, didChange (the whole text), didSave,
 * didClose; textDocument/codeAction and textDocument/hover.
 * Out: textDocument/publishDiagnostics for each file that holds findings
 * of an open C file (its own, and a header's it reaches), computed from
 * the editor's unsaved text (livecheck.h); a quick fix per finding that
 * has one (the insertion --fix would make) and a source action with every
 * insertion of the file merged as --fix merges them; the rule's reason
 * and citation on hover over a finding's access.
 *
 * Errors follow JSON-RPC: a body that is not JSON, a message that is not
 * a request, an unknown method, a request before initialize or after
 * shutdown, bad parameters each get their error response (notifications
 * get none); a stream that cannot be read on (a header with no length,
 * input that ends) ends the server.  Returns the exit status: 0 after
 * shutdown then exit (or the input's end), 1 otherwise.
 */
#ifndef ISBCHECK_LSP_H
#define ISBCHECK_LSP_H

#include "livecheck.h"

int lsp_serve(int in_fd, int out_fd, const struct live_opts *o,
	      const char *version);

#endif
