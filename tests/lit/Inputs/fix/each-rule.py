#!/usr/bin/env python3
"""Applies, rule by rule, the fixes isbcheck plans for that rule's findings
to a fresh copy of the sources, and checks that the re-run has none of that
rule's findings left and the same findings as before for every other rule
(matched without lines, which the insertions move).  The rules come from
`isbcheck --list-rules`, so a new rule is covered by adding its case.

One exception, said on a line of its own: a finding of another rule that
the fix's barrier also synchronizes, because the insertion lies on its
path (between two of its steps in one function: several rules' accesses
after one write, as in the corpus's PAC key case), may go.  Any other
finding gone, and any new one, is an error.

  each-rule.py ISBCHECK WORKDIR CORPUS [--rules DIR]
               [--case RULE FILE -- FLAGS...]...

CORPUS is checked whole (its *.c files, their compile_flags.txt); a rule
that cannot fire there gets a --case: one file, checked with FLAGS.
Prints one line per rule, then "N rules, E errors"; exit 1 on any error.
"""
import collections
import json
import os
import shutil
import subprocess
import sys

isbcheck, work, corpus = sys.argv[1:4]
cases = {}
rest = sys.argv[4:]
own = []
if rest[:1] == ["--rules"]:
    own = ["--rules=" + rest[1]]
    rest = rest[2:]
while rest:
    if rest[0] != "--case" or "--" not in rest:
        sys.exit("usage: each-rule.py ISBCHECK WORKDIR CORPUS "
                 "[--case RULE FILE -- FLAGS...]...")
    end = rest.index("--case", 1) if "--case" in rest[1:] else len(rest)
    dd = rest.index("--")
    cases[rest[1]] = (rest[2], rest[dd + 1:end])
    rest = rest[end:]

errors = []


def error(msg):
    errors.append(msg)
    print("error: " + msg)


def tree(name, src):
    """A fresh copy of src (a directory, or one file) in work/name."""
    dst = os.path.join(work, name)
    shutil.rmtree(dst, ignore_errors=True)
    if os.path.isdir(src):
        shutil.copytree(src, dst)
    else:
        os.makedirs(dst)
        shutil.copy(src, dst)
    return dst


def run(root, files, flags):
    """The findings of isbcheck --format=json on files in root."""
    cmd = [isbcheck, "--source-root=.", "--format=json"] + own + files
    if flags is not None:
        cmd += ["--"] + flags
    p = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode not in (0, 1):
        error("%s in %s: exit status %d: %s" % (" ".join(cmd), root,
                                                p.returncode, p.stderr))
        return []
    return json.loads(p.stdout)["findings"]


def key(f):
    """A finding without its lines: what stays when code moves."""
    return (f["rule"]["id"], f["access"]["file"], f["access"]["function"],
            f["access"]["what"], f["write"]["file"],
            f["write"]["function"], f["write"]["what"])


def on_path(f, fixes):
    """Is one of the insertions between two steps of f in one function?"""
    steps = f["path"]
    for a, b in zip(steps, steps[1:]):
        if a["file"] != b["file"] or a["function"] != b["function"]:
            continue
        for fx in fixes:
            if fx["file"] == a["file"] and a["line"] < fx["line"] <= b["line"]:
                return True
    return False


def apply(root, fixes):
    """Inserts each fix's lines before its line, each distinct one once."""
    by_file = collections.defaultdict(set)
    for fx in fixes:
        by_file[fx["file"]].add((fx["line"], tuple(fx["lines"])))
    for name, edits in by_file.items():
        path = os.path.join(root, name)
        lines = open(path).read().split("\n")
        for line, new in sorted(edits, reverse=True):
            lines[line - 1:line - 1] = list(new)
        open(path, "w").write("\n".join(lines))
    return sum(len(e) for e in by_file.values())


rules = [l.strip() for l in subprocess.run(
    [isbcheck, "--list-rules"] + own, stdout=subprocess.PIPE, text=True,
    check=True).stdout.splitlines() if l.strip() and not l.startswith(" ")]

files = sorted(os.path.relpath(os.path.join(d, f), corpus)
               for d, _, fs in os.walk(corpus) for f in fs if f.endswith(".c"))
base = run(tree("corpus", corpus), files, None)

for rule in rules:
    src, names, flags = corpus, files, None
    before = base
    if rule in cases:
        src, flags = cases[rule]
        names = [os.path.basename(src)]
        before = run(tree("case", src), names, flags)
    mine = [f for f in before if f["rule"]["id"] == rule]
    if not mine:
        error("%s: no finding in its case to fix" % rule)
        continue
    # a state rule's finding whose missing piece is a write gets no fix
    # (isbcheck does not choose a value to write): it must stay, alone
    writes = collections.Counter(key(f) for f in mine
                                 if not f["fix"] and f["state"])
    unfixed = [f for f in mine if not f["fix"] and not f["state"]]
    for f in unfixed:
        error("%s: %s:%d has no fix: %s" % (rule, f["access"]["file"],
                                            f["access"]["line"],
                                            f["why_no_fix"]))
    root = tree("fixed-" + rule, src)
    # a finding's own fix, and those of the accesses grouped under it
    n = apply(root, [x for f in mine
                     for x in [f["fix"]] + [m["fix"] for m in f["more"]]
                     if x])
    after = run(root, names, flags)
    left = [f for f in after if f["rule"]["id"] == rule]
    kept = collections.Counter(key(f) for f in left)
    if kept != writes:
        error("%s: after its fix, the findings left are not those with no "
              "fix: %s" % (rule, list(((kept - writes) +
                                       (writes - kept)).elements())))
    left = [f for f in left if key(f) not in writes]
    for f in left:
        error("%s: still reported after its fix: %s:%d" %
              (rule, f["access"]["file"], f["access"]["line"]))
    others = collections.Counter(key(f) for f in before
                                 if f["rule"]["id"] != rule)
    now = collections.Counter(key(f) for f in after
                              if f["rule"]["id"] != rule)
    gone = others - now
    fixes = [f["fix"] for f in mine if f["fix"]]
    covered = collections.Counter(key(f) for f in before
                                  if f["rule"]["id"] != rule
                                  and on_path(f, fixes))
    also = gone & covered
    gone -= also
    if gone or now - others:
        error("%s: its fix changed other findings: gone %s, new %s" %
              (rule, list(gone.elements()),
               list((now - others).elements())))
    print("%s: %d finding%s, %d insertion%s, %s" % (
        rule, len(mine), "" if len(mine) == 1 else "s", n,
        "" if n == 1 else "s",
        "silent after the fix" if not left else "NOT silent"))
    if writes:
        print("%s: %d left, as they should be: no fix makes the state's write"
              % (rule, sum(writes.values())))
    if also:
        print("%s: its fix also synchronizes, on their paths: %s" %
              (rule, ", ".join(k[0] for k in sorted(also.elements()))))

print("%d rules, %d errors" % (len(rules), len(errors)))
sys.exit(1 if errors else 0)
