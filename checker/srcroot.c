// SPDX-License-Identifier: GPL-2.0
#include "srcroot.h"
#include "arena.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Appends to path[*n] the segment s of length len, resolving . and .. */
static void push_segment(char *path, size_t *n, const char *s, size_t len)
{
	if (!len || (len == 1 && s[0] == '.'))
		return;
	if (len == 2 && s[0] == '.' && s[1] == '.') {
		while (*n && path[*n - 1] != '/')
			(*n)--;
		if (*n)
			(*n)--;		/* its '/'; "/.." is "/" */
		return;
	}
	path[(*n)++] = '/';
	memcpy(path + *n, s, len);
	*n += len;
}

/* cwd/path (or path, if absolute) with . and .. resolved; malloc'ed. */
static char *absolute(const char *path, const char *cwd)
{
	const char *part[2] = { cwd, path }, *s;
	char *abs = xmalloc(strlen(cwd) + strlen(path) + 3);
	size_t n = 0;

	for (int k = path[0] == '/'; k < 2; k++)
		for (s = part[k]; *s; s += strspn(s, "/")) {
			size_t len = strcspn(s, "/");

			push_segment(abs, &n, s, len);
			s += len;
		}
	if (!n)
		abs[n++] = '/';
	abs[n] = '\0';
	return abs;
}

/* Length of base without its final '/'s ("/" is 0: everything is below). */
static size_t base_len(const char *base)
{
	size_t l = strlen(base);

	while (l && base[l - 1] == '/')
		l--;
	return l;
}

static bool below(const char *abs, const char *base)
{
	size_t l = base_len(base);

	return strlen(abs) > l && !strncmp(abs, base, l) && abs[l] == '/';
}

char *path_relative(const char *path, const char *base, const char *cwd)
{
	char *abs;
	size_t l;

	if (!cwd || cwd[0] != '/')
		return xstrdup(path);
	abs = absolute(path, cwd);
	if (base && base[0] == '/' && below(abs, base)) {
		l = base_len(base);
		memmove(abs, abs + l + 1, strlen(abs + l + 1) + 1);
	}
	return abs;
}

char *srcroot_path(const struct srcroot *r, const char *path)
{
	if (!r || !path)
		return xstrdup(path ? path : "");
	return path_relative(path, r->dir, r->cwd);
}

bool srcroot_holds(const struct srcroot *r, const char *path)
{
	char *abs;
	bool in;

	if (!r)
		return true;
	abs = absolute(path, r->cwd);
	in = below(abs, r->dir);
	free(abs);
	return in;
}

/* Is dir one of GIT_CEILING_DIRECTORIES (which git does not go up into)? */
static bool ceiling(const char *dir)
{
	const char *list = getenv("GIT_CEILING_DIRECTORIES");

	while (list && *list) {
		size_t l = strcspn(list, ":");
		char buf[PATH_MAX], real[PATH_MAX];

		if (l && l < sizeof(buf)) {
			memcpy(buf, list, l);
			buf[l] = '\0';
			if (!strcmp(realpath(buf, real) ? real : buf, dir))
				return true;
		}
		list += l + (list[l] == ':');
	}
	return false;
}

/* The top of the git work tree holding dir (absolute), or NULL. */
static char *git_top(const char *dir)
{
	char *d = xstrdup(dir), *slash;
	char probe[PATH_MAX + 8];
	struct stat st;

	for (;;) {
		snprintf(probe, sizeof(probe), "%s/.git", d[1] ? d : "");
		if (!lstat(probe, &st))
			return d;
		slash = strrchr(d, '/');
		if (!slash || !d[1])
			break;
		slash[slash == d] = '\0';	/* "/a" -> "/" */
		if (ceiling(d))
			break;
	}
	free(d);
	return NULL;
}

int srcroot_init(struct srcroot *r, const char *given,
		 const char *const *files, int nfiles, FILE *err)
{
	char buf[PATH_MAX], real[PATH_MAX], *slash, *top = NULL;

	memset(r, 0, sizeof(*r));
	r->cwd = xstrdup(getcwd(buf, sizeof(buf)) ? buf : "/");
	if (given) {
		struct stat st;

		errno = 0;
		if (!realpath(given, real) || stat(real, &st) ||
		    !S_ISDIR(st.st_mode)) {
			fprintf(err, "%s: error: --source-root: %s\n", given,
				errno ? strerror(errno) : "not a directory");
			return -1;
		}
		r->dir = xstrdup(real);
		top = git_top(real);
		r->git = top != NULL;
		free(top);
		return 0;
	}
	if (nfiles) {
		/* the first file decides */
		char *abs = absolute(files[0], r->cwd);

		snprintf(buf, sizeof(buf), "%s", realpath(abs, real) ? real : abs);
		free(abs);
		slash = strrchr(buf, '/');
		if (slash)
			slash[slash == buf] = '\0';
		top = git_top(buf);
	}
	r->git = top != NULL;
	r->dir = top ? top : xstrdup(r->cwd);
	return 0;
}

void srcroot_free(struct srcroot *r)
{
	free(r->dir);
	free(r->cwd);
	r->dir = r->cwd = NULL;
}
