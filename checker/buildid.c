// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE		/* dl_iterate_phdr() */
#include "buildid.h"
#include "hashidx.h"

#include <clang-c/Index.h>
#include <elf.h>
#include <link.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static uint64_t identity;

/* The object's GNU build id, hashed into *h; false if it has none. */
static bool hash_note(const struct dl_phdr_info *info, uint64_t *h)
{
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		const char *p, *end;

		if (ph->p_type != PT_NOTE)
			continue;
		p = (const char *)(info->dlpi_addr + ph->p_vaddr);
		end = p + ph->p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)p;
			const char *name = p + sizeof(*n);
			const char *desc = name + ((n->n_namesz + 3) & ~3u);

			if (desc + n->n_descsz > end)
				break;
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 &&
			    !memcmp(name, "GNU", 4) && n->n_descsz) {
				*h = hash_bytes(desc, n->n_descsz, *h);
				return true;
			}
			p = desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	return false;
}

/* For an object linked without a build id: its file's bytes. */
static void hash_file(const char *path, uint64_t *h)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n;

	*h = hash_bytes(path, strlen(path) + 1, *h);
	if (!f)
		return;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		*h = hash_bytes(buf, n, *h);
	fclose(f);
}

static int visit(struct dl_phdr_info *info, size_t size, void *data)
{
	uint64_t *h = data;
	const char *name = info->dlpi_name;
	bool main_program = !name || !name[0];

	(void)size;
	if (!main_program && !strstr(name, "libclang") &&
	    !strstr(name, "libLLVM"))
		return 0;
	if (!hash_note(info, h))
		hash_file(main_program ? "/proc/self/exe" : name, h);
	return 0;
}

static void compute(void)
{
	CXString v = clang_getClangVersion();
	const char *s = clang_getCString(v);
	uint64_t h = HASH_SEED;

	dl_iterate_phdr(visit, &h);
	if (s)
		h = hash_bytes(s, strlen(s) + 1, h);
	clang_disposeString(v);
	identity = h;
}

uint64_t build_identity(void)
{
	pthread_once(&once, compute);
	return identity;
}
