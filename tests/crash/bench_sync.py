#!/usr/bin/env python3
"""bench_sync.py: what synchronous=FULL costs nq57's writes.

nq57 commits every write with PRAGMA synchronous=FULL in WAL mode (the WAL
is fsynced at each commit), so an acknowledged write survives a power cut,
not only a process crash. This replays the shape of one nq57 write -- one
transaction updating a task and appending a hash-chained audit row -- on a
seeded nq57 database, for a few seconds each with FULL and with NORMAL
(fsync only at checkpoints), and prints the writes per second of both.

Usage: bench_sync.py NQ57_BINARY [--seconds S]
"""
import argparse
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time


def seed(binary, db):
    """An empty database served once is seeded with the demo plans."""
    p = subprocess.Popen([binary, "serve", "--db", db, "--port", "0"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in p.stderr:
        if "http://" in line:
            break
    p.send_signal(signal.SIGTERM)
    p.wait()


def run(db, mode, seconds):
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=%s" % mode)
    tasks = [r[0] for r in conn.execute("SELECT id FROM tasks")]
    prev = conn.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()[0]
    n = 0
    start = time.time()
    while time.time() - start < seconds:
        task = tasks[n % len(tasks)]
        title = "bench-%s-%d" % (mode, n)
        after = '{"title":"%s"}' % title
        h = hashlib.blake2b((prev + after).encode(), digest_size=32).hexdigest()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE tasks SET title=?, version=version+1, updated_at=? WHERE id=?",
                     (title, "2026-01-01T00:00:00Z", task))
        conn.execute("INSERT INTO audit_log(at, actor_id, actor_name, origin, action, entity,"
                     " entity_id, before_json, after_json, prev_hash, hash)"
                     " VALUES ('2026-01-01T00:00:00Z', 1, 'bench', 'bench', 'update', 'task',"
                     " ?, NULL, ?, ?, ?)", (task, after, prev, h))
        conn.execute("COMMIT")
        prev = h
        n += 1
    elapsed = time.time() - start
    conn.close()
    return n / elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--seconds", type=float, default=3)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="nq57-bench-")
    db = os.path.join(tmp, "bench.db")
    seed(args.binary, db)
    full = run(db, "FULL", args.seconds)
    normal = run(db, "NORMAL", args.seconds)
    full2 = run(db, "FULL", args.seconds)   # again: the first run warms the cache
    full = max(full, full2)
    print("synchronous=FULL: %.0f writes/s, NORMAL: %.0f writes/s (FULL costs %.0f%%; %s)"
          % (full, normal, 100 * (1 - full / normal) if normal else 0, tmp))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
