#!/usr/bin/env python3
# compile_commands.json for every corpus .c and .S under SRC, as an out-of-tree
# build in BUILD writes it: each entry runs in BUILD and names its file and
# its -I relative to it (so a name relative to the entry's directory is not
# one relative to where isbcheck runs).
# usage: compdb.py SRC BUILD > BUILD/compile_commands.json
import json, os, sys

src, build = sys.argv[1:]
entries = []
for sub, macro in (("nvhe", "__KVM_NVHE_HYPERVISOR__"),
                   ("vhe", "__KVM_VHE_HYPERVISOR__")):
    for name in sorted(os.listdir(os.path.join(src, sub))):
        if not name.endswith((".c", ".S")):
            continue
        rel = os.path.relpath(os.path.join(src, sub, name), build)
        entries.append({
            "directory": build,
            "file": rel,
            "arguments": ["clang", "--target=aarch64-linux-gnu",
                          "-ffreestanding", "-nostdinc",
                          "-I" + os.path.relpath(os.path.join(src, "include"), build),
                          "-D" + macro, "-c", "-o", name[:-2] + ".o", rel],
        })
json.dump(entries, sys.stdout, indent=1)
print()
