// SPDX-License-Identifier: GPL-2.0
/*
 * The fix patch: hunks, their merging, and the file's last line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fix.h"

static char dir[] = "/tmp/isbcheck-test-fix-XXXXXX";

static char *write_file(const char *name, const char *text)
{
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	FILE *f;

	sprintf(path, "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static struct report_item fixing(const char *file, unsigned line,
				 const char *lines)
{
	struct report_item it;

	memset(&it, 0, sizeof(it));
	it.fix.file = file;
	it.fix.line = line;
	it.fix.lines = lines;
	it.access.file = file;
	it.rule = "r";
	return it;
}

/* The patch for items[0..n), with paths shown relative to dir. */
static char *patch(struct report_item *items, int n)
{
	struct sources src = { 0 };
	char *text = NULL, *p;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	fix_diff(items, n, &src, out, stderr);
	fclose(out);
	sources_free(&src);
	/* drop the temporary directory from the headers */
	while ((p = strstr(text, dir + 1))) {
		size_t l = strlen(dir + 1) + 1;

		memmove(p, p + l, strlen(p + l) + 1);
	}
	return text;
}

static const char ten[] =
	"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";

static void test_one_insertion(void **state)
{
	char *f = write_file("a.c", ten);
	struct report_item it = fixing(f, 5, "\tisb();\n");
	char *p = patch(&it, 1);

	(void)state;
	assert_string_equal(p,
		"--- a/a.c\n+++ b/a.c\n"
		"@@ -2,6 +2,7 @@\n 2\n 3\n 4\n+\tisb();\n 5\n 6\n 7\n");
	free(p);
	free(f);
}

static void test_close_insertions_share_a_hunk(void **state)
{
	char *f = write_file("b.c", ten);
	struct report_item it[] = { fixing(f, 8, "y\n"), fixing(f, 3, "x\n") };
	char *p = patch(it, 2);

	(void)state;
	/* 3 and 8: their contexts (1-5, 5-10) touch, so one hunk */
	assert_string_equal(p,
		"--- a/b.c\n+++ b/b.c\n"
		"@@ -1,10 +1,12 @@\n 1\n 2\n+x\n 3\n 4\n 5\n 6\n 7\n+y\n 8\n"
		" 9\n 10\n");
	free(p);
	free(f);
}

static void test_far_insertions_get_two_hunks(void **state)
{
	char buf[512] = "";
	char *f, *p;
	struct report_item it[2];

	(void)state;
	for (int i = 1; i <= 20; i++)
		sprintf(buf + strlen(buf), "%d\n", i);
	f = write_file("c.c", buf);
	it[0] = fixing(f, 2, "x\n");
	it[1] = fixing(f, 18, "y\n");
	p = patch(it, 2);
	assert_string_equal(p,
		"--- a/c.c\n+++ b/c.c\n"
		"@@ -1,4 +1,5 @@\n 1\n+x\n 2\n 3\n 4\n"
		"@@ -15,6 +16,7 @@\n 15\n 16\n 17\n+y\n 18\n 19\n 20\n");
	free(p);
	free(f);
}

static void test_same_fix_twice_is_one_insertion(void **state)
{
	char *f = write_file("d.c", ten);
	struct report_item it[] = { fixing(f, 5, "x\n"), fixing(f, 5, "x\n") };
	char *p = patch(it, 2);

	(void)state;
	assert_non_null(strstr(p, "+x\n"));
	assert_null(strstr(strstr(p, "+x\n") + 1, "+x\n"));
	free(p);
	free(f);
}

static void test_last_line_without_newline(void **state)
{
	char *f = write_file("e.c", "1\n2\n3");
	struct report_item it = fixing(f, 2, "x\n");
	char *p = patch(&it, 1);

	(void)state;
	assert_string_equal(p,
		"--- a/e.c\n+++ b/e.c\n"
		"@@ -1,3 +1,4 @@\n 1\n+x\n 2\n 3\n"
		"\\ No newline at end of file\n");
	free(p);
	free(f);
}

static void test_suppressed_or_unfixable_left_out(void **state)
{
	char *f = write_file("f.c", ten);
	struct report_item it[] = { fixing(f, 5, "x\n"), fixing(NULL, 0, NULL) };
	char *p;

	(void)state;
	it[0].suppressed = "reviewed";
	p = patch(it, 2);
	assert_string_equal(p, "");
	free(p);
	free(f);
}

static void test_place_past_the_end_refused(void **state)
{
	char *f = write_file("g.c", "1\n");
	struct report_item it = fixing(f, 9, "x\n");
	char *p = patch(&it, 1);

	(void)state;
	assert_string_equal(p, "");
	free(p);
	free(f);
}

static void test_apply_edits_the_file(void **state)
{
	char *f = write_file("h.c", "a\nb\n");
	struct report_item it[] = { fixing(f, 2, "x\n"), fixing(f, 3, "y\n") };
	struct sources src = { 0 };
	char buf[64] = "";
	FILE *in;

	(void)state;
	assert_int_equal(fix_apply(it, 2, &src, stderr), 2);
	sources_free(&src);
	in = fopen(f, "r");
	assert_non_null(in);
	buf[fread(buf, 1, sizeof(buf) - 1, in)] = '\0';
	fclose(in);
	assert_string_equal(buf, "a\nx\nb\ny\n");
	free(f);
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
		cmocka_unit_test(test_one_insertion),
		cmocka_unit_test(test_close_insertions_share_a_hunk),
		cmocka_unit_test(test_far_insertions_get_two_hunks),
		cmocka_unit_test(test_same_fix_twice_is_one_insertion),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_suppressed_or_unfixable_left_out),
		cmocka_unit_test(test_place_past_the_end_refused),
		cmocka_unit_test(test_apply_edits_the_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
