/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cache.h - the front end's result for one TU (its functions' CFGs and
 * events), kept on disk so that a run over an unchanged tree parses
 * nothing.
 *
 * An entry is keyed by the isbcheck version, the rule texts, the working
 * directory, the file and its compiler arguments; it records every file
 * the parse read with a hash of its contents, and is used only if none of
 * them changed.  The analysis always runs on the loaded CFGs (it is cheap,
 * and across TUs its result depends on every other TU of the run).
 */
#ifndef ISBCHECK_CACHE_H
#define ISBCHECK_CACHE_H

#include "program.h"
#include "rules.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

uint64_t cache_key(const struct ruleset *rs, const char *file,
		   char *const *argv, int argc);
/* True on a hit: tu is filled and the parse's messages go to msgs. */
bool cache_load(const char *dir, uint64_t key, const struct ruleset *rs,
		struct tu *tu, FILE *msgs);
/* The same from an entry's path (for reading a whole summary directory). */
bool cache_load_path(const char *path, const struct ruleset *rs,
		     struct tu *tu, FILE *msgs);
/* Stores tu and the parse's messages; a failure only costs a re-parse. */
void cache_store(const char *dir, uint64_t key, const struct ruleset *rs,
		 const struct tu *tu, const char *msgs, size_t len);

#endif
