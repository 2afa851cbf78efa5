#!/usr/bin/env python3
# Runs a command with its standard error on a pseudo-terminal (standard
# output as it is), and prints what the terminal received, with carriage
# returns shown as <CR> and escapes as <ESC>; exits with the command's
# status.
# usage: on-tty.py COMMAND [ARG...]
import os, subprocess, sys

master, slave = os.openpty()
p = subprocess.Popen(sys.argv[1:], stderr=slave)
os.close(slave)
got = b""
while True:
    try:
        chunk = os.read(master, 65536)
    except OSError:		# the other side is closed
        break
    if not chunk:
        break
    got += chunk
status = p.wait()
text = got.decode("utf-8", "replace")
# (the terminal's own output processing turns "\n" into "\r\n")
text = text.replace("\r\n", "\n").replace("\r", "<CR>").replace("\x1b", "<ESC>")
sys.stdout.write(text)
sys.exit(status)
