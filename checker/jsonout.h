/* SPDX-License-Identifier: GPL-2.0 */
/*
 * jsonout.h - what the JSON and SARIF reports share (both built with
 * jansson): strings made safe for JSON, an item's parts as JSON values,
 * a finding's fingerprint, and writing the document.
 *
 * In: items and C strings from the sources (any bytes).  Out: jansson
 * values (new references), or the document on a stream.
 */
#ifndef ISBCHECK_JSONOUT_H
#define ISBCHECK_JSONOUT_H

#include "output.h"

#include <jansson.h>
#include <stdio.h>

/*
 * s as a JSON string (null for NULL).  JSON text is UTF-8: bytes that
 * are not (a file name or comment in Latin-1) become U+FFFD.
 */
json_t *jsonout_str(const char *s);
/* obj[key] = val, taking val's reference (kept in insertion order). */
void jsonout_set(json_t *obj, const char *key, json_t *val);
/* "a\nb\n" -> ["a", "b"]: the lines of s without their newlines. */
json_t *jsonout_lines(const char *s);

/*
 * A finding's identity across runs, unchanged when lines move: a hash of
 * its files (relative to the source root), write and access functions,
 * rule and registers, then ":N" for the Nth item of the run with that
 * hash ("3f0c...:1").  out needs JSONOUT_FP_SIZE bytes.
 */
#define JSONOUT_FP_SIZE 32
void jsonout_fingerprints(const struct run *r, char (*out)[JSONOUT_FP_SIZE]);

/*
 * Writes doc (pretty-printed, two spaces, keys in insertion order, a
 * final newline) and drops its reference.  -1 after a message on err.
 */
int jsonout_dump(json_t *doc, FILE *out, FILE *err, const char *format);

#endif
