#!/usr/bin/env python3
"""with-policy.py BLOB PATH: a filter for `git fast-export --no-data` that
adds PATH (an existing blob, mode 100644) to the tree of every exported
commit, before the commit's own file changes. Used by bench/audit-real.sh to
give a real repository's history a gates.yaml in every commit."""
import sys

blob, path = sys.argv[1].encode(), sys.argv[2].encode()
inp, out = sys.stdin.buffer, sys.stdout.buffer
in_commit = False  # within a commit's header (before its file changes)
while True:
    line = inp.readline()
    if not line:
        break
    if line.startswith(b"commit "):
        in_commit = True
        out.write(line)
        continue
    if line.startswith(b"data "):
        out.write(line)
        out.write(inp.read(int(line[5:])))
        continue
    if in_commit and not line.startswith((b"mark ", b"author ", b"committer ", b"encoding ", b"from ", b"merge ", b"original-oid ", b"\n")):
        out.write(b"M 100644 " + blob + b" " + path + b"\n")
        in_commit = False
    elif in_commit and line == b"\n":
        # a commit without file changes ends: add the file before its end
        out.write(b"M 100644 " + blob + b" " + path + b"\n")
        in_commit = False
    out.write(line)
