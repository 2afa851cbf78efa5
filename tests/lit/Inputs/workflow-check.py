#!/usr/bin/env python3
"""Checks the README's GitHub Actions example: it parses as YAML, has the
steps the README describes, every isbcheck option it uses is one that
`isbcheck --help` documents, the SARIF it uploads is the file the check
step writes, and a fresh debian:12 gets every package the kernel build
needs (those tests/kernel/prepare installs, less what ./configure does).
Usage: workflow-check.py README.md HELP.txt [--check-script OUT]
With --check-script, also writes the check step's script to OUT, for the
test to run it."""
import os
import re
import sys

import yaml

readme, helpfile = sys.argv[1], sys.argv[2]
script_out = sys.argv[4] if sys.argv[3:4] == ["--check-script"] else None
# the repository this script is in (tests/lit/Inputs/)
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
text = open(readme).read()
m = re.search(r"<!-- workflow:[^>]*-->\n```yaml\n(.*?)```", text, re.S)
if not m:
    sys.exit("README.md: no workflow block after '<!-- workflow:'")
flow = yaml.safe_load(m.group(1))
help_text = open(helpfile).read()
errors = []

steps = flow["jobs"]["isbcheck"]["steps"]
runs = "\n".join(s.get("run", "") for s in steps).replace("\\\n", " ")
uses = [s["uses"] for s in steps if "uses" in s]
check = [s for s in steps if "isbcheck -p" in s.get("run", "")]
upload = [s for s in steps
          if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
if len(check) != 1:
    errors.append("expected one step running isbcheck -p, found %d" % len(check))
if len(upload) != 1:
    errors.append("expected one upload-sarif step, found %d" % len(upload))
if flow["jobs"]["isbcheck"]["permissions"].get("security-events") != "write":
    errors.append("upload-sarif needs security-events: write")

for opt in sorted(set(re.findall(r"bin/isbcheck [^\n]*", runs))):
    for name in re.findall(r"(?<=\s)(--[a-z-]+|-[a-zA-Z])(?==|\s|$)", opt):
        if not re.search(r"^\s+%s[ =,]" % re.escape(name), help_text, re.M):
            errors.append("option %s is not in isbcheck --help" % name)

# every option the check step's script spells, in assignments too
if check:
    for name in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)(?==|\s|$)",
                                      check[0]["run"]))):
        if not re.search(r"^\s+%s[ =,]" % re.escape(name), help_text, re.M):
            errors.append("option %s is not in isbcheck --help" % name)

if check and upload:
    cmd = check[0]["run"].replace("\\\n", " ")
    out = re.search(r"-o (\S+)", cmd)
    if "--format=sarif" not in cmd or not out:
        errors.append("the check step does not write SARIF with -o FILE")
    elif upload[0]["with"]["sarif_file"] != out.group(1):
        errors.append("upload-sarif uploads %s, the check writes %s"
                      % (upload[0]["with"]["sarif_file"], out.group(1)))
    if upload[0].get("if") != "always()":
        errors.append("upload-sarif must run even when the check fails")

# The packages: what the kernel's clang build needs on a fresh debian:12.
def packages(path, var):
    m = re.search(r"^%s=\"([^\"]*)\"" % var, open(path).read(), re.M)
    return set(m.group(1).replace("$LLVM_VERSION", "19").split()) if m else set()


needed = packages(os.path.join(root, "tests", "kernel", "prepare"), "packages")
needed -= packages(os.path.join(root, "configure"), "BUILD_PACKAGES")
needed -= {"linux-source-6.12", "xz-utils"}    # the tree is the checkout
installed = set()
for line in re.findall(r"apt-get install -y ([^\n]*)", runs):
    installed |= set(line.split())
if not needed:
    errors.append("found no package list in tests/kernel/prepare")
for p in sorted(needed - installed):
    errors.append("the kernel build needs %s, which no step installs" % p)

if check and script_out:
    open(script_out, "w").write(check[0]["run"])

for e in errors:
    print("README.md workflow: error: " + e)
print("workflow: %d steps, %d errors" % (len(steps), len(errors)))
sys.exit(1 if errors else 0)
