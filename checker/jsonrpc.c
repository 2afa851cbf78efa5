// SPDX-License-Identifier: GPL-2.0
#include "jsonrpc.h"
#include "arena.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Reads more into the buffer; false at the end of input or on error. */
static bool fill(struct rpc_in *in)
{
	ssize_t got;

	if (in->pos && in->pos == in->len)
		in->pos = in->len = 0;
	if (in->pos > in->cap / 2) {	/* keep the buffer from creeping */
		memmove(in->buf, in->buf + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	if (in->len == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 65536;
		in->buf = xrealloc(in->buf, in->cap);
	}
	do
		got = read(in->fd, in->buf + in->len, in->cap - in->len);
	while (got < 0 && errno == EINTR);
	if (got <= 0)
		return false;
	in->len += (size_t)got;
	return true;
}

/*
 * The header block's end (the first byte after its empty line) once it
 * is in the buffer, or 0 if it is not complete yet.  Lines may end in a
 * bare LF too, as some clients write them.
 */
static size_t header_end(const struct rpc_in *in)
{
	const char *p, *end;

	if (!in->buf)
		return 0;	/* nothing read yet */
	p = in->buf + in->pos;
	end = in->buf + in->len;
	for (const char *nl = p; (nl = memchr(nl, '\n', (size_t)(end - nl)));
	     nl++) {
		const char *next = nl + 1;

		if (next < end && *next == '\n')
			return (size_t)(next + 1 - in->buf);
		if (next + 1 < end && next[0] == '\r' && next[1] == '\n')
			return (size_t)(next + 2 - in->buf);
	}
	return 0;
}

/* Content-Length from the header block [from, to); -1 if none or bad. */
static long long content_length(const char *from, const char *to, char *why,
				size_t whysize)
{
	long long len = -1;

	while (from < to) {
		const char *nl = memchr(from, '\n', (size_t)(to - from));
		size_t n = (size_t)((nl ? nl : to) - from);
		const char *colon = memchr(from, ':', n);

		if (n && from[n - 1] == '\r')
			n--;
		if (colon && (size_t)(colon - from) == 14 &&
		    !strncasecmp(from, "Content-Length", 14)) {
			const char *v = colon + 1;
			char *end;

			while (v < from + n && (*v == ' ' || *v == '\t'))
				v++;
			errno = 0;
			len = v < from + n && *v >= '0' && *v <= '9' ?
			      strtoll(v, &end, 10) : -1;
			if (len >= 0 && (errno || end != from + n)) {
				while (end < from + n && (*end == ' ' ||
							  *end == '\t'))
					end++;
				if (errno || end != from + n)
					len = -1;
			}
			if (len < 0) {
				snprintf(why, whysize, "Content-Length is not a number: '%.*s'",
					 (int)(n > 40 ? 40 : n), from);
				return -1;
			}
		}
		from = nl ? nl + 1 : to;
	}
	if (len < 0)
		snprintf(why, whysize, "a header without Content-Length");
	return len;
}

/* Drops n bytes of input (a body too large to keep); false at the end. */
static bool skip(struct rpc_in *in, unsigned long long n)
{
	while (n) {
		size_t have = in->len - in->pos;

		if (!have) {
			if (!fill(in))
				return false;
			continue;
		}
		if (have > n)
			have = (size_t)n;
		in->pos += have;
		n -= have;
	}
	return true;
}

enum rpc_status rpc_read(struct rpc_in *in, json_t **msg, char *why,
			 size_t whysize)
{
	size_t hend;
	long long len;
	json_error_t je;

	*msg = NULL;
	why[0] = '\0';
	while (!(hend = header_end(in))) {
		if (in->len - in->pos > RPC_MAX_HEADER) {
			snprintf(why, whysize, "a header longer than %d bytes",
				 RPC_MAX_HEADER);
			return RPC_BAD_HEADER;
		}
		if (!fill(in)) {
			if (in->len > in->pos)
				snprintf(why, whysize, "the input ended inside a header");
			return RPC_END;
		}
	}
	len = content_length(in->buf + in->pos, in->buf + hend, why, whysize);
	if (len < 0)
		return RPC_BAD_HEADER;
	in->pos = hend;
	if ((unsigned long long)len > RPC_MAX_BODY) {
		snprintf(why, whysize, "a message of %lld bytes, over the limit of %zu",
			 len, RPC_MAX_BODY);
		return skip(in, (unsigned long long)len) ? RPC_TOO_LARGE :
							    RPC_END;
	}
	while (in->len - in->pos < (size_t)len)
		if (!fill(in)) {
			snprintf(why, whysize, "the input ended inside a message");
			return RPC_END;
		}
	*msg = json_loadb(in->buf + in->pos, (size_t)len,
			  JSON_ALLOW_NUL | JSON_DECODE_ANY, &je);
	in->pos += (size_t)len;
	if (!*msg) {
		snprintf(why, whysize, "not JSON: %s at byte %d", je.text,
			 je.position);
		return RPC_BAD_JSON;
	}
	return RPC_MESSAGE;
}

bool rpc_pending(struct rpc_in *in)
{
	struct pollfd p = { .fd = in->fd, .events = POLLIN };

	if (in->len > in->pos)
		return true;
	return poll(&p, 1, 0) > 0;
}

void rpc_in_free(struct rpc_in *in)
{
	free(in->buf);
	in->buf = NULL;
	in->len = in->pos = in->cap = 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int rpc_write(int fd, const json_t *msg)
{
	char *body = json_dumps(msg, JSON_COMPACT | JSON_ENSURE_ASCII);
	char head[64];
	int rc;

	if (!body)
		return -1;
	snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n",
		 strlen(body));
	rc = write_all(fd, head, strlen(head)) ||
	     write_all(fd, body, strlen(body)) ? -1 : 0;
	free(body);
	return rc;
}
