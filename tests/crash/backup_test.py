#!/usr/bin/env python3
"""backup_test.py: `nq57 backup` while writes stream in, and a restore.

Writers PATCH task titles over HTTP (crash.py's writer) while `nq57 backup`
runs several times. Each backup must be a consistent snapshot: integrity
check ok, `nq57 check` ok (foreign keys and the audit hash chain, which a
torn copy would break), every write acknowledged before the backup started
present in it, and no title that was never sent. Then the last backup is
restored into a new database with `nq57 restore`, which must hold exactly
the backup's tasks and audit log, and serve them.

Usage: backup_test.py NQ57_BINARY [--backups N]
"""
import argparse
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash import PASSWORD, Server, Shared, login, request, writer  # noqa: E402


def audited_markers(db):
    conn = sqlite3.connect(db)
    out = {}
    for entity_id, after in conn.execute(
            "SELECT entity_id, after_json FROM audit_log WHERE entity='task' AND action='update'"):
        m = re.search(r'"title":\s*"(crash-w\d+-\d+)"', after or "")
        if m:
            out[m.group(1)] = entity_id
    conn.close()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--backups", type=int, default=5)
    ap.add_argument("--writers", type=int, default=3)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="nq57-backup-")
    db = os.path.join(tmp, "live.db")
    log = open(os.path.join(tmp, "serve.log"), "w")
    subprocess.run([args.binary, "user", "add", "crash", "--role", "admin", "--password-stdin",
                    "--db", db], input=PASSWORD + "\n", text=True, check=True,
                   stdout=subprocess.DEVNULL)
    server = Server(args.binary, db, log)
    server.start()
    shared = Shared()
    shared.port = server.port
    shared.cookie, shared.csrf = login(server.port)
    original = dict(sqlite3.connect(db).execute("SELECT id, title FROM tasks"))
    tasks = list(original)
    random.shuffle(tasks)
    per = max(1, len(tasks) // args.writers)
    threads = [threading.Thread(target=writer, args=(shared, tasks[i * per:(i + 1) * per], i),
                                daemon=True)
               for i in range(args.writers)]
    for t in threads:
        t.start()

    problems = []
    backups = []
    for i in range(args.backups):
        time.sleep(random.uniform(0.3, 0.8))
        with shared.lock:
            before = list(shared.acked)
        dest = os.path.join(tmp, "b%d.db" % i)
        t0 = time.time()
        r = subprocess.run([args.binary, "backup", "--db", db, dest], capture_output=True, text=True)
        took = time.time() - t0
        if r.returncode != 0:
            problems.append("backup %d failed: %s" % (i, r.stderr.strip()))
            continue
        backups.append((dest, before, took))
    with shared.lock:
        during = len(shared.acked)
    shared.stop = True
    for t in threads:
        t.join()
    server.stop()

    for dest, before, took in backups:
        conn = sqlite3.connect(dest)
        if conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
            problems.append("%s: integrity_check failed" % dest)
        titles = dict(conn.execute("SELECT id, title FROM tasks"))
        conn.close()
        chk = subprocess.run([args.binary, "check", "--db", dest], capture_output=True, text=True)
        if chk.returncode != 0:
            problems.append("%s: nq57 check: %s" % (dest, (chk.stdout + chk.stderr).strip()[:300]))
        audited = audited_markers(dest)
        missing = [m for task, m in before if audited.get(m) != task]
        if missing:
            problems.append("%s: %d writes acknowledged before the backup are missing" %
                            (os.path.basename(dest), len(missing)))
        for task, title in titles.items():
            if title != original.get(task) and title not in shared.sent.get(task, []):
                problems.append("%s: task %d has a title never sent: %r" % (dest, task, title))

    # ---- restore round trip
    last = backups[-1][0]
    restored = os.path.join(tmp, "restored.db")
    subprocess.run([args.binary, "check", "--db", restored], capture_output=True)  # creates it
    r = subprocess.run([args.binary, "restore", "--db", restored, last], capture_output=True, text=True)
    if r.returncode != 0:
        problems.append("restore failed: %s" % (r.stdout + r.stderr).strip())
    else:
        a = sqlite3.connect(last)
        b = sqlite3.connect(restored)
        q_tasks = "SELECT id, title, version FROM tasks ORDER BY id"
        q_audit = "SELECT id, hash FROM audit_log WHERE action != 'restore' ORDER BY id"
        if a.execute(q_tasks).fetchall() != b.execute(q_tasks).fetchall():
            problems.append("restored tasks differ from the backup")
        if b.execute(q_audit).fetchall()[:len(a.execute(q_audit).fetchall())] != a.execute(q_audit).fetchall():
            problems.append("restored audit log differs from the backup")
        a.close()
        b.close()
        chk = subprocess.run([args.binary, "check", "--db", restored], capture_output=True, text=True)
        if chk.returncode != 0:
            problems.append("restored: nq57 check: %s" % (chk.stdout + chk.stderr).strip()[:300])
        # and it serves: the account and the last acknowledged title come back
        server = Server(args.binary, restored, log)
        server.start()
        cookie, _ = login(server.port)
        task, marker = backups[-1][1][-1] if backups[-1][1] else (tasks[0], None)
        status, _, data = request(server.port, "GET", "/api/tasks/%d" % task, {"Cookie": cookie})
        server.stop()
        if status != 200:
            problems.append("restored server: GET task %d: %d" % (task, status))
        elif marker and json.loads(data)["title"] not in shared.sent[task]:
            problems.append("restored server: task %d lost its acknowledged title" % task)

    print("backups %d taken under load (%d acknowledged writes meanwhile, %.2f-%.2f s each), "
          "problems %d; restore round trip %s"
          % (len(backups), during, min(b[2] for b in backups), max(b[2] for b in backups),
             len(problems), "ok" if not problems else "checked"))
    for p in problems[:20]:
        print("PROBLEM:", p)
    subprocess.run(["rm", "-rf", tmp])
    sys.exit(1 if problems or len(backups) < args.backups else 0)


if __name__ == "__main__":
    main()
