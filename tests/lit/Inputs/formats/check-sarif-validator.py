# Reads the log that "sarif-multitool validate ... -o OUT" wrote (a SARIF
# log of its own: one result per problem it found in ours) and fails if
# any result is an error or a warning, printing each.  The validator's
# exit status is 0 whatever it finds, hence this.  The tests run it as
# lit.cfg.py's %sarif-validate: its own rules and GitHub's upload rules
# (--rule-kind "Sarif;Gh"), and notes kept (--level "Error;Warning;Note").
#
#   check-sarif-validator.py OUT.sarif
#
# The notes are the sign that the validator read the log at all:
# sarif-multitool 5.7.0 reports nothing about a log it cannot load (an
# unknown enum value, say), while a log it read always gets some (one
# SARIF2012 "provide a helpUri" per rule: isbcheck has no web page to
# point to).  A log with no result at all was not validated.  Notes are
# not problems: rule ids not of the form ABC1234, no helpUri, no message
# arguments, no version-control provenance.
#
# One warning is expected and printed as such:
#   SARIF2005 Warning_ProvideToolnformationUri  isbcheck has no web page
#              to name in tool.driver.informationUri.
import json
import re
import sys

EXPECTED = {
    ("SARIF2005", "Warning_ProvideToolnformationUri"): "isbcheck has no web page",
}

try:
    log = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    sys.exit("error: the validator wrote no readable log: %s" % e)

run = log["runs"][0]
rules = run["tool"]["driver"].get("rules", [])
ok = True
for inv in run.get("invocations", []):
    if not inv.get("executionSuccessful", False):
        print("error: the validator did not run to the end")
        ok = False
    for n in inv.get("toolExecutionNotifications", []) + \
            inv.get("toolConfigurationNotifications", []):
        print("error: validator: %s" % n.get("message", {}).get("text", n))
        ok = False


def rule_of(r):
    i = r.get("ruleIndex")
    if i is not None and 0 <= i < len(rules):
        return rules[i]
    for rule in rules:
        if rule.get("id") == r.get("ruleId"):
            return rule
    return {}


def text_of(r, rule):
    m = r.get("message", {})
    if "text" in m:
        return m["text"]
    fmt = rule.get("messageStrings", {}).get(m.get("id"), {}).get("text")
    args = m.get("arguments", [])
    if not fmt:
        return "%s %s" % (m.get("id"), args)
    return re.sub(r"\{(\d+)\}", lambda g: args[int(g.group(1))]
                  if int(g.group(1)) < len(args) else g.group(0), fmt)


read_it = False
for r in run.get("results", []):
    rule = rule_of(r)
    # no level: the rule's default, else "warning" (SARIF 3.27.10)
    level = r.get("level") or \
        rule.get("defaultConfiguration", {}).get("level") or "warning"
    rid, mid = r.get("ruleId"), r.get("message", {}).get("id")
    read_it = True
    line = "%s %s: %s" % (level, rid, text_of(r, rule))
    if level not in ("error", "warning"):
        continue
    why = EXPECTED.get((rid, mid)) or EXPECTED.get((rid, None))
    if why:
        print("expected: %s (%s)" % (line, why))
    else:
        print("error: " + line)
        ok = False
if not read_it:
    print("error: no result from the validator, not even a note: it did not read the log")
    ok = False
sys.exit(0 if ok else 1)
