# Checks an isbcheck --format=json report: valid against the schema
# (docs/json.schema.json, draft 2020-12, with Debian's python3-jsonschema)
# and consistent with itself; then prints one digest line per finding for
# FileCheck.  Exit 1, after naming each problem, if anything is wrong.
#
#   check-json.py SCHEMA REPORT [--text TEXT] [--status N]
#
# --text: the text output of the same run; the shown findings' "text"
# fields, in order, must be exactly it.  --status: the run's exit status.
import argparse
import json
import sys

import jsonschema

ap = argparse.ArgumentParser()
ap.add_argument("schema")
ap.add_argument("report")
ap.add_argument("--text")
ap.add_argument("--status", type=int)
args = ap.parse_args()

problems = []


def problem(msg):
    problems.append(msg)


schema = json.load(open(args.schema))
cls = jsonschema.validators.validator_for(schema)
if cls is not jsonschema.Draft202012Validator:
    sys.exit("check-json: the schema is not read as draft 2020-12 (%s)" %
             cls.__name__)
cls.check_schema(schema)
try:
    doc = json.load(open(args.report))
except ValueError as e:
    sys.exit("check-json: %s is not JSON: %s" % (args.report, e))
for e in cls(schema).iter_errors(doc):
    problem("schema: %s: %s" % (e.json_path, e.message))
if problems:
    # the checks below assume the shape the schema promises
    for p in problems:
        print("error: " + p)
    sys.exit(1)

findings = doc["findings"]
c = doc["counts"]
shown = [f for f in findings if not f["suppressed"] and
         f["baseline"] != "unchanged"]
if c["findings"] != len(findings):
    problem("counts.findings is %d, but %d findings" %
            (c["findings"], len(findings)))
if c["shown"] != len(shown):
    problem("counts.shown is %d, but %d are shown" % (c["shown"], len(shown)))
if c["suppressed"] != sum(1 for f in findings if f["suppressed"]):
    problem("counts.suppressed does not count the suppressed findings")
if c["baseline"] != sum(1 for f in findings if not f["suppressed"] and
                        f["baseline"] == "unchanged"):
    problem("counts.baseline does not count the unchanged findings")
if c["shown"] + c["suppressed"] + c["baseline"] != c["findings"]:
    problem("counts do not add up")
if c["incomplete"] != len(doc["incomplete"]):
    problem("counts.incomplete is %d, but %d files are listed" %
            (c["incomplete"], len(doc["incomplete"])))
if args.status is not None and doc["status"] != args.status:
    problem("status is %d, the run exited %d" % (doc["status"], args.status))
seen = set()
for i, f in enumerate(findings):
    where = "findings[%d]" % i
    if (f["baseline"] is None) == doc["baseline"]:
        problem(where + ": baseline must be null exactly when no baseline was given")
    path = f["path"]
    kinds = [s["kind"] for s in path]
    if kinds[0] != "write" or kinds[-1] != "access" or \
       any(k not in ("call", "return") for k in kinds[1:-1]):
        problem(where + ": path is not write, calls/returns, access: %s" % kinds)
    for step, ev in ((path[0], f["write"]), (path[-1], f["access"])):
        for k in ("file", "line", "column", "function"):
            if step[k] != ev[k]:
                problem(where + ": path %s %s differs from the %s's" %
                        (step["kind"], k, step["kind"]))
    if f["rule"]["id"] not in f["text"] or f["message"] not in f["text"]:
        problem(where + ": text does not carry the rule and message")
    if f["fingerprint"] in seen:
        problem(where + ": fingerprint %s is not unique" % f["fingerprint"])
    seen.add(f["fingerprint"])
if args.text is not None:
    text = open(args.text).read()
    joined = "".join(f["text"] for f in shown)
    if joined != text:
        problem("the shown findings' text is not the text output")

for p in problems:
    print("error: " + p)
print("findings %d shown %d suppressed %d baseline %d status %d" %
      (c["findings"], c["shown"], c["suppressed"], c["baseline"],
       doc["status"]))
for i, f in enumerate(findings):
    fix = f["fix"]
    print("finding %d: %s %s:%d:%d path=%s fix=%s%s%s" % (
        i, f["rule"]["id"], f["access"]["file"], f["access"]["line"],
        f["access"]["column"], ",".join(s["kind"] for s in f["path"]),
        "%s:%d" % (fix["file"], fix["line"]) if fix else "none",
        " suppressed" if f["suppressed"] else "",
        " " + f["baseline"] if f["baseline"] else ""))
sys.exit(1 if problems else 0)
