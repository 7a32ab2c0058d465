# Copyright 2026 the caps4j authors
# SPDX-License-Identifier: Apache-2.0
#
# A Varlink client for the helper transport tests, written without caps4j: it speaks the
# framing itself (JSON + NUL) over a plain AF_UNIX socket. Each mode prints one JSON line.
import json
import os
import resource
import socket
import sys
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def read_reply(s):
    data = b""
    while b"\0" not in data:
        chunk = s.recv(65536)
        if not chunk:
            return None
        data += chunk
    return json.loads(data[:data.index(b"\0")])


def call(s, method, params=None):
    s.sendall(json.dumps({"method": method, "parameters": params or {}}).encode() + b"\0")
    return read_reply(s)


def drop_to(uid, gid):
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main():
    mode, path = sys.argv[1], sys.argv[2]
    out = {"pid": os.getpid()}
    if mode == "call":
        # call PATH METHOD: one call, the reply printed
        out["reply"] = call(connect(path), sys.argv[3])
    elif mode == "handoff":
        # handoff PATH MARKER: connect, call, hand the connection to a child that keeps it open
        # until MARKER exists (at most 60 s), and exit: the connection outlives the process that
        # connected. (Not until stdin closes: the JDK closes a process's stdin when it exits.)
        s = connect(path)
        out["reply"] = call(s, "org.caps4j.test.Echo.Who")
        if os.fork() == 0:
            sys.stdout.close()
            deadline = time.monotonic() + 60
            while not os.path.exists(sys.argv[3]) and time.monotonic() < deadline:
                time.sleep(0.05)
            os._exit(0)
        print(json.dumps(out), flush=True)
        os._exit(0)
    elif mode == "connect-then-drop":
        # connect-then-drop PATH UID GID [METHOD PARAMETERS-JSON]: connect as whoever we are
        # (root), become UID:GID with no supplementary groups, then call
        s = connect(path)
        drop_to(int(sys.argv[3]), int(sys.argv[4]))
        out["uid"] = os.geteuid()
        method = sys.argv[5] if len(sys.argv) > 5 else "org.caps4j.test.Echo.Who"
        params = json.loads(sys.argv[6]) if len(sys.argv) > 6 else None
        out["reply"] = call(s, method, params)
    elif mode == "idle":
        # idle PATH N SECONDS: open N connections and send nothing; report how many the server
        # closed at once (within 2 s) and how many more within SECONDS
        raise_nofile()
        count, seconds = int(sys.argv[3]), float(sys.argv[4])
        sockets = [connect(path) for _ in range(count)]
        out["opened"] = len(sockets)
        start = time.monotonic()
        still_open = []
        for s in sockets:
            s.settimeout(max(0.01, 2 - (time.monotonic() - start)))
            try:
                if s.recv(1) != b"":
                    still_open.append(s)
            except socket.timeout:
                still_open.append(s)
            except ConnectionResetError:
                pass
        out["closedAtOnce"] = count - len(still_open)
        print(json.dumps(out), flush=True)
        closed_later, last = 0, 0.0
        deadline = time.monotonic() + seconds
        for s in still_open:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                if s.recv(1) == b"":
                    closed_later += 1
                    last = time.monotonic() - start
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed_later += 1
                last = time.monotonic() - start
        out = {"keptOpen": len(still_open), "closedLater": closed_later,
               "lastClosedAfterSeconds": round(last, 2)}
    elif mode == "flood":
        # flood PATH BYTES: stream BYTES of 'a' with no NUL, stop when the server closes
        total = int(sys.argv[3])
        s = connect(path)
        chunk = b"a" * 65536
        sent = 0
        try:
            while sent < total:
                sent += s.send(chunk)
        except (BrokenPipeError, ConnectionResetError) as e:
            out["stoppedBy"] = type(e).__name__
        out["sent"] = sent
        try:
            out["reply"] = read_reply(s)
        except ConnectionResetError:
            out["reply"] = "reset"
    elif mode == "raw":
        # raw PATH HEX: send these bytes, print every reply until the server closes
        s = connect(path)
        s.sendall(bytes.fromhex(sys.argv[3]))
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        out["replies"] = [m.decode() for m in data.split(b"\0")[:-1]]
    elif mode == "reuse-pid":
        # reuse-pid PID UID GID (as root): fork until a child gets PID, which becomes UID:GID and
        # sleeps until our stdin closes
        target, uid, gid = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        for attempt in range(2000):
            ready_r, ready_w = os.pipe()
            with open("/proc/sys/kernel/ns_last_pid", "w") as f:
                f.write(str(target - 1))
            child = os.fork()
            if child == 0:
                if os.getpid() != target:
                    os._exit(0)
                drop_to(uid, gid)
                os.write(ready_w, b"x")  # the new ids are in place before anyone looks
                time.sleep(60)
                os._exit(0)
            os.close(ready_w)
            if child == target:
                os.read(ready_r, 1)
                out["reused"] = True
                out["attempts"] = attempt + 1
                print(json.dumps(out), flush=True)
                sys.stdin.read()
                os.kill(child, 9)
                os.waitpid(child, 0)
                return
            os.close(ready_r)
            os.waitpid(child, 0)
        out["reused"] = False
    print(json.dumps(out), flush=True)


main()
