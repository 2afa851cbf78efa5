#!/usr/bin/env python3
"""Checks the README's GitHub Actions example: it parses as YAML, has the
steps the README describes, every isbcheck option it uses is one that
`isbcheck --help` documents, and the SARIF it uploads is the file the
check step writes.  Usage: workflow-check.py README.md HELP.txt"""
import re
import sys

import yaml

readme, helpfile = sys.argv[1], sys.argv[2]
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

for e in errors:
    print("README.md workflow: error: " + e)
print("workflow: %d steps, %d errors" % (len(steps), len(errors)))
sys.exit(1 if errors else 0)
