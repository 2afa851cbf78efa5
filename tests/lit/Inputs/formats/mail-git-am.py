#!/usr/bin/env python3
"""Feeds each finding of a --format=mail report, as a reviewer's reply
holding that one finding, to "git am --scissors" in REPO (a git work tree
with the checked sources committed), and checks the commit it makes: the
subject, a message naming the finding's rule and citation, a Fixes: line
naming the commit that last changed the write's line, no Signed-off-by,
and the lines the patch adds.  Each commit is undone after, so that every
patch is taken on the unchanged sources.  Prints a line per finding, then
"N applied, E errors"; exit 1 on any error.

  mail-git-am.py REPO REPORT
"""
import re
import subprocess
import sys

repo, report = sys.argv[1:3]
text = open(report).read()
blocks = re.split(r"^(?==== \d+ of \d+ =+$)", text, flags=re.M)[1:]
errors = []


def git(*args, **kw):
    return subprocess.run(["git", "-C", repo] + list(args), text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          **kw)


def error(nr, msg):
    errors.append(msg)
    print("error: finding %d: %s" % (nr, msg))


head = git("rev-parse", "HEAD").stdout.strip()
applied = 0
for nr, block in enumerate(blocks, 1):
    if "-- >8 --" not in block:
        print("finding %d: no patch" % nr)
        continue
    rule = re.search(r"\[([a-z0-9-]+)\]\n", block).group(1)
    cite = re.search(r"^See: (.*(?:\n     .*)*)", block, re.M).group(1)
    cite = " ".join(cite.split())
    mail = ("From: A Reviewer <reviewer@example.org>\n"
            "Date: Mon, 1 Jan 2024 00:00:00 +0000\n"
            "Subject: Re: [PATCH] the series under review\n\n"
            "Thanks; isbcheck says:\n\n" + block)
    am = git("am", "--scissors", input=mail)
    if am.returncode:
        error(nr, "git am failed: " + am.stderr.strip())
        git("am", "--abort")
        continue
    msg = git("log", "-1", "--format=%B").stdout
    subject = msg.split("\n", 1)[0]
    flat = " ".join(msg.split())
    if not re.match(r"^\S+\(\): synchronize the .+", subject):
        error(nr, "subject %r" % subject)
    if rule not in flat or cite not in flat:
        error(nr, "the message does not name rule %s and its citation" %
              rule)
    if "Signed-off-by" in msg:
        error(nr, "the message has a Signed-off-by")
    if "8<" in msg or ">8" in msg or "===" in msg or "Path:" in msg:
        error(nr, "the message keeps text from before the scissors")
    fixes = re.findall(r"^Fixes: ([0-9a-f]{12}) \(\"(.*)\"\)$", msg, re.M)
    # the oracle: the commit that last changed the write's line
    wfile, wline = re.search(r"^Path:\n([^:\s]+):(\d+)  ", block,
                             re.M).groups()
    blamed = git("blame", "--porcelain", "-L", "%s,%s" % (wline, wline),
                 head, "--", wfile).stdout.split()[0]
    want = git("log", "-1", "--format=%h (\"%s\")", "--abbrev=12",
               blamed).stdout.strip()
    if len(fixes) != 1 or '%s ("%s")' % fixes[0] != want:
        error(nr, "Fixes: %s, not the commit %s" % (fixes, want))
    stat = git("diff", "--numstat", "HEAD~1", "HEAD").stdout.split()
    author = git("log", "-1", "--format=%an <%ae>").stdout.strip()
    print("finding %d: %s; %s; +%s -%s %s; by %s" % (
        nr, subject, "Fixes: " + fixes[0][0] if fixes else "no Fixes",
        stat[0], stat[1], stat[2], author))
    applied += 1
    git("reset", "-q", "--hard", head)

print("%d applied, %d errors" % (applied, len(errors)))
sys.exit(1 if errors else 0)
