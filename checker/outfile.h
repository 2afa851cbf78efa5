/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outfile.h - a file written whole or not at all: the text goes to a
 * temporary file made exclusively beside it, which is synced and renamed
 * over it only once complete, so a full disk or a crash leaves the old
 * file as it was.  The new file has the old one's mode (or 0666 less the
 * umask); a path that is a symbolic link has its target replaced.
 *
 * In: a path.  Out: a stream to write to, then 0 once the file is in
 * place, or -1 with errno (the temporary file removed).
 */
#ifndef ISBCHECK_OUTFILE_H
#define ISBCHECK_OUTFILE_H

#include <limits.h>
#include <stdio.h>

struct outfile {
	char path[PATH_MAX];	/* the file replaced */
	char tmp[PATH_MAX + 32];
	FILE *f;
};

/* Opens o->f; -1 with errno. */
int outfile_open(struct outfile *o, const char *path);
/* Puts the file in place (ok: everything was written); -1 with errno. */
int outfile_close(struct outfile *o, int ok);

#endif
