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

void summary_record(const char *dir, uint64_t key, const struct ruleset *rs,
		    const struct tu *tu, const char *msgs, size_t len)
{
	cache_store(dir, key, rs, tu, msgs, len);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_entry(const char *name)
{
	const char *ext = strstr(name, ".cfg");

	return ext && !strcmp(ext, ".cfg");
}

/* An entry's name and when it was written, for the newest first. */
struct entry {
	char *name;
	struct timespec mtime;
};

static int cmp_newest(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->mtime.tv_sec != y->mtime.tv_sec)
		return x->mtime.tv_sec < y->mtime.tv_sec ? 1 : -1;
	if (x->mtime.tv_nsec != y->mtime.tv_nsec)
		return x->mtime.tv_nsec < y->mtime.tv_nsec ? 1 : -1;
	return strcmp(x->name, y->name);
}

int summary_load_latest(const char *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct entry *es = NULL;
	struct tu *tus = NULL;
	int nes = 0, cap = 0, n = 0, tcap = 0, i;
	FILE *null;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d))) {
		char path[PATH_MAX * 2];
		struct stat st;

		if (!is_entry(de->d_name))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st))
			continue;
		VEC_PUSH(es, nes, cap, ((struct entry){ xstrdup(de->d_name),
							st.st_mtim }));
	}
	closedir(d);
	if (nes)
		qsort(es, (size_t)nes, sizeof(*es), cmp_newest);
	null = fopen("/dev/null", "w");	/* others' messages are theirs */
	for (i = 0; i < nes; i++) {
		char path[PATH_MAX * 2];
		struct tu tu = { 0 };
		bool skip = false;

		snprintf(path, sizeof(path), "%s/%s", dir, es[i].name);
		if (null && cache_load_path(path, rs, &tu, null)) {
			for (int k = 0; k < nmine && !skip; k++)
				skip = !strcmp(mine[k], tu.main_file);
			for (int k = 0; k < n && !skip; k++)
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

int summary_load_others(const char *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	struct tu *tus = NULL;
	int nnames = 0, cap = 0, n = 0, tcap = 0, i;
	FILE *null;

	*out = NULL;
	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (is_entry(de->d_name))
			VEC_PUSH(names, nnames, cap, xstrdup(de->d_name));
	closedir(d);
	qsort(names, (size_t)nnames, sizeof(*names), cmp_str);
	null = fopen("/dev/null", "w");	/* others' messages are theirs */
	for (i = 0; i < nnames; i++) {
		char path[PATH_MAX * 2];
		struct tu tu = { 0 };
		bool is_mine = false;

		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (null && cache_load_path(path, rs, &tu, null)) {
			for (int k = 0; k < nmine && !is_mine; k++)
				is_mine = !strcmp(mine[k], tu.main_file);
			if (is_mine)
				tu_free(&tu);
			else
				VEC_PUSH(tus, n, tcap, tu);
		}
		free(names[i]);
	}
	if (null)
		fclose(null);
	free(names);
	*out = tus;
	return n;
}
