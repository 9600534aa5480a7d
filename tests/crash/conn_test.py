#!/usr/bin/env python3
"""conn_test.py: nq57 serve as a process under many connections and stop.

1. Opens 1,000 sockets to a running `nq57 serve` and sends on each an
   authenticated request whose headers are not finished, holding them all;
   meanwhile ordinary requests on other connections must still be served.
   Then finishes the 1,000 requests: every one must be answered 200 within
   a bounded time.
2. Starts a write whose body is only half sent, sends SIGTERM, checks that
   the server no longer accepts connections but still finishes the request
   in flight once its body arrives (200, the change is stored), and exits 0.

Usage: conn_test.py NQ57_BINARY [--connections N]
"""
import argparse
import json
import os
import selectors
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash import PASSWORD, Server, login, request  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--connections", type=int, default=1000)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="nq57-conn-")
    db = os.path.join(tmp, "conn.db")
    log = open(os.path.join(tmp, "serve.log"), "w")
    subprocess.run([args.binary, "user", "add", "crash", "--role", "admin", "--password-stdin",
                    "--db", db], input=PASSWORD + "\n", text=True, check=True,
                   stdout=subprocess.DEVNULL)
    server = Server(args.binary, db, log)
    server.start()
    port = server.port
    cookie, csrf = login(port)
    tasks = [r[0] for r in sqlite3.connect(db).execute("SELECT id FROM tasks")]
    problems = []

    # ---- 1. hold N connections with unfinished requests
    socks = []
    t0 = time.time()
    for i in range(args.connections):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(("GET /api/tasks/%d HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nConnection: close\r\n"
                   % (tasks[i % len(tasks)], cookie)).encode())
        socks.append(s)
    opened = time.time() - t0
    served_meanwhile = 0
    for i in range(20):
        status, _, _ = request(port, "GET", "/api/tasks/%d" % tasks[i], {"Cookie": cookie})
        served_meanwhile += status == 200
    if served_meanwhile != 20:
        problems.append("only %d/20 requests served while %d connections were held"
                        % (served_meanwhile, len(socks)))
    for s in socks:
        s.sendall(b"\r\n")
    sel = selectors.DefaultSelector()   # epoll: no 1,024 descriptor limit
    pending = {}
    for s in socks:
        pending[s.fileno()] = b""
        sel.register(s, selectors.EVENT_READ)
    answered = 0
    deadline = time.time() + 60
    while pending and time.time() < deadline:
        for key, _ in sel.select(timeout=1):
            s = key.fileobj
            chunk = s.recv(65536)
            if chunk:
                pending[s.fileno()] += chunk
                continue
            data = pending.pop(s.fileno())
            answered += data.startswith(b"HTTP/1.1 200")
            sel.unregister(s)
            s.close()
    for key in list(sel.get_map().values()):
        key.fileobj.close()
    finished = time.time() - t0
    if answered != args.connections:
        problems.append("%d of %d held connections answered 200" % (answered, args.connections))

    # ---- 2. SIGTERM with a write in flight
    task = tasks[0]
    status, _, data = request(port, "GET", "/api/tasks/%d" % task, {"Cookie": cookie})
    version = json.loads(data)["version"]
    body = json.dumps({"title": "finished after SIGTERM"}).encode()
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    s.sendall(("PATCH /api/tasks/%d HTTP/1.1\r\nHost: x\r\nCookie: %s\r\nX-CSRF-Token: %s\r\n"
               "If-Match: W/\"%d\"\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
               "Connection: close\r\n\r\n" % (task, cookie, csrf, version, len(body))).encode()
              + body[:10])
    time.sleep(0.3)
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    refused = False
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        refused = True
    if not refused:
        problems.append("new connections still accepted after SIGTERM")
    if server.proc.poll() is not None:
        problems.append("server exited with a request in flight")
    s.sendall(body[10:])
    answer = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        answer += chunk
    s.close()
    rc = server.proc.wait(timeout=30)
    if not answer.startswith(b"HTTP/1.1 200"):
        problems.append("in-flight request not finished: %r" % answer[:120])
    title = sqlite3.connect(db).execute("SELECT title FROM tasks WHERE id=?", (task,)).fetchone()[0]
    if title != "finished after SIGTERM":
        problems.append("in-flight write not stored")
    if rc != 0:
        problems.append("exit status %d after SIGTERM" % rc)
    print("connections held %d (opened in %.1f s, %d requests served meanwhile), answered %d, "
          "all done in %.1f s; SIGTERM: new connections refused %s, in-flight write finished %s, "
          "exit %d" % (args.connections, opened, served_meanwhile, answered, finished,
                       "yes" if refused else "NO", "yes" if answer.startswith(b"HTTP/1.1 200") else "NO", rc))
    for p in problems:
        print("PROBLEM:", p)
    subprocess.run(["rm", "-rf", tmp])
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
