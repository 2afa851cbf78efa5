// SPDX-License-Identifier: GPL-2.0
/*
 * Writes the HTML page for items made by hand, for what a run of the
 * checker cannot give yet or only with effort: a suppressed finding and
 * one in the baseline (neither may be shown as a finding), a message and
 * a suppression reason with markup in them, a fix that cannot be planned,
 * a source that cannot be read, a line past the end of its file.
 * tests/lit/formats/html-items.test builds it with checker/html.c.
 *
 *	items SRC DIR	SRC: a readable C file of at least 12 lines
 */
#include "output.h"

#include <stdio.h>
#include <string.h>

/* A finding in one function of file, written at wl, accessed at al. */
static void make(struct report_item *it, struct item_step *st,
		 const char *file, unsigned wl, unsigned al, const char *rule)
{
	memset(it, 0, sizeof(*it));
	it->key = "key";
	it->rule = rule;
	it->why = "Because.";
	it->cite = "Arm ARM (DDI 0487 M.a.a) D24.1.2.2";
	it->message = "read of PAR_EL1 follows at s1e1r with no context "
		      "synchronization event in between";
	it->write = (struct item_event){
		.kind = IEV_INSN, .loc = { file, wl, 2, "fn" },
		.insn = "at s1e1r", .what = "at s1e1r", .key = "at s1e1r",
	};
	it->access = (struct item_event){
		.kind = IEV_READ, .loc = { file, al, 2, "fn" },
		.reg = "PAR_EL1", .what = "read of PAR_EL1", .key = "PAR_EL1",
	};
	it->fields_text = "";
	it->need = "context synchronization event";
	st[0] = (struct item_step){ ISTEP_WRITE, it->write.loc,
				    "at s1e1r issued here" };
	st[1] = (struct item_step){ ISTEP_ACCESS, it->access.loc,
				    "read of PAR_EL1 here" };
	it->steps = st;
	it->nsteps = 2;
	it->fix = (struct item_fix){
		.file = file, .line = wl + 1,
		.lines = "\t/* Synchronize the at s1e1r. */\n\tisb();\n",
		.indent = "\t", .what = "at s1e1r", .stmts = "isb();\n",
		.where = "after the write",
	};
	it->text = "";
}

int main(int argc, char **argv)
{
	struct report_item it[6];
	struct item_step st[6][2];
	struct sources src = { 0 };
	struct run r = { .items = it, .nitems = 6, .src = &src,
			 .version = "test", .baseline = true };
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: items SRC DIR\n");
		return 2;
	}
	/* shown, with markup in its message and no fix */
	make(&it[0], st[0], argv[1], 3, 5, "rule-markup");
	it[0].message = "a <b>message</b> & \"more\" <script>throw 1</script>";
	it[0].fix = (struct item_fix){ .why_not = "no <line> & no place" };
	/* suppressed, with markup in its reason */
	make(&it[1], st[1], argv[1], 6, 7, "rule-suppressed");
	it[1].suppressed = "the <i>reason</i> & all";
	/* in the baseline */
	make(&it[2], st[2], argv[1], 8, 9, "rule-baseline");
	it[2].in_baseline = true;
	/* suppressed and in the baseline: counted as suppressed */
	make(&it[3], st[3], argv[1], 10, 11, "rule-both");
	it[3].suppressed = "both";
	it[3].in_baseline = true;
	/* shown, its file cannot be read */
	make(&it[4], st[4], "no/such/file.c", 3, 60, "rule-unreadable");
	/* shown, its lines past the end of the file */
	make(&it[5], st[5], argv[1], 100000, 100002, "rule-past-end");

	rc = output_html(&r, argv[2], stderr);
	sources_free(&src);
	return rc ? 1 : 0;
}
