/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jsonrpc.h - JSON-RPC 2.0 messages as the Language Server Protocol frames
 * them on a byte stream: header lines ("Content-Length: N", optionally
 * "Content-Type: ...; charset=utf-8"), each ending in CR LF, an empty
 * line, then N bytes of JSON in UTF-8.
 *
 * In: a descriptor to read (the editor's end of a pipe).  Out: one
 * message at a time as JSON, or what was wrong with it: bad JSON and an
 * oversized body are skipped (the next message is found by the length);
 * a header that gives no length leaves the stream unreadable (nothing
 * says where the next message starts), and so does input that ends.
 * Writing: one message, header and body, in one go.
 */
#ifndef ISBCHECK_JSONRPC_H
#define ISBCHECK_JSONRPC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define RPC_MAX_BODY ((size_t)64 << 20)	/* as infile.h: a buffer's text */
#define RPC_MAX_HEADER 8192		/* one header block */

enum rpc_status {
	RPC_MESSAGE,		/* *msg is the JSON value (not always an object) */
	RPC_BAD_JSON,		/* the body was not JSON: skipped */
	RPC_TOO_LARGE,		/* the body was over RPC_MAX_BODY: skipped */
	RPC_BAD_HEADER,		/* no usable Content-Length: stream lost */
	RPC_END,		/* the input ended (or could not be read) */
};

struct rpc_in {
	int fd;
	char *buf;		/* bytes read and not yet taken */
	size_t len, pos, cap;
};

/* The next message; why says what was wrong, if anything. */
enum rpc_status rpc_read(struct rpc_in *in, json_t **msg, char *why,
			 size_t whysize);
/* Is a message (or a part of one) waiting, so that reading won't block? */
bool rpc_pending(struct rpc_in *in);
void rpc_in_free(struct rpc_in *in);

/* Writes msg framed on fd; -1 if the other end is gone. */
int rpc_write(int fd, const json_t *msg);

#endif
