/* SPDX-License-Identifier: GPL-2.0 */
/*
 * buildid.h - what identifies the code that builds a program model: this
 * isbcheck binary and the libclang it runs on, so that a cache entry one
 * build wrote is never read by another.
 *
 * Out: a hash of the GNU build id (the linker's note, NT_GNU_BUILD_ID) of
 * the program and of every loaded libclang and libLLVM library (or, for
 * one that has no such note, of its file's bytes), and of
 * clang_getClangVersion().  Computed once per process.
 */
#ifndef ISBCHECK_BUILDID_H
#define ISBCHECK_BUILDID_H

#include <stdint.h>

uint64_t build_identity(void);

#endif
