// SPDX-License-Identifier: GPL-2.0
#include "verify.h"
#include "infile.h"
#include "arena.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void add(struct verifier *vf, const char *file, unsigned line,
		const char *rule, size_t len, bool more)
{
	struct expectation e;

	e.file = xstrdup(file);
	e.line = line;
	e.more = more;
	e.rule = xmalloc(len + 1);
	memcpy(e.rule, rule, len);
	e.rule[len] = '\0';
	e.seen = false;
	VEC_PUSH(vf->v, vf->n, vf->cap, e);
}

/*
 * Reads the ids of each comment that starts with "expect:", up to the end
 * of the comment; "expect:" elsewhere in prose is not an expectation.  An
 * id ending in '+' is an access reported with an earlier one of the same
 * cause ("and N more accesses"), not as a finding of its own.
 */
static void scan_line(struct verifier *vf, const char *file, unsigned line,
		      const char *s)
{
	const char *p = s;

	while ((p = strstr(p, "expect:"))) {
		const char *open = p, *end;

		while (open > s && isspace((unsigned char)open[-1]))
			open--;
		if (open - s < 2 || open[-1] != '*' || open[-2] != '/') {
			p += strlen("expect:");
			continue;
		}
		end = strstr(p, "*/");
		p += strlen("expect:");
		if (!end)
			end = p + strlen(p);
		while (p < end) {
			const char *id;

			while (p < end && (isspace((unsigned char)*p) || *p == ','))
				p++;
			id = p;
			while (p < end && (isalnum((unsigned char)*p) ||
					   *p == '-' || *p == '_'))
				p++;
			if (p > id) {
				bool more = p < end && *p == '+';

				add(vf, file, line, id, (size_t)(p - id), more);
				p += more;
			}
			else if (p < end)
				p++;
		}
	}
}

int verify_scan_file(struct verifier *vf, const char *file, FILE *err)
{
	const char *why;
	FILE *in;
	char *buf = NULL;
	size_t cap = 0;
	unsigned line = 0;
	int i;

	for (i = 0; i < vf->nfiles; i++)
		if (!strcmp(vf->files[i], file))
			return 0;
	VEC_PUSH(vf->files, vf->nfiles, vf->files_cap, xstrdup(file));
	in = infile_fopen(file, INFILE_MAX_BYTES, &why);
	if (!in) {
		fprintf(err, "%s: error: cannot read: %s\n", file, why);
		return -1;
	}
	while (getline(&buf, &cap, in) >= 0) {
		line++;
		if (strstr(buf, "expect:"))
			scan_line(vf, file, line, buf);
	}
	free(buf);
	fclose(in);
	return 0;
}

void verify_finding(struct verifier *vf, const char *file, unsigned line,
		    unsigned col, const char *rule, bool more, FILE *out)
{
	int i;

	for (i = 0; i < vf->n; i++) {
		struct expectation *e = &vf->v[i];

		if (e->line != line || strcmp(e->rule, rule) ||
		    strcmp(e->file, file) || e->seen)
			continue;
		e->seen = true;
		if (e->more != more) {
			fprintf(out, more ?
				"%s:%u:%u: error: [%s] reported as one more access of an earlier finding, expected as a finding of its own\n" :
				"%s:%u:%u: error: [%s] reported as a finding of its own, expected as one more access of an earlier finding\n",
				file, line, col, rule);
			vf->unexpected++;
		}
		return;
	}
	/* a second report of an access already matched */
	for (i = 0; i < vf->n; i++)
		if (vf->v[i].line == line && !strcmp(vf->v[i].rule, rule) &&
		    !strcmp(vf->v[i].file, file))
			return;
	fprintf(out, "%s:%u:%u: error: unexpected finding [%s]\n", file, line,
		col, rule);
	vf->unexpected++;
}

int verify_finish(struct verifier *vf, FILE *out)
{
	int i, missing = 0;

	for (i = 0; i < vf->n; i++) {
		if (vf->v[i].seen)
			continue;
		fprintf(out, "%s:%u: error: expected finding not reported [%s]\n",
			vf->v[i].file, vf->v[i].line, vf->v[i].rule);
		missing++;
	}
	fprintf(out, "verify: %d expected, %d missing, %d unexpected\n",
		vf->n, missing, vf->unexpected);
	return missing + vf->unexpected;
}

void verify_free(struct verifier *vf)
{
	int i;

	for (i = 0; i < vf->n; i++) {
		free(vf->v[i].file);
		free(vf->v[i].rule);
	}
	for (i = 0; i < vf->nfiles; i++)
		free(vf->files[i]);
	free(vf->v);
	free(vf->files);
	memset(vf, 0, sizeof(*vf));
}
