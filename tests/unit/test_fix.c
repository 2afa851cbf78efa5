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
#include "hashidx.h"

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

/* A fix inserting stmt (and a comment naming what) before line. */
static struct report_item fixing(const char *file, unsigned line,
				 const char *what, const char *stmt)
{
	struct report_item it;

	memset(&it, 0, sizeof(it));
	it.fix.file = file;
	it.fix.line = line;
	it.fix.indent = "";
	it.fix.what = what;
	it.fix.stmts = stmt;
	it.access.loc.file = file;
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

	fix_diff(items, n, &src, NULL, out, stderr);
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

/* The comment line a fix starts with, as a patch line. */
#define NOTE(what) "+/* Synchronize the " what ". */\n"

static void test_one_insertion(void **state)
{
	char *f = write_file("a.c", ten);
	struct report_item it = fixing(f, 5, "write to R", "isb();\n");
	char *p = patch(&it, 1);

	(void)state;
	assert_string_equal(p,
		"--- a/a.c\n+++ b/a.c\n"
		"@@ -2,6 +2,8 @@\n 2\n 3\n 4\n" NOTE("write to R")
		"+isb();\n 5\n 6\n 7\n");
	free(p);
	free(f);
}

static void test_close_insertions_share_a_hunk(void **state)
{
	char *f = write_file("b.c", ten);
	struct report_item it[] = { fixing(f, 8, "B", "y;\n"),
				    fixing(f, 3, "A", "x;\n") };
	char *p = patch(it, 2);

	(void)state;
	/* 3 and 8: their contexts (1-5, 5-10) touch, so one hunk */
	assert_string_equal(p,
		"--- a/b.c\n+++ b/b.c\n"
		"@@ -1,10 +1,14 @@\n 1\n 2\n" NOTE("A") "+x;\n 3\n 4\n 5\n"
		" 6\n 7\n" NOTE("B") "+y;\n 8\n 9\n 10\n");
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
	it[0] = fixing(f, 2, "A", "x;\n");
	it[1] = fixing(f, 18, "B", "y;\n");
	p = patch(it, 2);
	assert_string_equal(p,
		"--- a/c.c\n+++ b/c.c\n"
		"@@ -1,4 +1,6 @@\n 1\n" NOTE("A") "+x;\n 2\n 3\n 4\n"
		"@@ -15,6 +17,8 @@\n 15\n 16\n 17\n" NOTE("B") "+y;\n 18\n"
		" 19\n 20\n");
	free(p);
	free(f);
}

static void test_same_place_is_one_insertion(void **state)
{
	char *f = write_file("d.c", ten);
	struct report_item it[] = {
		fixing(f, 5, "write to A", "isb();\n"),
		fixing(f, 5, "write to B", "isb();\n"),
		fixing(f, 5, "write to A", "isb();\n"),
		fixing(f, 5, "write to B", "isb();\n"),
	};
	char *p = patch(it, 4);

	(void)state;
	assert_string_equal(p,
		"--- a/d.c\n+++ b/d.c\n"
		"@@ -2,6 +2,8 @@\n 2\n 3\n 4\n"
		"+/* Synchronize the write to A and the write to B. */\n"
		"+isb();\n 5\n 6\n 7\n");
	free(p);
	free(f);
}

static void test_other_statements_at_one_place_stay_apart(void **state)
{
	char *f = write_file("i.c", ten);
	struct report_item it[] = {
		fixing(f, 5, "A", "isb();\n"),
		fixing(f, 5, "B", "tsb_csync();\n"),
	};
	char *p = patch(it, 2);

	(void)state;
	assert_non_null(strstr(p, NOTE("A") "+isb();\n" NOTE("B")
				  "+tsb_csync();\n 5\n"));
	free(p);
	free(f);
}

static void test_last_line_without_newline(void **state)
{
	char *f = write_file("e.c", "1\n2\n3");
	struct report_item it = fixing(f, 2, "A", "x;\n");
	char *p = patch(&it, 1);

	(void)state;
	assert_string_equal(p,
		"--- a/e.c\n+++ b/e.c\n"
		"@@ -1,3 +1,5 @@\n 1\n" NOTE("A") "+x;\n 2\n 3\n"
		"\\ No newline at end of file\n");
	free(p);
	free(f);
}

static void test_suppressed_or_unfixable_left_out(void **state)
{
	char *f = write_file("f.c", ten);
	struct report_item it[] = { fixing(f, 5, "A", "x;\n"),
				    fixing(NULL, 0, NULL, NULL) };
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
	struct report_item it = fixing(f, 9, "A", "x;\n");
	char *p = patch(&it, 1);

	(void)state;
	assert_string_equal(p, "");
	free(p);
	free(f);
}

/* The hashes a parse of path's current bytes would have recorded. */
static void parsed_now(struct file_hashes *fh, const char *path)
{
	char buf[4096];
	FILE *in = fopen(path, "rb");
	size_t n;

	assert_non_null(in);
	n = fread(buf, 1, sizeof(buf), in);
	fclose(in);
	file_hashes_add(fh, path, hash_bytes(buf, n, HASH_SEED));
}

/* path's bytes (n of them), as a buffer of sizeof(buf). */
static size_t slurp(const char *path, char *buf, size_t size)
{
	FILE *in = fopen(path, "rb");
	size_t n;

	assert_non_null(in);
	n = fread(buf, 1, size - 1, in);
	buf[n] = '\0';
	fclose(in);
	return n;
}

static void test_apply_edits_the_file(void **state)
{
	char *f = write_file("h.c", "a\nb\n");
	struct report_item it[] = { fixing(f, 2, "A", "x;\n"),
				    fixing(f, 3, "B", "y;\n") };
	struct file_hashes fh = { 0 };
	char buf[256] = "";

	(void)state;
	parsed_now(&fh, f);
	assert_int_equal(fix_apply(it, 2, &fh, NULL, stderr), 2);
	file_hashes_free(&fh);
	slurp(f, buf, sizeof(buf));
	assert_string_equal(buf,
		"a\n/* Synchronize the A. */\nx;\n"
		"b\n/* Synchronize the B. */\ny;\n");
	free(f);
}

static void test_apply_keeps_nul_bytes(void **state)
{
	static const char text[] = "a\0tail\nb\0\0c\n";
	static const char want[] = "a\0tail\n/* Synchronize the A. */\n"
				   "x;\nb\0\0c\n";
	char *path = malloc(strlen(dir) + 8), buf[256];
	struct report_item it;
	struct file_hashes fh = { 0 };
	FILE *f;

	(void)state;
	sprintf(path, "%s/n.c", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(text, 1, sizeof(text) - 1, f);
	fclose(f);
	it = fixing(path, 2, "A", "x;\n");
	parsed_now(&fh, path);
	assert_int_equal(fix_apply(&it, 1, &fh, NULL, stderr), 1);
	file_hashes_free(&fh);
	assert_int_equal(slurp(path, buf, sizeof(buf)), sizeof(want) - 1);
	assert_memory_equal(buf, want, sizeof(want) - 1);
	free(path);
}

static void test_apply_crlf_lines(void **state)
{
	char *f = write_file("r.c", "a\r\nb\r\n");
	struct report_item it = fixing(f, 2, "A", "x;\n");
	struct file_hashes fh = { 0 };
	char buf[256];

	(void)state;
	parsed_now(&fh, f);
	assert_int_equal(fix_apply(&it, 1, &fh, NULL, stderr), 1);
	file_hashes_free(&fh);
	slurp(f, buf, sizeof(buf));
	assert_string_equal(buf,
		"a\r\n/* Synchronize the A. */\r\nx;\r\nb\r\n");
	free(f);
}

static void test_apply_refuses_a_changed_file(void **state)
{
	char *f = write_file("c.c", "a\nb\n");
	struct report_item it = fixing(f, 2, "A", "x;\n");
	struct file_hashes fh = { 0 };
	char buf[256];
	FILE *null = fopen("/dev/null", "w");

	(void)state;
	parsed_now(&fh, f);
	free(write_file("c.c", "b\na\n"));	/* an editor saved it */
	assert_int_equal(fix_apply(&it, 1, &fh, NULL, null), -1);
	file_hashes_free(&fh);
	fclose(null);
	slurp(f, buf, sizeof(buf));
	assert_string_equal(buf, "b\na\n");
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
		cmocka_unit_test(test_same_place_is_one_insertion),
		cmocka_unit_test(test_other_statements_at_one_place_stay_apart),
		cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_suppressed_or_unfixable_left_out),
		cmocka_unit_test(test_place_past_the_end_refused),
		cmocka_unit_test(test_apply_edits_the_file),
		cmocka_unit_test(test_apply_keeps_nul_bytes),
		cmocka_unit_test(test_apply_crlf_lines),
		cmocka_unit_test(test_apply_refuses_a_changed_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
