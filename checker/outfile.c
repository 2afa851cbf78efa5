// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE		/* mkostemp */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(struct outfile *o, const char *path)
{
	struct stat st;
	mode_t mode, mask;
	int fd;

	/* a link's target is the file to replace, not the link */
	if (!realpath(path, o->path)) {
		if (errno != ENOENT || strlen(path) >= sizeof(o->path))
			return -1;
		strcpy(o->path, path);
	}
	if (!stat(o->path, &st)) {
		if (S_ISDIR(st.st_mode)) {
			errno = EISDIR;
			return -1;
		}
		mode = st.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode = 0666 & ~mask;
	}
	snprintf(o->tmp, sizeof(o->tmp), "%s.isbcheck-XXXXXX", o->path);
	fd = mkostemp(o->tmp, O_CLOEXEC);	/* O_CREAT | O_EXCL */
	if (fd < 0)
		return -1;
	if (fchmod(fd, mode) || !(o->f = fdopen(fd, "w"))) {
		int e = errno;

		close(fd);
		unlink(o->tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int outfile_close(struct outfile *o, int ok)
{
	int e = 0;

	if (fflush(o->f) || fsync(fileno(o->f)))
		e = errno;
	if (fclose(o->f) && !e)
		e = errno;
	o->f = NULL;
	if (ok && !e && !rename(o->tmp, o->path))
		return 0;
	if (ok && !e)
		e = errno;
	unlink(o->tmp);
	errno = e ? e : EIO;
	return -1;
}
