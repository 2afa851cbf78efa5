"""What the language server publishes, checked against the command line.
usage: diagnostics.py ISBCHECK CORPUS-COPY WORK
Each check prints "ok: ..." or raises; every wait has a deadline."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from lspclient import Server, uri  # noqa: E402

isbcheck, corpus, work = sys.argv[1:4]
WARN = re.compile(r"^([^:]+):(\d+):(\d+): warning: (.*) \[([a-z0-9-]+)\]$")
NOTE = re.compile(r"^([^:]+):(\d+):(\d+): note: (.*)$")


def ok(what):
    print("ok:", what)


def cli(args, cwd):
    p = subprocess.run([isbcheck] + args, cwd=cwd, capture_output=True,
                       text=True, timeout=120)
    return p.stdout


def findings(text, cwd):
    """(abs file, line, col, rule) -> (message, first note) of the text."""
    out, last, more = {}, None, 0
    for line in text.splitlines():
        m = WARN.match(line)
        if m:
            last = (os.path.realpath(os.path.join(cwd, m[1])), int(m[2]),
                    int(m[3]), m[5])
            out[last] = [m[4], None]
            continue
        m = NOTE.match(line)
        if m and last and out[last][1] is None:
            out[last][1] = (os.path.realpath(os.path.join(cwd, m[1])),
                            int(m[2]), int(m[3]), m[4])
        elif m and last and re.match(r"and \d+ more access", m[4]):
            more = int(re.match(r"and (\d+)", m[4])[1])
        elif m and last and more and m[4].endswith(" here"):
            # an access grouped under the finding: in the editor, a
            # diagnostic of its own (its message is not printed here)
            out[(os.path.realpath(os.path.join(cwd, m[1])), int(m[2]),
                 int(m[3]), last[3])] = None
            more -= 1
    return out


def path_of(u):
    assert u.startswith("file://"), u
    return os.path.realpath(re.sub(
        "%([0-9A-Fa-f]{2})", lambda m: chr(int(m[1], 16)), u[7:]))


def open_doc(s, path, text=None, version=1):
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri(path), "languageId": "c", "version": version,
        "text": open(path).read() if text is None else text}})


def server(*opts, caps=None, cwd=None):
    s = Server([isbcheck, "--lsp"] + list(opts), cwd=cwd or corpus,
               timeout=60)
    s.initialize(cwd or corpus, caps)
    return s


def finish(s):
    s.response(s.request("shutdown"))
    s.notify("exit")
    assert s.finish() == 0, s.stderr


# Every corpus file, opened in one server: the diagnostics of each file,
# headers included, are the warnings of the command line on the same
# files (each checked alone, as the server checks each open file).
files = sorted(glob.glob(os.path.join(corpus, "*", "*.c")))
want = {}
for f in files:
    want.update(findings(cli([os.path.relpath(f, corpus)], corpus), corpus))
assert len(want) > 10, want
s = server()
got, last = {}, {}
for f in files:
    open_doc(s, f)
    # the file's own list comes last, after its headers'
    while True:
        p = s.wait_for(lambda m: m.get("method") ==
                       "textDocument/publishDiagnostics")["params"]
        last[path_of(p["uri"])] = p["diagnostics"]
        if p["uri"] == uri(f):
            break
for path, diags in last.items():
    for d in diags:
        if d.get("code") is None:
            continue
        r = d["range"]["start"]
        got[(path, r["line"] + 1, r["character"] + 1, d["code"])] = d
assert set(got) == set(want), (sorted(set(got) ^ set(want)))
for k, d in got.items():
    if want[k] is None:
        continue    # a grouped access: checked to be there, above
    message, note = want[k]
    assert d["severity"] == 2 and d["source"] == "isbcheck", d
    assert d["message"].startswith(message + "; see "), d
    rel = d["relatedInformation"][0]
    r = rel["location"]["range"]["start"]
    assert (path_of(rel["location"]["uri"]), r["line"] + 1,
            r["character"] + 1) == note[:3], (rel, note)
    assert rel["message"] == note[3], (rel, note)
ok("%d findings of %d files and their headers, as the command line's"
   % (len(got), len(files)))

# The return path is related information too.
seeded = os.path.join(corpus, "vhe", "seeded.c")
d = [d for k, d in got.items() if k[0] == os.path.realpath(seeded)][0]
assert any("returns here with the write not yet synchronized" in r["message"]
           for r in d["relatedInformation"]), d
ok("the path's return in the related information")

# Hover on the access: the rule's reason and citation, as --list-rules
# gives them.
rules = cli(["--list-rules"], corpus).splitlines()
why = rules[rules.index(d["code"]) + 1].strip()
cite = rules[rules.index(d["code"]) + 2].strip()[len("see "):]
i = s.request("textDocument/hover", {"textDocument": {"uri": uri(seeded)},
                                     "position": d["range"]["start"]})
h = s.response(i)["result"]
assert why in h["contents"]["value"] and cite in h["contents"]["value"], h
assert h["range"] == d["range"], h
i = s.request("textDocument/hover", {"textDocument": {"uri": uri(seeded)},
                                     "position": {"line": 0, "character": 0}})
assert s.response(i)["result"] is None
ok("hover: the rule's why and citation at the access, nothing elsewhere")

# The unsaved text is what is checked: the fix in the buffer clears the
# finding, the file on disk unchanged; an unsaved suppression comment too.
text = open(seeded).read()
line = d["range"]["start"]["line"]
lines = text.split("\n")
fixed = "\n".join(lines[:line] + ["\tisb();"] + lines[line:])
s.notify("textDocument/didChange", {
    "textDocument": {"uri": uri(seeded), "version": 2},
    "contentChanges": [{"text": fixed}]})
p = s.diagnostics(uri(seeded))
assert p["version"] == 2
assert len(p["diagnostics"]) == len(last[os.path.realpath(seeded)]) - 1, p
assert open(seeded).read() == text
quiet = "\n".join(lines[:line] + ["\t/* isbcheck: ignore %s: reviewed */"
                                  % d["code"]] + lines[line:])
s.notify("textDocument/didChange", {
    "textDocument": {"uri": uri(seeded), "version": 3},
    "contentChanges": [{"text": quiet}]})
p = s.diagnostics(uri(seeded))
assert len(p["diagnostics"]) == len(last[os.path.realpath(seeded)]) - 1, p
ok("the editor's unsaved text is checked, suppressions in it too")

# The fix-all source action makes the edits of --fix, byte for byte.
s.notify("textDocument/didChange", {
    "textDocument": {"uri": uri(seeded), "version": 4},
    "contentChanges": [{"text": text}]})
s.diagnostics(uri(seeded))
i = s.request("textDocument/codeAction", {
    "textDocument": {"uri": uri(seeded)},
    "range": {"start": {"line": 0, "character": 0},
              "end": {"line": 0, "character": 0}},
    "context": {"diagnostics": [], "only": ["source.fixAll"]}})
acts = s.response(i)["result"]
assert [a["kind"] for a in acts] == ["source.fixAll.isbcheck"], acts
edits = acts[0]["edit"]["changes"][uri(seeded)]
new = text.split("\n")
for e in sorted(edits, key=lambda e: -e["range"]["start"]["line"]):
    at = e["range"]["start"]["line"]
    assert e["range"]["start"] == e["range"]["end"] == {"line": at,
                                                        "character": 0}
    new[at:at] = e["newText"].rstrip("\n").split("\n")
shutil.copytree(corpus, os.path.join(work, "fixed"))
subprocess.run([isbcheck, "--fix", "vhe/seeded.c"], capture_output=True,
               cwd=os.path.join(work, "fixed"), timeout=120)
assert "\n".join(new) == open(os.path.join(work, "fixed", "vhe",
                                           "seeded.c")).read()
ok("the fix-all action's edits are --fix's")

# A quick fix at a finding: its insertion only, as a quickfix.
i = s.request("textDocument/codeAction", {
    "textDocument": {"uri": uri(seeded)}, "range": d["range"],
    "context": {"diagnostics": [d], "only": ["quickfix"]}})
acts = s.response(i)["result"]
assert len(acts) == 1 and acts[0]["kind"] == "quickfix", acts
assert acts[0]["diagnostics"][0]["code"] == d["code"], acts
assert len(acts[0]["edit"]["changes"][uri(seeded)]) == 1, acts
assert acts[0]["edit"]["changes"][uri(seeded)][0]["newText"] in \
    [e["newText"] for e in edits], acts
ok("a quick fix per finding")

# Closing the file clears what it published.
s.notify("textDocument/didClose", {"textDocument": {"uri": uri(seeded)}})
p = s.diagnostics(uri(seeded))
assert p["diagnostics"] == [], p
finish(s)
ok("closing a file clears its diagnostics")

# Positions count UTF-16 code units, or bytes when the client offers
# UTF-8; the access after a comment of non-ASCII characters on its line.
uline = lines[line].replace("\t", "\t/*\u00e9\U0001d11e*/ ", 1)
utext = "\n".join(lines[:line] + [uline] + lines[line + 1:])
for caps, col in [(None, 1 + 2 + 1 + 2 + 3), ({"general": {
        "positionEncodings": ["utf-8", "utf-16"]}}, 1 + 2 + 2 + 4 + 3)]:
    s = server(caps=caps)
    open_doc(s, seeded, utext)
    p = s.diagnostics(uri(seeded))
    at = [x for x in p["diagnostics"] if x["range"]["start"]["line"] == line]
    assert at and at[0]["range"]["start"]["character"] == col, (col, at)
    finish(s)
ok("positions in UTF-16 code units, or UTF-8 bytes if negotiated")

# A file that does not parse: what the parse said, as information.
broken = "\n".join(lines[:line] + ["\tthis is not C;"] + lines[line:])
s = server()
open_doc(s, seeded, broken)
p = s.diagnostics(uri(seeded))
notes = [x for x in p["diagnostics"] if x["severity"] == 3]
assert notes and "analyses what could be parsed" in notes[0]["message"], p
finish(s)
ok("parse errors as information")

# Across files: the other files of a run come from --summary-dir or
# --cache-dir; without either the caller's file alone has no finding.
x = os.path.join(work, "xtu", "vhe")
os.makedirs(x)
shutil.copy(os.path.join(corpus, "vhe", "compile_flags.txt"), x)
inc = os.path.realpath(os.path.join(corpus, "include"))
with open(os.path.join(x, "compile_flags.txt"), "a") as fl:
    fl.write("-I%s\n" % inc)
with open(os.path.join(x, "helper.c"), "w") as fh:
    fh.write('#include <asm/sysreg.h>\nvoid enter_guest_regime(void)\n{\n'
             '\twrite_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);\n}\n')
with open(os.path.join(x, "flush.c"), "w") as fh:
    fh.write('#include <asm/kvm_hyp.h>\nvoid enter_guest_regime(void);\n'
             'void flush(void)\n{\n\tenter_guest_regime();\n'
             '\t__tlbi(vmalle1is);\n}\n')
top = os.path.join(work, "xtu")
cli(["--summary-dir=sum", "--cache-dir=cache", "vhe/helper.c",
     "vhe/flush.c"], top)
flush = os.path.join(x, "flush.c")
for opts, n in [([], 0), (["--summary-dir=sum"], 1),
                (["--cache-dir=cache"], 1)]:
    s = server(*opts, cwd=top)
    open_doc(s, flush)
    p = s.diagnostics(uri(flush))
    found = [q for q in p["diagnostics"] if q.get("code")]
    assert len(found) == n, (opts, p)
    if n:
        w = found[0]["relatedInformation"][0]["location"]
        assert path_of(w["uri"]) == os.path.realpath(
            os.path.join(x, "helper.c")), w
        assert w["range"]["start"]["line"] == 3, w
    finish(s)
ok("the other files of a run from --summary-dir and --cache-dir")

# The cache a -p run keeps by default, BUILD_DIR/.cache/isbcheck, named to
# a server running in another directory (the server has no default of its
# own): its entries, checked as a run checks them, are re-rooted there.
# Of a file's entries (one per set of flags) the newest is taken, and
# the server leaves the directory as it is: were a read to refresh an
# entry's time stamp, as a run's hit does, loading every entry would make
# the older one the newest for the next server, which would then lose
# the finding.  A directory that is not there is not created.
top2 = os.path.join(work, "xtu2")
x2 = os.path.join(top2, "vhe")
build = os.path.join(top2, "build")
os.makedirs(x2)
os.makedirs(build)
with open(os.path.join(x2, "helper.c"), "w") as fh:
    fh.write('#include <asm/sysreg.h>\nvoid enter_guest_regime(void)\n{\n'
             '#ifndef QUIET\n'
             '\twrite_sysreg(read_sysreg(hcr_el2) & ~HCR_TGE, hcr_el2);\n'
             '#endif\n}\n')
shutil.copy(os.path.join(x, "flush.c"), x2)
flags = [f.replace("-I../include", "-I" + inc) for f in
         open(os.path.join(corpus, "vhe", "compile_flags.txt")).read().split()]
cache = os.path.join(build, ".cache", "isbcheck")


def entries():
    return set(glob.glob(os.path.join(cache, "*.cfg")))


def p_run(defs):
    with open(os.path.join(build, "compile_commands.json"), "w") as fc:
        json.dump([{"directory": build, "file": os.path.join(x2, f),
                    "arguments": ["clang"] + flags + defs +
                    ["-c", os.path.join(x2, f)]}
                   for f in ("helper.c", "flush.c")], fc)
    before = entries()
    subprocess.run([isbcheck, "-p", "build"], cwd=top2, capture_output=True,
                   timeout=120)
    new = entries() - before
    assert len(new) == 2, (defs, new)
    return new


day = 24 * 3600
now = time.time()
for new, age in [(p_run(["-DQUIET"]), 3 * day), (p_run([]), 2 * day)]:
    for e in new:
        os.utime(e, (now - age, now - age))
stamps = {e: os.stat(e).st_mtime_ns for e in entries()}
elsewhere = os.path.join(work, "elsewhere")
os.makedirs(elsewhere)
flush2 = os.path.join(x2, "flush.c")
for attempt in (1, 2):
    s = server("--cache-dir=" + cache, cwd=elsewhere)
    open_doc(s, flush2)
    p = s.diagnostics(uri(flush2))
    found = [q for q in p["diagnostics"] if q.get("code")]
    assert len(found) == 1, (attempt, p)
    w = found[0]["relatedInformation"][0]["location"]
    assert path_of(w["uri"]) == os.path.realpath(
        os.path.join(x2, "helper.c")), w
    finish(s)
    assert {e: os.stat(e).st_mtime_ns for e in entries()} == stamps
missing = os.path.join(work, "no-such-cache")
s = server("--cache-dir=" + missing, cwd=elsewhere)
open_doc(s, flush2)
logs = []
p = s.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
               and m["params"]["uri"] == uri(flush2), keep=logs)["params"]
assert not [q for q in p["diagnostics"] if q.get("code")], p
assert any("cannot use %s as the cache (No such file or directory)" % missing
           in m.get("params", {}).get("message", "") for m in logs), logs
finish(s)
assert not os.path.exists(missing)
ok("a -p run's default cache, from another directory: each file's newest "
   "entry, the directory left as it is")
