/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary.h - --summary-dir: Kbuild's CHECK= calls isbcheck once per
 * file, so each call records its TUs' program models in a directory and
 * analyses them together with every other TU recorded there (a second
 * make sees them all, as smatch's database does).
 *
 * In: the directory (opened as a cache.h directory of entries), this
 * run's TUs and the keys of their jobs.  Out: the entries recorded, and
 * the TUs of other files, loaded for the analysis only (their findings
 * are their own run's).  An entry is checked whole as a cache entry is;
 * a damaged one is left out with a note.
 */
#ifndef ISBCHECK_SUMMARY_H
#define ISBCHECK_SUMMARY_H

#include "cache.h"
#include "program.h"
#include "rules.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Records one of this run's TUs (parsed with argv), with its messages. */
void summary_record(struct cache *dir, uint64_t key, const struct ruleset *rs,
		    const struct tu *tu, char *const *argv, int argc,
		    const char *msgs, size_t len);

/*
 * Loads every TU recorded in dir (in name order, unchanged since it was
 * recorded) whose main file is none of mine[0..nmine).  Returns how many;
 * *out is malloc'd, each TU to be freed with tu_free().  Notes about
 * damaged entries go to notes.
 */
int summary_load_others(struct cache *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out,
			FILE *notes);

/*
 * The same, with one TU per main file: the one of the newest entry (a
 * cache directory holds an entry for each set of flags and each version
 * of the rules a file was parsed with; those whose files changed since
 * are not loaded).  Newest by time stamp: written last, or used last by
 * a run (a hit keeps an entry young, cache.h).  dir is to be opened with
 * cache_open_read(), whose loads do not count as uses: otherwise loading
 * every entry would make the older ones the newest.  For the language
 * server, which takes the files of the last -p run from a summary or
 * cache directory.
 */
int summary_load_latest(struct cache *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out,
			FILE *notes);

#endif
