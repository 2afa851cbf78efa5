#!/usr/bin/env python3
# Edits a cache entry (checker/cache.c says its format): replaces the first
# match of PATTERN (a Python regular expression, over whole lines with
# re.M) by REPLACEMENT, then writes the checksum on its last line again,
# so that what is left wrong is what the edit did; with --keep-checksum,
# the old checksum stays.
# usage: entry.py [--keep-checksum] ENTRY PATTERN REPLACEMENT
import re, sys

args = sys.argv[1:]
keep = args[0] == "--keep-checksum"
if keep:
    args = args[1:]
path, pattern, repl = args
data = open(path, "rb").read()
body, _, last = data[:-1].rpartition(b"\n")
body += b"\n"
new = re.sub(pattern.encode(), repl.encode(), body, count=1, flags=re.M)
if new == body:
    sys.exit("entry.py: %s: no match for %s" % (path, pattern))
h = 0xcbf29ce484222325
if not keep:
    for b in new:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    last = b"end %016x" % h
open(path, "wb").write(new + last + b"\n")
