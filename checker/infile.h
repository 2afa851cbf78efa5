/* SPDX-License-Identifier: GPL-2.0 */
/*
 * infile.h - the files isbcheck reads: regular files of at most
 * INFILE_MAX_BYTES, never a directory, device, FIFO or socket, nor a file
 * of /proc or /sys (whose sizes say nothing of what reading returns).  A
 * FIFO is never opened in a way that waits for a writer.
 *
 * A compilation database may be larger than the limit (a whole tree's):
 * its readers pass INFILE_NO_LIMIT.
 *
 * In: a path.  Out: an open descriptor or the file's bytes, or why not as
 * a phrase for "PATH: error: PHRASE" ("is a directory", "not a regular
 * file", "larger than 64 MiB, ...", or strerror's text).
 *
 * While the front end parses, every file libclang opens is checked the
 * same way (infile_guard_begin/end; directories are let through):
 * libclang reads the files it parses to their end whatever their size
 * says (it treats them as volatile, being edited), so an #include of
 * /dev/zero fills memory and one of a FIFO waits forever, where clang
 * itself reads /dev/zero as empty.  libclang opens files with open(),
 * which this module defines in front of the C library's; a refused open
 * fails with EINVAL and the path is kept for the guard of the thread it
 * happened on (libclang must parse on the caller's thread:
 * LIBCLANG_NOTHREADS, set by main.c).
 */
#ifndef ISBCHECK_INFILE_H
#define ISBCHECK_INFILE_H

#include <stddef.h>
#include <stdio.h>

#define INFILE_MAX_BYTES ((size_t)64 << 20)
#define INFILE_NO_LIMIT ((size_t)-1)

/*
 * Why path is not a file to read (looked at, not opened), or NULL; errno
 * is stat's, or EINVAL when the file is there but refused.
 */
const char *infile_why_not(const char *path, size_t max);
/* A descriptor open for reading, or -1 with *why set. */
int infile_open(const char *path, size_t max, const char **why);
/* The same as a stdio stream ("r"). */
FILE *infile_fopen(const char *path, size_t max, const char **why);
/*
 * The whole file (at most INFILE_MAX_BYTES), NUL-terminated (its *len
 * bytes may hold NULs), malloc'd; -1 with *why set.
 */
int infile_read(const char *path, char **text, size_t *len,
		const char **why);

/* Checks libclang's opens on this thread until infile_guard_end(). */
void infile_guard_begin(void);
/*
 * Ends the check.  Returns the first path refused since the begin
 * (malloc'd, with *why), or NULL if none was.
 */
char *infile_guard_end(const char **why);

#endif
