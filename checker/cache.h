/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cache.h - the front end's result for one TU (its functions' CFGs and
 * events), kept on disk so that a run over an unchanged tree parses
 * nothing; the same entries make up a --summary-dir.
 *
 * An entry is keyed by this build of isbcheck and of libclang
 * (buildid.h), the rule texts, the file (as given and resolved), the
 * directory its command runs in (the entry's, or isbcheck's own for a
 * FILE with no compilation database) and its compiler arguments.  It
 * records every file the parse read with a hash of its contents, and
 * every path at which a new header would be read in place of one of
 * them (incsearch.h); it is used only if none of those files changed and
 * none of those paths exists.  Names are resolved as the front end
 * resolves them, so an entry written from one directory serves a run
 * from any other, unless the parse printed messages (which name files
 * as seen from where isbcheck ran): then only from the same directory.
 *
 * Every entry read is checked whole before anything of it is used: its
 * checksum, each record (numbers in range, strings well formed, block,
 * successor and register indices valid, counts as declared), then the TU
 * (every callee defined).  A damaged entry is not used: one note, and
 * the file is parsed again (a summary entry is left out).  The analysis
 * always runs on the loaded CFGs (it is cheap, and across TUs its result
 * depends on every other TU of the run).
 *
 * Entries are written whole and renamed into place, so runs in parallel
 * may share a directory.  A directory that cannot be used (not a
 * directory, read-only, full) costs one note and the run goes on without
 * it.
 */
#ifndef ISBCHECK_CACHE_H
#define ISBCHECK_CACHE_H

#include "program.h"
#include "rules.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What a directory of entries is for: the words of its notes. */
enum cache_use {
	CACHE_PARSES,		/* --cache-dir: a damaged entry is re-parsed */
	CACHE_SUMMARIES,	/* --summary-dir: it is left out */
};

struct cache;

/*
 * The directory, created (with its parents) if missing and checked
 * writable; NULL after one note to err if it cannot be used.
 */
struct cache *cache_open(const char *dir, enum cache_use use, FILE *err);
/*
 * The directory as it is, for a reader that must leave it so (the
 * language server): not created nor checked writable, nothing stored
 * or pruned, and an entry read is not kept young.  NULL after one note
 * to err if it is not a directory.  What is known of each file is kept
 * until cache_close(), as files do not change during a run: a reader
 * that lives longer opens the directory again for each load.
 */
struct cache *cache_open_read(const char *dir, enum cache_use use,
			      FILE *err);
/* Says once, to err, if writing stopped during the run. */
void cache_report(struct cache *c, FILE *err);
void cache_close(struct cache *c);
const char *cache_dir(const struct cache *c);

/* dir: the directory the command runs in (NULL: the current one). */
uint64_t cache_key(const struct ruleset *rs, const char *file,
		   const char *dir, char *const *argv, int argc);

/*
 * True on a hit: tu is filled and the parse's messages go to msgs.  A
 * damaged entry is a miss, with a note to notes.  Thread-safe.
 */
bool cache_load(struct cache *c, uint64_t key, const struct ruleset *rs,
		struct tu *tu, FILE *msgs, FILE *notes);
/* The same from an entry's path, whatever its key (a summary entry). */
bool cache_load_path(struct cache *c, const char *path,
		     const struct ruleset *rs, struct tu *tu, FILE *msgs,
		     FILE *notes);
/*
 * Stores tu (parsed with argv) and the parse's messages.  A failure
 * only costs a re-parse; one that says the directory cannot be written
 * (read-only, full) stops storing, for cache_report().  Thread-safe.
 */
void cache_store(struct cache *c, uint64_t key, const struct ruleset *rs,
		 const struct tu *tu, char *const *argv, int argc,
		 const char *msgs, size_t len);

/*
 * Reads an entry from memory, checking it whole as above but without
 * its checksum and without looking at the files it names (for the
 * fuzzer).  0, or -1 with *line and why (a phrase, at most size bytes).
 */
int cache_parse(char *text, size_t len, const struct ruleset *rs,
		struct tu *tu, FILE *msgs, int *line, char *why, size_t size);

#endif
