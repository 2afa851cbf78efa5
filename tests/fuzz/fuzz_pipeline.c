// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the whole pipeline on a small C file that is the
 * input, parsed in process by libclang as a VHE object with the corpus
 * headers (-Icorpus/include: run from the repository), then linked,
 * analysed (what it covered and left incomplete noted, as main.c
 * does), suppressed, and reported in every stream format with its fix
 * patch.  The shipped rules (ISBCHECK_RULES, default "rules").
 *
 * The input goes to a file rather than to libclang as an unsaved buffer:
 * the front end takes a path, and the file is what exercises the guard
 * on what libclang may open (infile.h).
 */
#include "coverage.h"
#include "dataflow.h"
#include "program.h"
#include "fix.h"
#include "frontend.h"
#include "output.h"
#include "suppress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct ruleset rs;
static CXIndex cx_index;
static char path[64];

static const char *const args[] = {
	"--target=aarch64-linux-gnu", "-ffreestanding", "-nostdinc",
	"-Icorpus/include", "-D__KVM_VHE_HYPERVISOR__",
};

static void setup(void)
{
	const char *rules = getenv("ISBCHECK_RULES");

	setenv("LIBCLANG_NOTHREADS", "1", 1);	/* as main.c */
	if (!rules)
		rules = "rules";
	if (rules_load(&rs, &rules, 1, stderr) || !rs.nrules)
		abort();
	cx_index = clang_createIndex(0, 0);
	snprintf(path, sizeof(path), "/tmp/isbcheck-fuzz-pipeline-%d.c",
		 (int)getpid());
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int (*const formats[])(const struct run *, FILE *, FILE *) = {
		output_text, output_json, output_sarif, output_mail,
	};
	struct tu tu = { 0 }, *tus[1] = { &tu };
	struct findings out = { 0 };
	struct report_item *items = NULL;
	struct sources src = { 0 };
	struct arena a = { 0 };
	struct looked looked = { .a = &a };
	struct gaps gaps = { 0 };
	int n = 0, cap = 0;
	FILE *f, *null;

	if (!cx_index)
		setup();
	f = fopen(path, "wb");
	null = fopen("/dev/null", "w");
	if (!f || !null)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	if (!frontend_parse(cx_index, &rs, path, args,
			    (int)(sizeof(args) / sizeof(args[0])), &tu,
			    null)) {
		struct run run = { .rs = &rs, .src = &src, .version = "fuzz" };

		link_calls(tus, 1);
		analyse_tus(tus, 1, &rs, &out);
		looked_add_tu(&looked, &tu);
		gaps_add_tu(&gaps, &tu, NULL, &a);
		for (int i = 0; i < out.n; i++) {
			struct report_item it;

			item_from_finding(&rs, &out.v[i], &a, &it);
			VEC_PUSH(items, n, cap, it);
		}
		suppress_apply(items, n, &rs, &src, &a, looked.v, looked.n,
			       null);
		run.items = items;
		run.nitems = n;
		run.incomplete = gaps.v;
		run.nincomplete = gaps.n;
		for (size_t k = 0; k < sizeof(formats) / sizeof(*formats); k++)
			formats[k](&run, null, null);
		fix_diff(items, n, &src, NULL, null, null);
	}
	free(out.v);
	free(items);
	looked_free(&looked);
	gaps_free(&gaps);
	tu_free(&tu);
	sources_free(&src);
	arena_free(&a);
	unlink(path);
	fclose(null);
	return 0;
}
