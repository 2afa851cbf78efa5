// SPDX-License-Identifier: GPL-2.0
#include "flags.h"
#include "arena.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void push(struct flags *f, const char *s)
{
	VEC_PUSH(f->argv, f->argc, f->cap, xstrdup(s));
}

static char *find_flags_file(const char *file)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	char *slash;

	if (!realpath(file, dir))
		return NULL;
	for (;;) {
		slash = strrchr(dir, '/');
		if (!slash)
			return NULL;
		*slash = '\0';
		snprintf(path, sizeof(path), "%s/compile_flags.txt",
			 dir[0] ? dir : "");
		if (!access(path, R_OK))
			return xstrdup(path);
		if (!dir[0])
			return NULL;
	}
}

/* Options whose value is a path, joined ("-Ifoo") or separate. */
static const char *const path_opts[] = {
	"-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros",
};

static void push_relative(struct flags *f, const char *dir, const char *opt,
			  const char *path)
{
	char buf[PATH_MAX * 2];

	if (path[0] == '/')
		snprintf(buf, sizeof(buf), "%s%s", opt, path);
	else
		snprintf(buf, sizeof(buf), "%s%s/%s", opt, dir, path);
	push(f, buf);
}

static int read_flags_file(const char *path, struct flags *f, FILE *err)
{
	FILE *in = fopen(path, "r");
	char line[4096], dir[PATH_MAX], *slash;
	bool want_path = false;
	unsigned lineno = 0;

	if (!in) {
		fprintf(err, "%s: error: cannot read: %s\n", path,
			strerror(errno));
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	while (fgets(line, sizeof(line), in)) {
		size_t n = strlen(line);
		size_t i;

		lineno++;
		if (n && line[n - 1] != '\n' && !feof(in)) {
			fprintf(err, "%s:%u: error: line too long\n", path,
				lineno);
			fclose(in);
			return -1;
		}
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
			     line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (!n)
			continue;
		if (want_path) {
			push_relative(f, dir, "", line);
			want_path = false;
			continue;
		}
		for (i = 0; i < sizeof(path_opts) / sizeof(path_opts[0]); i++)
			if (!strcmp(line, path_opts[i]))
				break;
		if (i < sizeof(path_opts) / sizeof(path_opts[0])) {
			push(f, line);		/* the path is on the next line */
			want_path = true;
		} else if (!strncmp(line, "-I", 2)) {
			push_relative(f, dir, "-I", line + 2);
		} else {
			push(f, line);
		}
	}
	fclose(in);
	return 0;
}

int flags_for_file(const char *file, char *const *given, int ngiven,
		   bool have_given, struct flags *out, FILE *err)
{
	int i;

	memset(out, 0, sizeof(*out));
	if (have_given) {
		for (i = 0; i < ngiven; i++)
			push(out, given[i]);
		return 0;
	}
	out->source = find_flags_file(file);
	if (!out->source)
		return 0;
	return read_flags_file(out->source, out, err);
}

void flags_free(struct flags *f)
{
	int i;

	for (i = 0; i < f->argc; i++)
		free(f->argv[i]);
	free(f->argv);
	free(f->source);
	memset(f, 0, sizeof(*f));
}
