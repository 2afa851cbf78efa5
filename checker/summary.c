// SPDX-License-Identifier: GPL-2.0
#include "summary.h"
#include "arena.h"
#include "cache.h"

#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void summary_record(struct cache *dir, uint64_t key, const struct ruleset *rs,
		    const struct tu *tu, char *const *argv, int argc,
		    const char *msgs, size_t len)
{
	cache_store(dir, key, rs, tu, argv, argc, msgs, len);
}

/* An entry's name and, for summary_load_latest(), when it was written. */
struct entry {
	char *name;
	struct timespec mtime;
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static int cmp_newest(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? 1 : -1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* KEY.cfg (not a file being written, .KEY.XXXXXX) */
static bool is_entry(const char *name)
{
	size_t l = strlen(name);

	return name[0] != '.' && l > 4 && !strcmp(name + l - 4, ".cfg");
}

/* dir's entries, in cmp's order; with their times if times. */
static int list_entries(struct cache *dir, bool times,
			int (*cmp)(const void *, const void *),
			struct entry **out)
{
	DIR *d = opendir(cache_dir(dir));
	struct dirent *de;
	struct entry *es = NULL;
	int nes = 0, cap = 0;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		struct entry e = { 0 };

		if (!is_entry(de->d_name))
			continue;
		if (times) {
			char path[PATH_MAX * 2];
			struct stat st;

			snprintf(path, sizeof(path), "%s/%s", cache_dir(dir),
				 de->d_name);
			if (stat(path, &st))
				continue;
			e.mtime = st.st_mtim;
		}
		e.name = xstrdup(de->d_name);
		VEC_PUSH(es, nes, cap, e);
	}
	closedir(d);
	if (nes)
		qsort(es, (size_t)nes, sizeof(*es), cmp);
	*out = es;
	return nes;
}

/*
 * Loads es[] in order (each checked whole by cache.h; a damaged one is
 * left out with a note), keeping the TUs whose main file is none of
 * mine[] and, if latest, not that of a TU kept before.  Frees es[].
 */
static int load_entries(struct cache *dir, const struct ruleset *rs,
			struct entry *es, int nes, const char *const *mine,
			int nmine, bool latest, struct tu **out, FILE *notes)
{
	struct tu *tus = NULL;
	int n = 0, tcap = 0, i;
	FILE *null = fopen("/dev/null", "w");	/* others' messages are theirs */

	for (i = 0; i < nes; i++) {
		char path[PATH_MAX * 2];
		struct tu tu = { 0 };
		bool skip = false;

		snprintf(path, sizeof(path), "%s/%s", cache_dir(dir),
			 es[i].name);
		if (null && cache_load_path(dir, path, rs, &tu, null, notes)) {
			for (int k = 0; k < nmine && !skip; k++)
				skip = !strcmp(mine[k], tu.main_file);
			for (int k = 0; latest && k < n && !skip; k++)
				skip = !strcmp(tus[k].main_file, tu.main_file);
			if (skip)
				tu_free(&tu);
			else
				VEC_PUSH(tus, n, tcap, tu);
		}
		free(es[i].name);
	}
	if (null)
		fclose(null);
	free(es);
	*out = tus;
	return n;
}

int summary_load_latest(struct cache *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out,
			FILE *notes)
{
	struct entry *es;
	int nes = list_entries(dir, true, cmp_newest, &es);

	return load_entries(dir, rs, es, nes, mine, nmine, true, out, notes);
}

int summary_load_others(struct cache *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out,
			FILE *notes)
{
	struct entry *es;
	int nes = list_entries(dir, false, cmp_name, &es);

	return load_entries(dir, rs, es, nes, mine, nmine, false, out, notes);
}
