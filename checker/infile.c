// SPDX-License-Identifier: GPL-2.0
#include "infile.h"
#include "arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PROC_MAGIC 0x9fa0	/* linux/magic.h: PROC_SUPER_MAGIC */
#define SYSFS_MAGIC 0x62656572
#define TOO_LARGE "larger than 64 MiB, the limit for a file isbcheck reads"

/* Why st (of fd, if >= 0) is not a file to read; NULL if it is. */
static const char *refuse(const struct stat *st, int fd, size_t max)
{
	struct statfs fs;

	if (S_ISDIR(st->st_mode))
		return "is a directory";
	if (!S_ISREG(st->st_mode))
		return "not a regular file";
	if ((size_t)st->st_size > max)
		return TOO_LARGE;
	if (fd >= 0 && !fstatfs(fd, &fs) &&
	    (fs.f_type == PROC_MAGIC || fs.f_type == SYSFS_MAGIC))
		return "a file of /proc or /sys, not a source";
	return NULL;
}

/*
 * Opens path for reading with flags, never waiting on a FIFO: the path
 * is looked at first, then opened without blocking and looked at again
 * (it may have been replaced in between).  let_dirs: a directory is
 * opened, not refused.
 */
static int open_checked(const char *path, int flags, size_t max,
			bool let_dirs, const char **why, bool *refused)
{
	struct stat st;
	int fd;

	*refused = false;
	if (stat(path, &st)) {
		*why = strerror(errno);
		return -1;
	}
	if (let_dirs && S_ISDIR(st.st_mode))
		return openat(AT_FDCWD, path, flags);
	if ((*why = refuse(&st, -1, max))) {
		*refused = true;
		errno = EINVAL;
		return -1;
	}
	fd = openat(AT_FDCWD, path, flags | O_NONBLOCK);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	if (fstat(fd, &st)) {
		*why = strerror(errno);
		close(fd);
		return -1;
	}
	if ((*why = refuse(&st, fd, max))) {
		close(fd);
		*refused = true;
		errno = EINVAL;
		return -1;
	}
	if (!(flags & O_NONBLOCK))
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

const char *infile_why_not(const char *path, size_t max)
{
	struct stat st;

	const char *why;

	if (stat(path, &st))
		return strerror(errno);
	why = refuse(&st, -1, max);
	if (why)
		errno = EINVAL;
	return why;
}

int infile_open(const char *path, size_t max, const char **why)
{
	bool refused;

	return open_checked(path, O_RDONLY | O_CLOEXEC, max, false, why,
			    &refused);
}

FILE *infile_fopen(const char *path, size_t max, const char **why)
{
	int fd = infile_open(path, max, why);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r");
	if (!f) {
		*why = strerror(errno);
		close(fd);
	}
	return f;
}

int infile_read(const char *path, char **text, size_t *len,
		const char **why)
{
	int fd = infile_open(path, INFILE_MAX_BYTES, why);
	size_t n = 0, cap = 4096;
	char *buf;

	if (fd < 0)
		return -1;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t got;

		if (n + 1 >= cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		got = read(fd, buf + n, cap - n - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*why = strerror(errno);
			break;
		}
		if (!got) {
			close(fd);
			buf[n] = '\0';
			*text = buf;
			*len = n;
			return 0;
		}
		n += (size_t)got;
		if (n > INFILE_MAX_BYTES) {	/* grew while read */
			*why = TOO_LARGE;
			break;
		}
	}
	close(fd);
	free(buf);
	return -1;
}

/*
 * The parses under way: while there is one, every thread's opens are
 * checked (libclang may parse on a thread of its own: see main.c's
 * LIBCLANG_NOTHREADS); a refusal is kept for the guard of the thread it
 * happened on.
 */
static int guards;
static __thread bool guard_on;
static __thread char *guard_refused;
static __thread const char *guard_why;

void infile_guard_begin(void)
{
	__atomic_add_fetch(&guards, 1, __ATOMIC_SEQ_CST);
	guard_on = true;
	free(guard_refused);
	guard_refused = NULL;
}

char *infile_guard_end(const char **why)
{
	char *r = guard_refused;

	__atomic_sub_fetch(&guards, 1, __ATOMIC_SEQ_CST);
	guard_on = false;
	guard_refused = NULL;
	*why = guard_why;
	return r;
}

/*
 * The C library's open() as libclang (libLLVM) calls it: the build exports
 * this definition (-Wl,--export-dynamic-symbol=open), so it comes first.
 * Outside a guard, and for anything but a read, it is the C library's.
 */
int open(const char *path, int flags, ...)
{
	const char *why;
	bool refused;
	int mode = 0, fd;

	if (flags & (O_CREAT | __O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, int);
		va_end(ap);
	}
	if ((!guard_on && !__atomic_load_n(&guards, __ATOMIC_SEQ_CST)) ||
	    (flags & O_ACCMODE) != O_RDONLY)
		return openat(AT_FDCWD, path, flags, mode);
	fd = open_checked(path, flags, INFILE_MAX_BYTES, true, &why, &refused);
	if (refused && guard_on && !guard_refused) {
		guard_refused = xstrdup(path);
		guard_why = why;
	}
	return fd;
}
