/* SPDX-License-Identifier: GPL-2.0 */
/*
 * regdb.h - the system-register database: names, encodings, fields.
 *
 * Filled by the rule parser from "register" blocks; read by the front end
 * (encoding or name -> register) and by the analysis (field masks).
 * Names are kept in upper case and looked up case-insensitively, so the
 * assembler's "hcr_el2" and the rules' "HCR_EL2" meet.
 */
#ifndef ISBCHECK_REGDB_H
#define ISBCHECK_REGDB_H

#include <stdbool.h>
#include <stdint.h>

struct srcpos {
	const char *file;
	unsigned line, col;
};

/* "REG.FIELD == value": true, false or unknown under a configuration */
struct field_cond {
	bool present;
	int reg, field;
	uint64_t value;		/* field value, not shifted */
};

struct field {
	const char *name;
	unsigned lo, hi;
	uint64_t mask;
	struct field_cond when;	/* the layout this field belongs to */
	struct srcpos pos;
};

struct sysreg {
	const char *name;
	uint32_t enc;		/* SYSREG_ENC(op0, op1, CRn, CRm, op2) */
	struct field *fields;
	int nfields, fields_cap;
	struct srcpos pos;
};

struct regdb {
	struct sysreg *regs;
	int nregs, cap;
};

int regdb_find_name(const struct regdb *db, const char *name);
int regdb_find_enc(const struct regdb *db, uint32_t enc);
int sysreg_find_field(const struct sysreg *reg, const char *name);

/* Fields of reg whose bits intersect mask, as "A, B" (for messages). */
void sysreg_describe_fields(const struct sysreg *reg, uint64_t mask,
			    char *buf, unsigned size);

void regdb_free(struct regdb *db);

#endif
