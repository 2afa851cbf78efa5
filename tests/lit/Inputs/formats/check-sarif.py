# Checks an isbcheck --format=sarif log beyond what a validator can: the
# mapping of findings onto results (docs/sarif.md), against the
# --format=json report of the same run when given; then prints one digest
# line per result for FileCheck.  Exit 1, after naming each problem, if
# anything is wrong.
#
#   check-sarif.py LOG --root DIR [--schema SARIF-SCHEMA] [--json REPORT]
#                  [--status N] [--rules LIST]
#
# --root: the source root (%SRCROOT%); the URIs must name files there.
# --schema: also validate with python3-jsonschema against the SARIF 2.1.0
# schema.  --status: the run's exit status.  --rules: the output of
# isbcheck --list-rules; the driver must list those rules, each once, in
# that order.  With --json, the files not fully analysed must be the
# invocation's notifications, one each.
import argparse
import json
import os
import re
import sys
import urllib.parse

ap = argparse.ArgumentParser()
ap.add_argument("log")
ap.add_argument("--root", required=True)
ap.add_argument("--schema")
ap.add_argument("--json")
ap.add_argument("--status", type=int)
ap.add_argument("--rules")
args = ap.parse_args()

problems = []


def problem(msg):
    problems.append(msg)


log = json.load(open(args.log))
if args.schema:
    import jsonschema
    schema = json.load(open(args.schema))
    cls = jsonschema.validators.validator_for(schema)
    for e in cls(schema).iter_errors(log):
        problem("schema: %s: %s" % (e.json_path, e.message))
    if problems:
        for p in problems:
            print("error: " + p)
        sys.exit(1)

OASIS = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
if log.get("$schema") != OASIS:
    problem("$schema is %r, not the OASIS schema GitHub asks for" %
            log.get("$schema"))
if log.get("version") != "2.1.0" or len(log.get("runs", [])) != 1:
    problem("not one SARIF 2.1.0 run")
run = log["runs"][0]
driver = run["tool"]["driver"]
if driver.get("name") != "isbcheck":
    problem("tool.driver.name is not isbcheck")
if not re.match(r"^\d+\.\d+\.\d+([-+].*)?$", driver.get("semanticVersion", "")):
    problem("semanticVersion %r is not MAJOR.MINOR.PATCH" %
            driver.get("semanticVersion"))
rules = driver.get("rules", [])
ids = [r["id"] for r in rules]
if len(set(ids)) != len(ids):
    problem("a rule is listed twice: %s" % ids)
if args.rules:
    want = [l.strip() for l in open(args.rules) if l.strip() and
            not l.startswith(" ")]
    if ids != want:
        problem("the driver lists rules %s, the rule set has %s" % (ids, want))
for r in rules:
    for k in ("name", "shortDescription", "fullDescription", "help"):
        if k not in r:
            problem("rule %s has no %s" % (r["id"], k))
    if r["properties"]["cite"] not in r["help"]["text"]:
        problem("rule %s: help does not give the citation" % r["id"])
    if "markdown" not in r["help"]:
        problem("rule %s: help has no markdown" % r["id"])
    # the markdown escapes what it must, so compare its words
    elif re.sub(r"\\(.)", r"\1", r["help"]["markdown"]).find(
            r["properties"]["cite"]) < 0:
        problem("rule %s: the markdown help does not give the citation" %
                r["id"])
    if r["shortDescription"]["text"] == r["fullDescription"]["text"]:
        problem("rule %s: the short description is the full one" % r["id"])
    if not r["properties"].get("tags"):
        problem("rule %s has no tags" % r["id"])

root = os.path.realpath(args.root)
base = run.get("originalUriBaseIds", {}).get("%SRCROOT%", {}).get("uri")
if not base or not base.startswith("file:///") or \
   urllib.parse.unquote(base[7:]) != root.rstrip("/") + "/":
    problem("%%SRCROOT%% is %r, not the source root %s" % (base, root))

inv = run["invocations"][0]
if args.status is not None:
    if inv.get("exitCode") != args.status:
        problem("exitCode %r, the run exited %d" % (inv.get("exitCode"),
                                                     args.status))
    notes = inv.get("toolExecutionNotifications", [])
    if inv.get("executionSuccessful") != (args.status < 2 and not notes):
        problem("executionSuccessful does not match exit status %d and %d notifications" %
                (args.status, len(notes)))
descriptors = [d["id"] for d in driver.get("notifications", [])]
for n in inv.get("toolExecutionNotifications", []):
    d = n.get("descriptor", {})
    if d.get("id") not in descriptors or \
       descriptors.index(d["id"]) != d.get("index"):
        problem("notification %r names no descriptor of the driver" %
                n["message"]["text"])
    if n.get("level") != "error" or not n.get("locations"):
        problem("notification %r: not an error at the file" %
                n["message"]["text"])
if "--format=sarif" not in inv.get("arguments", []) or \
   "--format=sarif" not in inv.get("commandLine", ""):
    problem("the invocation does not give the command line")


def path_of(al):
    """The file an artifactLocation names, on this machine."""
    uri = al["uri"]
    if al.get("uriBaseId"):
        if al["uriBaseId"] != "%SRCROOT%" or uri.startswith("/") or \
           urllib.parse.urlsplit(uri).scheme:
            problem("%r is not relative to %%SRCROOT%%" % uri)
        return os.path.join(root, urllib.parse.unquote_to_bytes(uri).decode(
            "utf-8", "surrogateescape"))
    if not uri.startswith("file:///"):
        problem("%r is neither relative to %%SRCROOT%% nor a file URI" % uri)
    return urllib.parse.unquote_to_bytes(uri[7:]).decode(
        "utf-8", "surrogateescape")


def where(loc):
    pl = loc["physicalLocation"]
    path = path_of(pl["artifactLocation"])
    if not os.path.exists(path):
        problem("%r names no file" % pl["artifactLocation"]["uri"])
    reg = pl["region"]
    return path, reg["startLine"], reg["startColumn"], reg.get("snippet")


def source_line(path, line):
    try:
        with open(path, "rb") as f:
            return f.read().split(b"\n")[line - 1].decode("utf-8", "replace")
    except (OSError, IndexError):
        return None


results = run["results"]
fps = set()
for i, r in enumerate(results):
    at = "results[%d]" % i
    ri = r.get("ruleIndex")
    if ri is None or ri >= len(rules) or rules[ri]["id"] != r["ruleId"]:
        problem(at + ": ruleIndex does not point at rule " + r["ruleId"])
    if r.get("level") != "warning" or not r["message"].get("text"):
        problem(at + ": not a warning with a message")
    # related: the write, then each further access of the same cause
    if len(r["locations"]) != 1 or len(r.get("relatedLocations", [])) < 1:
        problem(at + ": not one location and at least one related location")
    for k, rel in enumerate(r.get("relatedLocations", [])[1:]):
        if not rel.get("message", {}).get("text") or where(rel)[0] is None:
            problem(at + ": further access %d has no place or message" % k)
    acc, wr = r["locations"][0], r["relatedLocations"][0]
    path, line, col, snip = where(acc)
    text = source_line(path, line)
    # the snippet is the region: its line from the start column on
    if text is None or snip is None or text[col - 1:] != snip["text"]:
        problem(at + ": the snippet is not line %d from column %d" %
                (line, col))
    if wr.get("id") != 1 or not wr.get("message", {}).get("text"):
        problem(at + ": the write is not related location 1 with a message")
    flows = r.get("codeFlows", [])
    steps = flows[0]["threadFlows"][0]["locations"] if flows else []
    if len(flows) != 1 or len(flows[0]["threadFlows"]) != 1 or \
       len(steps) < 2:
        problem(at + ": not one code flow of one thread with 2 or more steps")
    else:
        if where(steps[0]["location"])[:3] != where(wr)[:3] or \
           where(steps[-1]["location"])[:3] != (path, line, col):
            problem(at + ": the flow does not go from the write to the access")
        for s in steps:
            if not s["location"].get("message", {}).get("text"):
                problem(at + ": a step of the flow has no message")
    fp = r.get("partialFingerprints", {}).get("isbcheck/v1")
    if not fp or fp in fps:
        problem(at + ": no partial fingerprint, or not unique")
    fps.add(fp)
    for fx in r.get("fixes", []):
        for ch in fx["artifactChanges"]:
            if not os.path.exists(path_of(ch["artifactLocation"])):
                problem(at + ": the fix names no file")
            for rep in ch["replacements"]:
                d = rep["deletedRegion"]
                if d.get("startColumn") != 1 or d.get("endColumn") != 1 or \
                   d.get("endLine", d["startLine"]) != d["startLine"]:
                    problem(at + ": the fix deletes something")

if args.json:
    report = json.load(open(args.json))
    findings = report["findings"]
    files = [path_of(n["locations"][0]["physicalLocation"]
                     ["artifactLocation"])
             for n in inv.get("toolExecutionNotifications", [])]
    want = [os.path.join(root, i["file"]) for i in report["incomplete"]]
    if files != want:
        problem("notifications for %s, the JSON report says %s not fully analysed" %
                (files, want))
    if len(findings) != len(results):
        problem("%d results for %d findings" % (len(results), len(findings)))
    for i, (r, f) in enumerate(zip(results, findings)):
        at = "results[%d]" % i
        flow = r["codeFlows"][0]["threadFlows"][0]["locations"]
        fix = r.get("fixes")
        same = [
            ("ruleId", r["ruleId"], f["rule"]["id"]),
            ("message", r["message"]["text"], f["message"]),
            ("line", r["locations"][0]["physicalLocation"]["region"]
             ["startLine"], f["access"]["line"]),
            ("write line", r["relatedLocations"][0]["physicalLocation"]
             ["region"]["startLine"], f["write"]["line"]),
            ("write message", r["relatedLocations"][0]["message"]["text"],
             f["path"][0]["text"]),
            ("flow", [s["location"]["message"]["text"] for s in flow],
             [s["text"] for s in f["path"]]),
            ("flow kinds", [s.get("kinds", []) for s in flow],
             [[s["kind"]] if s["kind"] in ("call", "return") else []
              for s in f["path"]]),
            ("fingerprint", r["partialFingerprints"]["isbcheck/v1"],
             f["fingerprint"]),
            ("further accesses",
             [x["physicalLocation"]["region"]["startLine"]
              for x in r["relatedLocations"][1:]],
             [m["access"]["line"] for m in f["more"]]),
            ("fix", None if not fix else (
                fix[0]["artifactChanges"][0]["replacements"][0]
                ["deletedRegion"]["startLine"],
                fix[0]["artifactChanges"][0]["replacements"][0]
                ["insertedContent"]["text"]),
             None if not f["fix"] else (
                f["fix"]["line"], "".join(x + "\n" for x in f["fix"]["lines"]))),
            ("suppression", [s["justification"] for s in
                             r.get("suppressions", [])],
             [f["suppressed"]] if f["suppressed"] else []),
            ("baselineState", r.get("baselineState"), f["baseline"]),
        ]
        for what, got, want in same:
            if got != want:
                problem("%s: %s is %r, the JSON report says %r" %
                        (at, what, got, want))

for p in problems:
    print("error: " + p)
print("results %d rules %d" % (len(results), len(rules)))
for i, r in enumerate(results):
    pl = r["locations"][0]["physicalLocation"]
    fix = r.get("fixes")
    flow = r["codeFlows"][0]["threadFlows"][0]["locations"]
    print("result %d: %s [%d] %s:%d:%d flow=%d fix=%s%s%s" % (
        i, r["ruleId"], r["ruleIndex"], pl["artifactLocation"]["uri"],
        pl["region"]["startLine"], pl["region"]["startColumn"], len(flow),
        fix[0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
        ["startLine"] if fix else "none",
        " suppressed" if r.get("suppressions") else "",
        " " + r["baselineState"] if "baselineState" in r else ""))
sys.exit(1 if problems else 0)
