#!/usr/bin/env python3
"""crash.py: does nq57 lose acknowledged writes when it is killed?

Starts `nq57 serve` on a temporary database, runs writer threads that PATCH
task titles over HTTP with unique markers and record every write the server
acknowledged (200), kills the server with SIGKILL at random moments, restarts
it, and repeats. At the end every acknowledged marker must be in the audit
log (written in the same transaction as the change), every task's title must
be its last acknowledged marker or one sent after it (a write in flight at a
kill may or may not have committed: it was never acknowledged), PRAGMA
integrity_check must say ok and `nq57 check` (foreign keys, audit hash chain)
must pass. Prints: kills N, acknowledged writes W, lost L, integrity errors E.

Usage: crash.py NQ57_BINARY [--kills N] [--writers N] [--seed N]
"""
import argparse
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "mật khẩu kiểm thử sập nguồn"


class Server:
    def __init__(self, binary, db, log):
        self.binary, self.db, self.log = binary, db, log
        self.proc = None
        self.port = None

    def start(self):
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--db", self.db, "--port", "0", "--threads", "4"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        # The port is in the startup line: "... http://127.0.0.1:PORT/ ..."
        deadline = time.time() + 60
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                raise RuntimeError("nq57 serve exited during startup")
            self.log.write(line)
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                threading.Thread(target=self._drain, args=(self.proc,), daemon=True).start()
                return
        raise RuntimeError("nq57 serve did not start")

    def _drain(self, proc):
        for _ in proc.stderr:
            pass

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=60)


class Shared:
    def __init__(self):
        self.lock = threading.Lock()
        self.port = None
        self.cookie = None
        self.csrf = None
        self.stop = False
        self.acked = []           # (task, marker) acknowledged
        self.sent = {}            # task -> [markers in sending order]
        self.last_ack = {}        # task -> index into sent[task]
        self.errors = 0


def request(port, method, path, headers=None, body=None, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        c.close()


def login(port):
    body = json.dumps({"login": "crash", "password": PASSWORD})
    status, headers, data = request(port, "POST", "/api/auth/login",
                                    {"Content-Type": "application/json"}, body)
    if status == 404:          # a server without authentication
        return None, None
    if status != 200:
        raise RuntimeError("login failed: %d %s" % (status, data[:200]))
    cookie = None
    for k, v in headers:
        if k.lower() == "set-cookie" and v.startswith("nq57_session="):
            cookie = v.split(";", 1)[0]
    return cookie, json.loads(data)["csrf_token"]


def writer(shared, tasks, wid):
    versions = {}
    n = 0
    while not shared.stop:
        task = random.choice(tasks)
        port = shared.port
        hdrs = {"Content-Type": "application/json"}
        if shared.cookie:
            hdrs["Cookie"] = shared.cookie
            hdrs["X-CSRF-Token"] = shared.csrf
        try:
            if task not in versions:
                status, _, data = request(port, "GET", "/api/tasks/%d" % task, hdrs)
                if status != 200:
                    time.sleep(0.02)
                    continue
                versions[task] = json.loads(data)["version"]
            n += 1
            marker = "crash-w%d-%d" % (wid, n)
            with shared.lock:
                shared.sent.setdefault(task, []).append(marker)
            hdrs["If-Match"] = 'W/"%d"' % versions[task]
            status, _, data = request(port, "PATCH", "/api/tasks/%d" % task, hdrs,
                                      json.dumps({"title": marker}))
            if status == 200:
                versions[task] = json.loads(data)["version"]
                with shared.lock:
                    shared.acked.append((task, marker))
                    shared.last_ack[task] = len(shared.sent[task]) - 1
            elif status == 412:
                versions.pop(task, None)  # a write in flight at a kill landed
            else:
                with shared.lock:
                    shared.errors += 1
                if shared.errors > 1000:
                    raise RuntimeError("PATCH: %d %s" % (status, data[:200]))
        except (OSError, http.client.HTTPException):
            versions.pop(task, None)
            time.sleep(0.02)      # the server is down: wait for the restart


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--writers", type=int, default=4)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    random.seed(args.seed)

    tmp = tempfile.mkdtemp(prefix="nq57-crash-")
    db = os.path.join(tmp, "crash.db")
    log = open(os.path.join(tmp, "serve.log"), "w")
    subprocess.run([args.binary, "user", "add", "crash", "--role", "admin",
                    "--password-stdin", "--db", db], input=PASSWORD + "\n", text=True,
                   check=True, stdout=subprocess.DEVNULL)
    server = Server(args.binary, db, log)
    server.start()
    shared = Shared()
    shared.port = server.port
    shared.cookie, shared.csrf = login(server.port)
    hdrs = {"Cookie": shared.cookie} if shared.cookie else {}
    status, _, data = request(server.port, "GET", "/api/tasks?limit=500", hdrs)
    if status != 200:
        raise RuntimeError("task list: %d %s" % (status, data[:200]))
    tasks = [t["id"] for t in json.loads(data)["items"]]
    random.shuffle(tasks)
    per = max(1, len(tasks) // args.writers)
    # daemon: a failure in the main thread must not leave writers running
    threads = [threading.Thread(target=writer, args=(shared, tasks[i * per:(i + 1) * per], i),
                                daemon=True)
               for i in range(args.writers)]
    for t in threads:
        t.start()

    start = time.time()
    try:
        for k in range(args.kills):
            time.sleep(random.uniform(0.2, 1.0))
            server.kill()
            server.start()
            shared.port = server.port
    except BaseException:
        shared.stop = True
        if server.proc.poll() is None:
            server.kill()
        raise
    elapsed = time.time() - start
    time.sleep(0.5)
    shared.stop = True
    for t in threads:
        t.join()
    rc = server.stop()

    # ---- verification on the database the killed servers left behind ----
    conn = sqlite3.connect(db)
    integrity = conn.execute("PRAGMA integrity_check").fetchall()
    integrity_errors = 0 if integrity == [("ok",)] else len(integrity)
    audited = {}
    for entity_id, after in conn.execute(
            "SELECT entity_id, after_json FROM audit_log WHERE entity='task' AND action='update'"):
        m = re.search(r'"title":\s*"(crash-w\d+-\d+)"', after or "")
        if m:
            audited[m.group(1)] = entity_id
    titles = dict(conn.execute("SELECT id, title FROM tasks"))
    conn.close()
    lost = []
    for task, marker in shared.acked:
        if audited.get(marker) != task:
            lost.append(marker)
    for task, idx in shared.last_ack.items():
        allowed = shared.sent[task][idx:]
        if titles.get(task) not in allowed:
            lost.append("task %d has %r, last acknowledged %r" % (task, titles.get(task), allowed[0]))
    check = subprocess.run([args.binary, "check", "--db", db], capture_output=True, text=True)
    if check.returncode != 0:
        integrity_errors += 1
        sys.stderr.write(check.stdout + check.stderr)
    print("kills %d, acknowledged writes %d, lost %d, integrity errors %d"
          % (args.kills, len(shared.acked), len(lost), integrity_errors))
    print("(%.1f acknowledged writes/s over %.0f s with kills; seed %d; clean stop exit %d)"
          % (len(shared.acked) / elapsed, elapsed, args.seed, rc))
    for l in lost[:20]:
        print("LOST:", l)
    if not args.keep:
        subprocess.run(["rm", "-rf", tmp])
    else:
        print("kept", tmp)
    ok = not lost and integrity_errors == 0 and len(shared.acked) > args.kills and rc == 0
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
