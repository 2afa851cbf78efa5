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

void summary_record(struct cache *dir, uint64_t key, const struct ruleset *rs,
		    const struct tu *tu, char *const *argv, int argc,
		    const char *msgs, size_t len)
{
	cache_store(dir, key, rs, tu, argv, argc, msgs, len);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* KEY.cfg (not a file being written, .KEY.XXXXXX) */
static bool is_entry(const char *name)
{
	size_t l = strlen(name);

	return name[0] != '.' && l > 4 && !strcmp(name + l - 4, ".cfg");
}

int summary_load_others(struct cache *dir, const struct ruleset *rs,
			const char *const *mine, int nmine, struct tu **out,
			FILE *notes)
{
	DIR *d = opendir(cache_dir(dir));
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

		snprintf(path, sizeof(path), "%s/%s", cache_dir(dir),
			 names[i]);
		if (null && cache_load_path(dir, path, rs, &tu, null, notes)) {
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
