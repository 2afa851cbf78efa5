// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the assembler's preprocessing and layout
 * (checker/asmpp.c): macros, repetition, conditionals, sections,
 * alternatives and where each statement came from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "asmpp.h"

static struct arena arena;
static struct asm_file af;
static char warnings[4096];
static const char *defined_name, *defined_value;

static const char *same_name(const char *raw, void *ctx)
{
	(void)ctx;
	return arena_strdup(&arena, raw);
}

static void note_define(const char *name, const char *value, void *ctx)
{
	(void)ctx;
	defined_name = name;
	defined_value = value;
}

static const struct asmpp_hooks hooks = { same_name, note_define, NULL };

/* Reads text; the warnings go to warnings[]. */
static void read_text(const char *text)
{
	FILE *err = fmemopen(warnings, sizeof(warnings), "w");

	asmpp_free(&af);
	arena_free(&arena);
	memset(warnings, 0, sizeof(warnings));
	af.arena = &arena;
	asmpp_read(&af, text, &hooks, err);
	fclose(err);
}

static int stream(const char *section, int sub)
{
	for (int i = 0; i < af.nstreams; i++)
		if (!strcmp(af.streams[i].section, section) &&
		    af.streams[i].sub == sub)
			return i;
	fail_msg("no stream %s %d", section, sub);
	return -1;
}

/* The statements of a stream, joined by "; " */
static const char *texts(const char *section, int sub)
{
	static char buf[2048];
	const struct asm_stream *s = &af.streams[stream(section, sub)];
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; i < s->n; i++)
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
				      i ? "; " : "", s->v[i]->text);
	return buf;
}

static int label(const char *name)
{
	for (int i = 0; i < af.nlabels; i++)
		if (!strcmp(af.labels[i].name, name))
			return i;
	fail_msg("no label %s", name);
	return -1;
}

static void test_macro_arguments(void **state)
{
	(void)state;
	read_text("\t.macro m a, b=x9, c:vararg\n"
		  "\tmsr \\a, \\b\n"
		  "\tadd \\c\n"
		  ".Lm\\@\\():\n"
		  "\t.endm\n"
		  "\tm hcr_el2\n"
		  "\tm b=x1, a=vttbr_el2\n"
		  "\tm sctlr_el2, x2, x3, x4, #1\n");
	assert_string_equal(texts(".text", 0),
			    "msr hcr_el2, x9; add; msr vttbr_el2, x1; add; "
			    "msr sctlr_el2, x2; add x3, x4, #1");
	/* \@ numbers each expansion; \() joins */
	assert_int_equal(af.labels[0].numeric, false);
	assert_string_equal(af.labels[0].name, ".Lm0");
	assert_string_equal(af.labels[2].name, ".Lm2");
	assert_true(af.labels[0].local);
	assert_string_equal(warnings, "");
}

static void test_macro_origin(void **state)
{
	const struct asm_stmt *st;

	(void)state;
	read_text("# 1 \"a.S\"\n"
		  ".macro inner r\n"		/* a.S:1 */
		  "\tmsr \\r, x0\n"		/* a.S:2 */
		  ".endm\n"
		  ".macro outer\n"		/* a.S:4 */
		  "\tisb\n"
		  "\tinner tcr_el1\n"		/* a.S:6 */
		  ".endm\n"
		  "# 20 \"b.S\"\n"
		  "\touter\n");		/* b.S:20 */
	st = af.streams[stream(".text", 0)].v[1];
	assert_string_equal(st->text, "msr tcr_el1, x0");
	/* at the outermost invocation, named by the outermost macro */
	assert_string_equal(st->loc.file, "b.S");
	assert_int_equal(st->loc.line, 20);
	assert_string_equal(st->macro, "outer");
	/* and the line of the body it came from */
	assert_string_equal(st->def.file, "a.S");
	assert_int_equal(st->def.line, 2);
	assert_int_equal(af.nfiles, 2);
}

static void test_repeat(void **state)
{
	(void)state;
	read_text("\t.irp r, x1, x2\n\tstr \\r, [sp]\n\t.endr\n"
		  "\t.irpc c, 01\n\tmov x\\c, #\\c\n\t.endr\n"
		  "\t.rept 1 + 1\n\tnop\n\t.endr\n"
		  "\t.rep 1\n\tisb\n\t.endr\n");
	assert_string_equal(texts(".text", 0),
			    "str x1, [sp]; str x2, [sp]; mov x0, #0; "
			    "mov x1, #1; nop; nop; isb");
}

/* .altmacro's %expr argument: a recursive loop as fpsimdmacros.h has */
static void test_percent_argument(void **state)
{
	(void)state;
	read_text(".macro upto from, to\n"
		  "\t.if (\\from) == (\\to)\n\tmov x\\from, #0\n"
		  "\t.else\n\tupto %\\from, %((\\from) + ((\\to) - (\\from)) / 2)\n"
		  "\tupto %((\\from) + ((\\to) - (\\from)) / 2 + 1), %\\to\n"
		  "\t.endif\n.endm\n"
		  "\t.altmacro\n\tupto 0, 3\n\t.noaltmacro\n");
	assert_string_equal(texts(".text", 0),
			    "mov x0, #0; mov x1, #0; mov x2, #0; mov x3, #0");
	assert_string_equal(warnings, "");
}

static void test_conditionals(void **state)
{
	(void)state;
	read_text("\t.set .Lmode, 1\n"
		  "\t.if .Lmode == 1 && (2 > 1)\n\ta\n\t.else\n\tb\n\t.endif\n"
		  "\t.if 0\n\tc\n\t.elseif .Lmode\n\td\n\t.else\n\te\n\t.endif\n"
		  "\t.ifc x0, x0\n\tf\n\t.endif\n"
		  "\t.ifnc x0, x1\n\tg\n\t.endif\n"
		  "\t.ifb\n\th\n\t.endif\n"
		  "\t.ifdef .Lmode\n\ti\n\t.endif\n"
		  "\t.ifndef .Lnone\n\tj\n\t.endif\n"
		  "\t.if 0\n\t.if 1\n\tk\n\t.endif\n\t.endif\n"
		  "1:\tnop\n2:\n\t.if (2b - 1b) == 4\n\tl\n\t.endif\n");
	assert_string_equal(texts(".text", 0),
			    "a; d; f; g; h; i; j; nop; l");
	assert_string_equal(warnings, "");
}

static void test_sections(void **state)
{
	(void)state;
	read_text("\ta\n"
		  "\t.pushsection .hyp.text, \"ax\"\n\tb\n"
		  "\t.subsection 1\n\tc\n\t.previous\n\td\n"
		  "\t.popsection\n\te\n"
		  "\t.section .rodata, \"a\"\n\t.word 1\n");
	assert_string_equal(texts(".text", 0), "a; e");
	assert_string_equal(texts(".hyp.text", 0), "b; d");
	assert_string_equal(texts(".hyp.text", 1), "c");
	assert_true(af.streams[stream(".hyp.text", 1)].code);
	assert_false(af.streams[stream(".rodata", 0)].code);
}

static void test_alternative_entry(void **state)
{
	const struct asm_alt *a;

	(void)state;
	read_text("661:\tnop\n662:\n"
		  "\t.pushsection .altinstructions, \"a\"\n"
		  "\t.word 661b - ., 663f - .\n\t.hword 7\n"
		  "\t.byte 662b - 661b\n\t.byte 664f - 663f\n"
		  "\t.popsection\n"
		  "\t.subsection 1\n663:\tisb\n664:\n\t.previous\n");
	assert_int_equal(af.nalts, 1);
	a = &af.alts[0];
	assert_string_equal(a->field[2], "7");
	/* references resolve by order: "b" back, "f" forward */
	assert_int_equal(asmpp_resolve(&af, "661b", 4, a->seq), label("661"));
	assert_int_equal(asmpp_resolve(&af, "663f", 4, a->seq), label("663"));
	assert_int_equal(af.labels[label("663")].stream,
			 stream(".text", 1));
	assert_int_equal(asmpp_resolve(&af, "663b", 4, a->seq), -1);
}

static void test_labels_and_values(void **state)
{
	(void)state;
	read_text("#define ARM64_X 12\n"
		  "\t.globl f\n\t.set .Lbti, 34\n"
		  "f:\tg:\thint #.Lbti\n");
	assert_string_equal(defined_name, "ARM64_X");
	assert_string_equal(defined_value, "12");
	assert_true(af.labels[label("f")].global);
	assert_false(af.labels[label("g")].global);
	assert_int_equal(af.labels[label("g")].pos, 0);
	/* a known symbol among the operands is its value */
	assert_string_equal(texts(".text", 0), "hint #34");
}

static void test_problems_are_warnings(void **state)
{
	(void)state;
	read_text("# 3 \"bad.S\"\n"
		  "\t.if nosuch\n\ta\n\t.endif\n"
		  "\t.endif\n"
		  "\t.macro loop\n\tloop\n\t.endm\n\tloop\n"
		  "\t.macro open\n");
	assert_non_null(strstr(warnings,
		"bad.S:3: warning: cannot evaluate .if nosuch; taken as false"));
	assert_non_null(strstr(warnings, "bad.S:6: warning: .endif without .if"));
	assert_non_null(strstr(warnings, "macros nested more than 100 deep"));
	assert_non_null(strstr(warnings,
		".macro not closed at the end of the file"));
	assert_true(af.nwarnings >= 4);
	assert_string_equal(texts(".text", 0), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_macro_arguments),
		cmocka_unit_test(test_macro_origin),
		cmocka_unit_test(test_repeat),
		cmocka_unit_test(test_percent_argument),
		cmocka_unit_test(test_conditionals),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_alternative_entry),
		cmocka_unit_test(test_labels_and_values),
		cmocka_unit_test(test_problems_are_warnings),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	asmpp_free(&af);
	arena_free(&arena);
	return rc;
}
