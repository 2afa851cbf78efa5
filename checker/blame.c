// SPDX-License-Identifier: GPL-2.0
#include "blame.h"
#include "arena.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* git blame --porcelain's output for the line, or NULL; malloc'ed. */
static char *run_blame(const char *top, const char *file, unsigned line)
{
	char range[32], *out = NULL;
	char *argv[] = { "git", "-C", (char *)top, "blame", "--porcelain",
			 "-L", range, "--", (char *)file, NULL };
	posix_spawn_file_actions_t fa;
	size_t len = 0, cap = 0;
	int fd[2], status;
	pid_t pid;
	ssize_t n;

	snprintf(range, sizeof(range), "%u,%u", line, line);
	if (pipe(fd))
		return NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (posix_spawnp(&pid, "git", &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[1]);
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = cap ? 2 * cap : 8192;
			out = xrealloc(out, cap);
		}
		n = read(fd[0], out + len, cap - len - 1);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || !len) {
		free(out);
		return NULL;
	}
	out[len] = '\0';
	return out;
}

bool blame_line(const char *top, const char *file, unsigned line,
		struct blame *b)
{
	char *out = line ? run_blame(top, file, line) : NULL;
	const char *s;
	size_t l;

	/* "<40 hex> <orig> <final> <n>", then "summary <subject>" */
	if (!out || strspn(out, "0123456789abcdef") < 40 ||
	    strspn(out, "0") >= 40) {	/* all zeros: not committed yet */
		free(out);
		return false;
	}
	memcpy(b->hash, out, 12);
	b->hash[12] = '\0';
	s = strstr(out, "\nsummary ");
	s = s ? s + 9 : "";
	l = strcspn(s, "\n");
	b->subject = xmalloc(l + 1);
	memcpy(b->subject, s, l);
	b->subject[l] = '\0';
	free(out);
	return true;
}
