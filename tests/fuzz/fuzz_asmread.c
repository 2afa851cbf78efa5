// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the asm-template reader. */
#include "asmread.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct asm_insn insns[8];
	struct asm_error err;
	char *tmpl = malloc(size + 1);
	int n;

	if (!tmpl)
		return 0;
	memcpy(tmpl, data, size);
	tmpl[size] = '\0';
	/* no filter: every instruction, the most the reader can report */
	n = asm_read(tmpl, insns, 8, NULL, &err);
	for (int i = 0; i < n && i < 8; i++)
		if (strlen(insns[i].name) >= sizeof(insns[i].name) ||
		    strlen(insns[i].mnemonic) >= sizeof(insns[i].mnemonic) ||
		    strlen(insns[i].text) >= sizeof(insns[i].text))
			__builtin_trap();
	free(tmpl);
	return 0;
}
