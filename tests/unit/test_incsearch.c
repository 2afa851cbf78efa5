// SPDX-License-Identifier: GPL-2.0
/*
 * The include search the cache records: which paths come before the one
 * a directive finds, in clang's order (the including file's directory for
 * "quoted", -iquote, -I, -isystem, -idirafter; #include_next after the
 * includer's directory), relative directories taken in the entry's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "incsearch.h"

static char dir[] = "/tmp/isbcheck-test-incsearch-XXXXXX";

static char *path_of(const char *name)
{
	char *p = malloc(strlen(dir) + strlen(name) + 2);

	sprintf(p, "%s/%s", dir, name);
	return p;
}

/* Writes dir/name, making its directories. */
static void put(const char *name, const char *text)
{
	char *p = path_of(name), *s;
	FILE *f;

	for (s = strchr(p + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0777);
		*s = '/';
	}
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static bool exists(const char *path, void *ctx)
{
	struct stat st;

	(void)ctx;
	return !stat(path, &st) && !S_ISDIR(st.st_mode);
}

/* The absent candidates for main (in dir) with args, as one string. */
static char *absent(const char *main_name, char **args, int nargs)
{
	struct incsearch_out out = { 0 };
	char *files[1] = { path_of(main_name) }, *s;
	size_t len = 1, l = strlen(dir);
	int i;

	incsearch_absent(args, nargs, dir, (const char *const *)files, 1,
			 exists, NULL, &out);
	for (i = 0; i < out.n; i++)
		len += strlen(out.v[i]) + 1;
	s = calloc(1, len);
	for (i = 0; i < out.n; i++) {
		/* relative to dir, for the comparisons */
		assert_int_equal(strncmp(out.v[i], dir, l), 0);
		strcat(s, out.v[i] + l + 1);
		strcat(s, i + 1 < out.n ? " " : "");
		free(out.v[i]);
	}
	free(out.v);
	free(files[0]);
	return s;
}

static void test_angled_order(void **state)
{
	char *args[] = { "-Ia", "-I", "b", "-isystem", "s", "-Ic" };
	char *got;

	(void)state;
	put("c/x.h", "");
	put("s/y.h", "");
	put("m.c", "#include <x.h>\n#  include   <y.h>\n");
	got = absent("m.c", args, 6);
	/* -I in order, then -isystem: c before s, whatever the order given */
	assert_string_equal(got, "a/x.h b/x.h a/y.h b/y.h c/y.h");
	free(got);
}

static void test_quoted(void **state)
{
	char *args[] = { "-iquote", "q", "-Ia" };
	char *got;

	(void)state;
	put("a/z.h", "");
	put("src/m2.c", "#include \"z.h\"\n");
	got = absent("src/m2.c", args, 3);
	assert_string_equal(got, "src/z.h q/z.h");
	free(got);
}

static void test_missing(void **state)
{
	char *args[] = { "-Ia", "-Ib" };
	char *got;

	(void)state;
	put("m3.c", "#if __has_include(<gone.h>)\n#endif\n"
		    "#include <also/gone.h>\n#include \"/abs/x.h\"\n");
	got = absent("m3.c", args, 2);
	/* nothing found: every candidate; an absolute name has none */
	assert_string_equal(got, "a/gone.h b/gone.h a/also/gone.h b/also/gone.h");
	free(got);
}

static void test_include_next(void **state)
{
	char *args[] = { "-Ia", "-Ib", "-Ic", "-Id" };
	char *got;

	(void)state;
	put("b/n.h", "#include_next <n.h>\n");
	put("d/n.h", "");
	/* from b/n.h: the search starts after b */
	got = absent("b/n.h", args, 4);
	assert_string_equal(got, "c/n.h");
	free(got);
}

static void test_working_directory(void **state)
{
	char wd[PATH_MAX + 32], *args[2];
	char *got;

	(void)state;
	snprintf(wd, sizeof(wd), "-working-directory=%s/build", dir);
	args[0] = wd;
	args[1] = "-I../inc";
	got = path_of("build");
	mkdir(got, 0777);
	free(got);
	put("inc/w.h", "");
	put("m5.c", "#include <w.h>\n#include <nowhere.h>\n");
	got = absent("m5.c", args, 2);
	assert_string_equal(got, "build/../inc/nowhere.h");
	free(got);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_angled_order),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_include_next),
		cmocka_unit_test(test_working_directory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
