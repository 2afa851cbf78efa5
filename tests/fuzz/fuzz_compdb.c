// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: compile_commands.json handling.  The input is a
 * directory's compile_commands.json, read as -p reads it (libclang's
 * loader, then compdb.c's cleaning) and as a FILE's nearest database
 * (flags.c's reader); its lines are also a Kbuild-style command line.
 */
#include "compdb.h"
#include "flags.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static char db[96], src[96];

static void cleanup(void)
{
	unlink(db);
	unlink(src);
	rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jobs jobs = { 0 };
	char *files[1] = { src }, *text, *argv[64];
	int argc = 0;
	FILE *f, *null = fopen("/dev/null", "w");

	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/isbcheck-fuzz-compdb-%d",
			 (int)getpid());
		snprintf(db, sizeof(db), "%s/compile_commands.json", dir);
		snprintf(src, sizeof(src), "%s/a.c", dir);
		mkdir(dir, 0700);
		atexit(cleanup);
		f = fopen(src, "w");
		if (!f)
			abort();
		fclose(f);
	}
	f = fopen(db, "wb");
	if (!f || !null)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);

	compdb_load(dir, NULL, 0, NULL, &jobs, null);
	compdb_load(dir, files, 1, NULL, &jobs, null);
	compdb_load(dir, NULL, 0, dir, &jobs, null);
	flags_jobs(files, 1, NULL, 0, false, &jobs, null);

	/* the lines as one compiler-style command line */
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	for (char *p = text; argc < 64 && p < text + size;) {
		char *nl = memchr(p, '\n', (size_t)(text + size - p));

		if (nl)
			*nl = '\0';
		argv[argc++] = p;
		p += strlen(p) + 1;
	}
	if (compdb_is_compiler_style(argv, argc))
		compdb_from_command_line(argv, argc, &jobs, null);
	free(text);
	jobs_free(&jobs);
	fclose(null);
	return 0;
}
