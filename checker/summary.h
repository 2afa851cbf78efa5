/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary.h - --summary-dir: Kbuild's CHECK= calls isbcheck once per
 * file, so each call records its TUs' program models in a directory and
 * analyses them together with every other TU recorded there (a second
 * make sees them all, as smatch's database does).
 *
 * In: the directory, this run's TUs and the keys of their jobs.  Out: the
 * entries recorded, and the TUs of other files, loaded for the analysis
 * only (their findings are their own run's).
 */
#ifndef ISBCHECK_SUMMARY_H
#define ISBCHECK_SUMMARY_H

#include "program.h"
#include "rules.h"

#include <stddef.h>
#include <stdint.h>

/* Records one of this run's TUs, with its parse messages. */
void summary_record(const char *dir, uint64_t key, const struct ruleset *rs,
		    const struct tu *tu, const char *msgs, size_t len);

/*
 * Loads every TU recorded in dir (in name order, unchanged since it was
 * recorded) whose main file is none of mine[0..nmine).  Returns how many;
 * *out is malloc'd, each TU to be freed with tu_free().
 */
int summary_load_others(const char *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out);

/*
 * The same, with one TU per main file: the one of the newest entry (a
 * cache directory holds an entry for each set of flags and each version
 * of the rules a file was parsed with; those whose files changed since
 * are not loaded).  For the language server, which takes the files of
 * the last -p run from a summary or cache directory.
 */
int summary_load_latest(const char *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out);

#endif
