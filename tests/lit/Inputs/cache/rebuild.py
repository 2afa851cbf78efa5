#!/usr/bin/env python3
# Copies an ELF program with another GNU build id, as if it had been built
# again from other sources: the same bytes but the 20 (or so) of the
# id, found by its note header ("GNU\0" after a type of 3).
# usage: rebuild.py PROGRAM COPY
import os, re, shutil, struct, sys

src, dst = sys.argv[1:]
data = bytearray(open(src, "rb").read())
m = re.search(rb"(....)\x03\x00\x00\x00GNU\x00", bytes(data), re.S)
if not m or struct.unpack("<I", m.group(1)[:4])[0] not in (16, 20, 32):
    sys.exit("rebuild.py: %s: no GNU build id" % src)
n = struct.unpack("<I", m.group(1))[0]
start = m.end()
for i in range(start, start + n):
    data[i] ^= 0xff
open(dst, "wb").write(data)
shutil.copymode(src, dst)
