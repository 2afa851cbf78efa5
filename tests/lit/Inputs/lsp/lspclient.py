"""A minimal Language Server Protocol client for the tests and the
benchmark: runs "isbcheck --lsp", frames messages, and waits for what the
server sends with a deadline, so that a test can fail but never hang."""
import json
import os
import select
import subprocess
import time


class Timeout(Exception):
    pass


class Server:
    def __init__(self, cmd, cwd=None, timeout=30.0):
        self.timeout = timeout
        self.p = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.buf = b""
        self.next_id = 1
        self.stderr = b""

    # ---- writing ----
    def raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def frame(self, body):
        if isinstance(body, str):
            body = body.encode()
        self.raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send(self, msg):
        self.frame(json.dumps(msg))

    def request(self, method, params=None):
        i = self.next_id
        self.next_id += 1
        m = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)
        return i

    def notify(self, method, params=None):
        m = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            m["params"] = params
        self.send(m)

    def close_input(self):
        self.p.stdin.close()

    # ---- reading ----
    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise Timeout("no message from the server in time")
        fd = self.p.stdout.fileno()
        r, _, _ = select.select([fd], [], [], left)
        if not r:
            raise Timeout("no message from the server in time")
        data = os.read(fd, 65536)
        if not data:
            raise EOFError("the server closed its output")
        self.buf += data

    def read(self, timeout=None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while b"\r\n\r\n" not in self.buf:
            self._fill(deadline)
        head, rest = self.buf.split(b"\r\n\r\n", 1)
        length = None
        for line in head.split(b"\r\n"):
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v.strip())
        assert length is not None, "no Content-Length in %r" % head
        self.buf = rest
        while len(self.buf) < length:
            self._fill(deadline)
        body, self.buf = self.buf[:length], self.buf[length:]
        return json.loads(body)

    def wait_for(self, pred, timeout=None, keep=None):
        """Reads until pred(msg); the others go to keep (a list) if given."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            m = self.read(max(deadline - time.monotonic(), 0.001))
            if pred(m):
                return m
            if keep is not None:
                keep.append(m)

    def response(self, i, timeout=None):
        return self.wait_for(lambda m: m.get("id") == i and
                             "method" not in m, timeout)

    def diagnostics(self, uri, timeout=None):
        return self.wait_for(
            lambda m: m.get("method") == "textDocument/publishDiagnostics"
            and m["params"]["uri"] == uri, timeout)["params"]

    def initialize(self, root, caps=None):
        i = self.request("initialize", {
            "processId": os.getpid(), "rootUri": "file://" + root,
            "capabilities": caps or {}})
        r = self.response(i)
        self.notify("initialized", {})
        return r

    def finish(self, timeout=None):
        """Waits for the server to end; returns its exit status."""
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        try:
            rc = self.p.wait(timeout or self.timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            raise Timeout("the server did not exit")
        self.stderr = self.p.stderr.read()
        return rc


def uri(path):
    return "file://" + os.path.abspath(path)
