# Applies the fixes of a SARIF log as a consumer would read them (SARIF
# 2.1.0 3.55-3.57: each replacement deletes its region, then inserts its
# content there), to the files under the log's %SRCROOT%.  The same edit
# asked for by two results is made once, as isbcheck --fix does.
#
#   apply-sarif-fixes.py LOG
import collections
import json
import sys
import urllib.parse

log = json.load(open(sys.argv[1]))
run = log["runs"][0]
bases = {k: v["uri"] for k, v in run.get("originalUriBaseIds", {}).items()}


def path_of(al):
    uri = al["uri"]
    if "uriBaseId" in al:
        uri = bases[al["uriBaseId"]] + uri
    assert uri.startswith("file:///"), uri
    return urllib.parse.unquote(uri[7:])


edits = collections.defaultdict(list)
for r in run["results"]:
    for fx in r.get("fixes", []):
        for ch in fx["artifactChanges"]:
            for rep in ch["replacements"]:
                d = rep["deletedRegion"]
                # only insertions: an empty region at the start of a line
                assert d["startColumn"] == 1 and d["endColumn"] == 1
                assert d.get("endLine", d["startLine"]) == d["startLine"]
                e = (d["startLine"], rep["insertedContent"]["text"])
                if e not in edits[path_of(ch["artifactLocation"])]:
                    edits[path_of(ch["artifactLocation"])].append(e)

n = 0
for path, ins in sorted(edits.items()):
    lines = open(path).read().splitlines(keepends=True)
    # from the bottom up, so that the line numbers above stay right; at
    # one line, the last asked for first, so that the first ends on top
    order = sorted(range(len(ins)), key=lambda i: (-ins[i][0], -i))
    for line, text in (ins[i] for i in order):
        lines[line - 1:line - 1] = [text]
        n += 1
    open(path, "w").write("".join(lines))
print("%d insertions" % n)
