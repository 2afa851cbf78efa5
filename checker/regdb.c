// SPDX-License-Identifier: GPL-2.0
#include "regdb.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int regdb_find_name(const struct regdb *db, const char *name)
{
	int i;

	for (i = 0; i < db->nregs; i++)
		if (!strcasecmp(db->regs[i].name, name))
			return i;
	return -1;
}

int regdb_find_enc(const struct regdb *db, uint32_t enc)
{
	int i;

	for (i = 0; i < db->nregs; i++)
		if (db->regs[i].enc == enc)
			return i;
	return -1;
}

int sysreg_find_field(const struct sysreg *reg, const char *name)
{
	int i;

	for (i = 0; i < reg->nfields; i++)
		if (!strcasecmp(reg->fields[i].name, name))
			return i;
	return -1;
}

void sysreg_describe_fields(const struct sysreg *reg, uint64_t mask,
			    char *buf, unsigned size)
{
	unsigned o = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < reg->nfields && o < size; i++) {
		if (!(reg->fields[i].mask & mask))
			continue;
		o += (unsigned)snprintf(buf + o, size - o, "%s%s",
					o ? ", " : "", reg->fields[i].name);
	}
}

void regdb_free(struct regdb *db)
{
	int i;

	for (i = 0; i < db->nregs; i++)
		free(db->regs[i].fields);
	free(db->regs);
	db->regs = NULL;
	db->nregs = db->cap = 0;
}
