"""The language server's error cases, at the protocol level: what a client
that misbehaves, or goes away, gets.  usage: protocol.py ISBCHECK DIR
Each check prints "ok: ..." or raises; every wait has a deadline."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from lspclient import Server, uri  # noqa: E402

isbcheck, work = sys.argv[1:3]


def server():
    return Server([isbcheck, "--lsp"], cwd=work, timeout=30)


def error_of(m, code, id_):
    assert "error" in m and "result" not in m, m
    assert m["error"]["code"] == code, m
    assert m["id"] == id_, m
    assert isinstance(m["error"]["message"], str) and m["error"]["message"]


def ok(what):
    print("ok:", what)


# Before initialize: a request gets ServerNotInitialized, a notification
# is dropped (no answer, and the file is not checked).
s = server()
src = os.path.join(work, "a.c")
s.notify("textDocument/didOpen", {"textDocument": {
    "uri": uri(src), "languageId": "c", "version": 1, "text": "int x;\n"}})
i = s.request("textDocument/hover", {
    "textDocument": {"uri": uri(src)},
    "position": {"line": 0, "character": 0}})
error_of(s.read(), -32002, i)
ok("a request before initialize: -32002, and a notification dropped")

r = s.initialize(work)
caps = r["result"]["capabilities"]
assert caps["textDocumentSync"]["change"] == 1, caps
assert caps["positionEncoding"] == "utf-16", caps
i = s.request("initialize", {"capabilities": {}})
error_of(s.read(), -32600, i)
ok("a second initialize: -32600")

# Bodies that are not JSON, or not JSON-RPC: errors, and the server reads on.
s.frame(b'{"jsonrpc": "2.0", "id": 5, "method": ')
error_of(s.read(), -32700, None)
s.frame(b"\xff\xfe not utf-8")
error_of(s.read(), -32700, None)
ok("a body that is not JSON: -32700 with id null")
s.frame(b"[1, 2]")
error_of(s.read(), -32600, None)
s.frame(b"42")
error_of(s.read(), -32600, None)
s.send({"id": 7, "method": "shutdown"})
error_of(s.read(), -32600, 7)
s.send({"jsonrpc": "1.0", "id": 8, "method": "shutdown"})
error_of(s.read(), -32600, 8)
s.send({"jsonrpc": "2.0", "id": {"a": 1}, "method": "shutdown"})
error_of(s.read(), -32600, None)
s.send({"jsonrpc": "2.0", "id": 9, "method": 3})
error_of(s.read(), -32600, 9)
s.send({"jsonrpc": "2.0", "id": 10})
error_of(s.read(), -32600, 10)
ok("JSON that is not a request: -32600")

# Unknown methods: a request gets MethodNotFound, a notification nothing;
# a response (the server sends no requests) nothing either.
i = s.request("textDocument/definition", {
    "textDocument": {"uri": uri(src)},
    "position": {"line": 0, "character": 0}})
error_of(s.read(), -32601, i)
s.notify("workspace/didChangeConfiguration", {"settings": {}})
s.notify("$/cancelRequest", {"id": 1})
s.send({"jsonrpc": "2.0", "id": 99, "result": None})
i = s.request("textDocument/hover", {
    "textDocument": {"uri": uri(src)},
    "position": {"line": 0, "character": 0}})
m = s.read()
assert m["id"] == i and m["result"] is None, m
ok("unknown methods: -32601 for a request, nothing for a notification")

# Parameters a method cannot use: InvalidParams; a notification's are
# reported in the log only.
i = s.request("textDocument/hover", {"textDocument": {"uri": uri(src)}})
error_of(s.read(), -32602, i)
i = s.request("textDocument/codeAction", {"textDocument": {}})
error_of(s.read(), -32602, i)
s.notify("textDocument/didOpen", {"textDocument": {"uri": 3}})
m = s.read()
assert m["method"] == "window/logMessage" and m["params"]["type"] == 1, m
ok("bad parameters: -32602, a log message for a notification")

# A header with lines ending in a bare LF is read too.
s.raw(b'Content-Length: 47\n\n{"jsonrpc":"2.0","id":50,"method":"shutdown"}  ')
m = s.read()
assert m == {"jsonrpc": "2.0", "id": 50, "result": None}, m
ok("a header with LF line ends")

# After shutdown: requests are refused, exit ends with 0.
i = s.request("textDocument/hover", {
    "textDocument": {"uri": uri(src)},
    "position": {"line": 0, "character": 0}})
error_of(s.read(), -32600, i)
s.notify("exit")
rc = s.finish()
assert rc == 0, (rc, s.stderr)
ok("shutdown then exit: status 0")

# exit without shutdown: status 1.
s = server()
s.initialize(work)
s.notify("exit")
assert s.finish() == 1
ok("exit without shutdown: status 1")

# The input closes: before shutdown status 1, after it 0, never a hang.
s = server()
s.initialize(work)
assert s.finish() == 1
s = server()
s.initialize(work)
s.response(s.request("shutdown"))
assert s.finish() == 0
ok("input closed: status 1, or 0 after shutdown")

# A header with no usable length: the stream cannot be read on, so the
# server says why and ends, status 1.
for bad in [b"Content-Type: application/vscode-jsonrpc\r\n\r\n{}",
            b"Content-Length: twelve\r\n\r\n{}",
            b"Content-Length: 12 3\r\n\r\n{}",
            b"X" * 20000]:
    s = server()
    s.initialize(work)
    s.raw(bad)
    rc = s.finish()
    assert rc == 1 and b"--lsp:" in s.stderr, (bad[:30], rc, s.stderr)
ok("a header with no usable Content-Length: a message, status 1")

# A body larger than the limit is skipped (an error, then the next
# message); one cut short by the end of input ends the server.
s = server()
s.initialize(work)
big = 64 * 1024 * 1024 + 1
s.raw(b"Content-Length: %d\r\n\r\n" % big)
chunk = b" " * (1 << 20)
for _ in range(big // len(chunk)):
    s.raw(chunk)
s.raw(b" " * (big % len(chunk)))
error_of(s.read(60), -32600, None)
s.response(s.request("shutdown"))
s.notify("exit")
assert s.finish() == 0
ok("a body over 64 MiB: -32600, and the next message is read")
s = server()
s.initialize(work)
s.raw(b'Content-Length: 100\r\n\r\n{"jsonrpc":')
assert s.finish() == 1 and b"inside a message" in s.stderr, s.stderr
ok("input ending inside a body: status 1")
