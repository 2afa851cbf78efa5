/* SPDX-License-Identifier: GPL-2.0 */
/*
 * srcroot.h - the source root: the directory that the paths of the
 * reports for other programs (SARIF, JSON, baselines, patches, mail) are
 * relative to, and the only tree that --fix and --fix-patch edit.
 *
 * In: --source-root=DIR, or else the checked files: the top of the git
 * work tree holding the first of them (a directory with a .git entry,
 * looking up from the file; GIT_CEILING_DIRECTORIES is honoured), or the
 * current directory.  Out: paths as the findings name them (relative to
 * the current directory, or absolute) made relative to the root when
 * they are below it, absolute otherwise.  Lexical: "a/../b" is "b", and
 * the file need not exist.  The gcc-style text output is not affected:
 * it names files as a compiler does, for editors.
 */
#ifndef ISBCHECK_SRCROOT_H
#define ISBCHECK_SRCROOT_H

#include <stdbool.h>
#include <stdio.h>

struct srcroot {
	char *dir;		/* absolute, symlinks resolved, no last '/' */
	char *cwd;		/* the current directory, the same way */
	bool git;		/* dir is the top of a git work tree */
};

/*
 * given: --source-root's DIR, or NULL for the default from files (paths
 * as given on the command line or absolute).  -1 after a message.
 */
int srcroot_init(struct srcroot *r, const char *given,
		 const char *const *files, int nfiles, FILE *err);

/*
 * path as the reports spell it: relative to the root if below it, else
 * absolute; malloc'ed.  r NULL (a report made without a run): path as is.
 */
char *srcroot_path(const struct srcroot *r, const char *path);

/* Is path (as the findings name it) below the root? */
bool srcroot_holds(const struct srcroot *r, const char *path);

void srcroot_free(struct srcroot *r);

/*
 * path (relative to cwd unless absolute) relative to base if it is below
 * it, else absolute; malloc'ed.  base and cwd are absolute; cwd NULL:
 * path is returned as is.
 */
char *path_relative(const char *path, const char *base, const char *cwd);

#endif
