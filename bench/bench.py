#!/usr/bin/env python3
"""s3emu side by side with s3rver, moto and the machine's limits, in one run.

Run through bench/run.sh, which builds s3emu and the populate tool and installs the tools;
this file does the measuring. Needs the PATH python3 with boto3/botocore (1.43 here) and
moto (moto_server). See bench/README.md.

Fairness: every server is pinned to core 0, every client (wrk, curl, iperf3's client, this
script) to core 1; s3emu runs with the thread count it ships with. All servers get the same
requests from the same client; nginx and the other limits are measured in the same run.

Writes RESULTS_DIR/results.json (everything), results.csv (one measurement a line),
results.md (the table) and meta.json (command, machine, versions); bench/report.sh turns
a results dir into docs/benchmarks.md and docs/benchmarks.png.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import servers  # noqa: E402
from table import markdown_table, text_table  # noqa: E402
import signing  # noqa: E402
from servers import Server  # noqa: E402

REGION = "us-east-1"
# s3emu and moto get this key pair. s3rver knows only its built-in pair S3RVER/S3RVER (it looks
# the key id up but does not check SigV4 signatures), so its requests are signed with that:
# the same signing work on the client, another key.
ACCESS_KEY, SECRET_KEY = "benchaccesskey", "bench-secret-key-0123456789"
S3RVER_KEYS = ("S3RVER", "S3RVER")
BUCKET = "bench"
SMALL_SIZE = 4096
PUT_KEYS = 1000  # small PUTs rotate over this many keys (the first round creates, then overwrites)
MiB = 1024 * 1024
PEERS = ("s3rver", "moto")
S3_SERVERS = ("s3emu",) + PEERS

MODES = {
    # quick: routine use, under 3 minutes on the 2-core machines.
    "quick": dict(small_duration=1, connections=(1, 8, 64), large_size=256 * MiB, rss_size=1024 * MiB,
                  list_sizes=(10_000, 100_000), peer_list=False, startup_reps=3, iperf_seconds=2, disk_size=256 * MiB),
    # full: on demand, for docs/benchmarks.md.
    "full": dict(small_duration=10, connections=(1, 8, 64), large_size=1024 * MiB, rss_size=5 * 1024 * MiB,
                 list_sizes=(10_000, 100_000, 1_000_000), peer_list=True, startup_reps=7, iperf_seconds=5, disk_size=1024 * MiB),
}
PEER_LIST_SIZE = 10_000  # peers are populated through HTTP; larger buckets would take too long


def log(msg):
    print(msg, flush=True)


def size_label(n):
    return f"{n // (1024 * MiB)} GiB" if n % (1024 * MiB) == 0 else f"{n // MiB} MiB"


def count_label(n):
    return f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"


class Results:
    """Measurements keyed by (test id, server); 'limit' is a server name too."""

    def __init__(self):
        self.values = {}   # (test, server) -> dict(value=..., p50_ms=..., p99_ms=..., note=...)
        self.tests = {}    # test -> dict(section, label, unit, lower_better, limit_name)
        self.sections = {}  # section -> seconds

    def define(self, test, section, label, unit, lower_better=False, limit_name=None):
        self.tests.setdefault(test, dict(section=section, label=label, unit=unit, lower_better=lower_better,
                                         limit_name=limit_name))

    def put(self, test, server, value, **extra):
        self.values[(test, server)] = dict(value=value, **extra)

    def get(self, test, server):
        return self.values.get((test, server))

    def to_json(self):
        return dict(tests=self.tests, sections=self.sections,
                    values=[dict(test=t, server=s, **v) for (t, s), v in self.values.items()])


class Bench:
    def __init__(self, args):
        self.args = args
        self.mode = MODES[args.mode]
        self.results = Results()
        self.tmp = tempfile.mkdtemp(prefix="s3emu-bench.", dir=args.tmpdir)
        # nginx's worker may run as another user: it must be able to reach its files here.
        os.chmod(self.tmp, 0o755)
        self.servers = {}
        self.signers = {}
        self.payload = os.urandom(SMALL_SIZE)  # the same 4 KiB for every server and nginx
        self.notes = []

    # --- helpers -----------------------------------------------------------------------------

    def path(self, *parts):
        p = os.path.join(self.tmp, *parts)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        return p

    def new_dir(self, name):
        p = os.path.join(self.tmp, name)
        os.makedirs(p, exist_ok=True)
        return p

    def s3emu_server(self, data_dir, name="s3emu"):
        port = servers.free_port()
        return Server(name, [self.args.s3emu, "--host", "127.0.0.1", "--port", str(port), "--data", data_dir,
                             "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--region", REGION],
                      port, "/_s3emu/health", self.path("logs", f"{name}.{port}.log"))

    def s3rver_server(self):
        port = servers.free_port()
        cli = os.path.join(HERE, "node_modules", "s3rver", "bin", "s3rver.js")
        # s3rver makes ListObjectsV2 continuation tokens with DES, which Node 17+ has only
        # with OpenSSL's legacy provider: without it every truncated listing answers 500.
        env = dict(os.environ, NODE_OPTIONS="--openssl-legacy-provider")
        return Server("s3rver", ["node", cli, "-d", self.new_dir(f"s3rver-{port}"), "-a", "127.0.0.1", "-p", str(port),
                                 "--allow-mismatched-signatures"],
                      port, "/", self.path("logs", f"s3rver.{port}.log"), env=env)

    def moto_server(self):
        port = servers.free_port()
        return Server("moto", [self.args.moto_server, "-H", "127.0.0.1", "-p", str(port)], port, "/",
                      self.path("logs", f"moto.{port}.log"))

    def make_server(self, name):
        if name == "s3emu":
            return self.s3emu_server(self.new_dir(f"s3emu-data-{time.monotonic_ns()}"))
        return self.s3rver_server() if name == "s3rver" else self.moto_server()

    def signer(self, name):
        server = self.servers[name]
        keys = S3RVER_KEYS if name == "s3rver" else (ACCESS_KEY, SECRET_KEY)
        return signing.Signer(server.endpoint, keys[0], keys[1], REGION)

    def probe(self, port, raw):
        """Sends one raw request and returns (status, body head): a check before wrk replays it."""
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(raw)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            want = int(m.group(1)) if m else 0
            while len(body) < min(want, 4096):
                chunk = s.recv(65536)
                if not chunk:
                    break
                body += chunk
            return status, body[:300].decode(errors="replace")

    def wrk(self, port, requests, connections, duration):
        """Runs wrk on core 1 replaying `requests` (raw bytes); returns the parsed result."""
        req_file = self.path("wrk", f"req-{time.monotonic_ns()}.bin")
        signing.write_request_file(req_file, requests)
        cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency",
               "-s", os.path.join(HERE, "replay.lua"), f"http://127.0.0.1:{port}", "--", req_file]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
        os.unlink(req_file)
        m = re.search(r"BENCH_RESULT (.*)", out.stdout)
        if not m:
            raise RuntimeError(f"wrk failed: {out.stdout}\n{out.stderr}")
        r = {k: int(v) for k, v in (kv.split("=") for kv in m.group(1).split())}
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["errors"] = sum(r[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors",
                                         "timeouts"))
        return r

    def record_wrk(self, test, server, r):
        note = None
        if r["errors"]:
            note = (f"{r['errors']} errors (status {r['status_errors']}, timeouts {r['timeouts']}, "
                    f"connect {r['connect_errors']}, read {r['read_errors']}, write {r['write_errors']})")
        self.results.put(test, server, r["rps"], p50_ms=r["p50_us"] / 1000, p99_ms=r["p99_us"] / 1000,
                         requests=r["requests"], errors=r["errors"], note=note)

    def curl(self, *args):
        """Starts a curl (core 1, inherited) that prints 'code bytes_up bytes_down etag'."""
        return subprocess.Popen(["curl", "-sS", "-o", "/dev/null", "-H", "Expect:", "-w",
                                 "%{http_code} %{size_upload} %{size_download} %header{etag}\n", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def curls(self, arg_lists):
        """Runs curls in parallel; returns (seconds, [(code, up, down, etag)])."""
        started = time.perf_counter()
        procs = [self.curl(*a) for a in arg_lists]
        outs = [p.communicate() for p in procs]
        seconds = time.perf_counter() - started
        parsed = []
        for (out, err), p in zip(outs, procs):
            fields = out.split()
            if p.returncode != 0 or not fields:
                raise RuntimeError(f"curl failed ({p.returncode}): {out} {err}")
            code, up, down = int(fields[0]), int(fields[1]), int(fields[2])
            etag = fields[3] if len(fields) > 3 else ""
            parsed.append((code, up, down, etag))
        return seconds, parsed

    # --- sections ----------------------------------------------------------------------------

    def section(self, name, fn):
        log(f"\n== {name}")
        started = time.perf_counter()
        fn()
        seconds = time.perf_counter() - started
        self.results.sections[name] = seconds
        log(f"== {name}: {seconds:.1f} s")

    def limits(self):
        """Single-core hashing, fsync'd disk writes, loopback TCP: what the machine can do."""
        R = self.results
        out = subprocess.run(["taskset", "-c", str(servers.SERVER_CORE), "openssl", "speed", "-seconds", "1",
                              "-bytes", "16384", "md5", "sha256"], capture_output=True, text=True).stdout
        for algo, test, label in (("md5", "limit.md5", "MD5, 16 KiB blocks (openssl speed, 1 core)"),
                                  ("sha256", "limit.sha256", "SHA-256, 16 KiB blocks (openssl speed, 1 core)")):
            m = re.search(rf"^{algo}\s+([\d.]+)k", out, re.M)
            R.define(test, "limits", label, "MB/s")
            if m:
                R.put(test, "limit", float(m.group(1)) * 1000 / 1e6)
                log(f"  {label}: {float(m.group(1)) / 1000:.0f} MB/s")

        # Writes and fsyncs a file where the data dirs live, from the server's core.
        size = self.mode["disk_size"]
        target = self.path("disk", "fsync-test")
        started = time.perf_counter()
        subprocess.run(["taskset", "-c", str(servers.SERVER_CORE), "dd", "if=/dev/zero", f"of={target}", "bs=4M",
                        f"count={size // (4 * MiB)}", "conv=fsync", "status=none"], check=True)
        seconds = time.perf_counter() - started
        os.unlink(target)
        R.define("limit.disk", "limits", f"disk write + fsync, {size_label(size)} (dd conv=fsync)", "MB/s")
        R.put("limit.disk", "limit", size / seconds / 1e6)
        log(f"  disk write+fsync: {size / seconds / 1e6:.0f} MB/s")

        # iperf3: server on the server core, client here on the client core, one stream. In a
        # GET's direction (-R: the server sends) and the way s3emu and nginx send a file (-Z:
        # sendfile), read 1 MiB at a time as timed_get reads: iperf3's defaults (client sends,
        # 128 KiB copies) measured 1.6-3.6 GB/s here while both servers sent over 4 GB/s.
        port = servers.free_port()
        iperf_log = self.path("logs", "iperf3.log")
        proc = servers.spawn_server(["iperf3", "-s", "-B", "127.0.0.1", "-p", str(port)],
                                    stdout=open(iperf_log, "wb"), stderr=subprocess.STDOUT)
        try:
            result = None
            for _ in range(100):  # until the server listens
                r = subprocess.run(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t",
                                    str(self.mode["iperf_seconds"]), "-R", "-Z", "-l", "1M", "-J"],
                                   capture_output=True, text=True)
                try:
                    reply = json.loads(r.stdout)
                except ValueError:
                    reply = {}
                # A client that came too early can exit 0 with an "error" and no totals.
                if r.returncode == 0 and "sum_received" in reply.get("end", {}):
                    result = reply
                    break
                time.sleep(0.05)
        finally:
            if proc.poll() is None:
                proc.terminate()
            proc.wait()
        R.define("limit.tcp", "limits", "loopback TCP, 1 stream (iperf3 -R -Z, server core 0, client core 1)", "MB/s")
        if result:
            bps = result["end"]["sum_received"]["bits_per_second"]
            R.put("limit.tcp", "limit", bps / 8 / 1e6)
            log(f"  loopback TCP (iperf3): {bps / 8 / 1e6:.0f} MB/s")

    def startup(self):
        """Exec to first answer, idle RSS: median of several fresh starts on empty data dirs."""
        R = self.results
        R.define("startup.ready", "startup", "start-up to ready, fresh data dir (spawn to first 200)", "ms",
                 lower_better=True)
        R.define("startup.rss", "startup", "idle RSS after start-up (VmRSS)", "MiB", lower_better=True)
        for name in S3_SERVERS:
            ready, rss = [], []
            for _ in range(self.mode["startup_reps"]):
                with self.make_server(name) as server:
                    server.start()
                    ready.append(server.ready_ms)
                    time.sleep(0.3)  # let it settle; what an idle server holds
                    rss.append(server.rss_kib() / 1024)
            R.put("startup.ready", name, statistics.median(ready), note=f"median of {len(ready)}: "
                  + ", ".join(f"{x:.1f}" for x in ready))
            if name == "s3emu":
                # The same on a data dir that exists (its layout and schema made already), to
                # tell first-start work from the rest.
                data = self.new_dir("s3emu-restart")
                again = []
                for i in range(self.mode["startup_reps"] + 1):
                    with self.s3emu_server(data) as server:
                        server.start()
                        if i:
                            again.append(server.ready_ms)
                R.define("startup.ready_existing", "startup", "start-up to ready, existing empty data dir", "ms",
                         lower_better=True)
                R.put("startup.ready_existing", name, statistics.median(again))
            R.put("startup.rss", name, statistics.median(rss))
            log(f"  {name}: ready {statistics.median(ready):.1f} ms, idle RSS {statistics.median(rss):.1f} MiB"
                + (f"; {R.get('startup.ready_existing', name)['value']:.1f} ms on an existing data dir"
                   if name == "s3emu" else ""))

    def start_servers(self):
        """One instance of each server for the load sections, and nginx for the static limits."""
        for name in S3_SERVERS:
            self.servers[name] = self.make_server(name).start()
            self.signers[name] = self.signer(name)
            client = self.signers[name].client
            client.create_bucket(Bucket=BUCKET)
            client.put_object(Bucket=BUCKET, Key="small", Body=self.payload)
            log(f"  {name}: pid {self.servers[name].pid}, {self.servers[name].endpoint}")
        self.start_nginx()

    def start_nginx(self):
        root = self.new_dir("nginx")
        www = self.new_dir("nginx/www/" + BUCKET)
        for d in (root, os.path.dirname(www), www):
            os.chmod(d, 0o755)
        with open(os.path.join(www, "small"), "wb") as f:
            f.write(self.payload)
        os.chmod(os.path.join(www, "small"), 0o644)
        port = servers.free_port()
        conf = os.path.join(root, "nginx.conf")
        # One worker on core 0; Debian's defaults otherwise (sendfile, access log to a file,
        # since s3emu logs each request too); keep-alive connections are not recycled.
        with open(conf, "w") as f:
            f.write(f"""
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log {root}/access.log;
    client_body_temp_path {root}/client_body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000000;
    keepalive_timeout 65;
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {root}/www;
    }}
}}
""")
        self.nginx_www = os.path.join(root, "www")
        server = Server("nginx", [self.args.nginx, "-p", root, "-c", conf, "-e", f"{root}/error.log"], port,
                        f"/{BUCKET}/small", self.path("logs", "nginx.log"))
        self.servers["nginx"] = server.start()
        log(f"  nginx: pid {server.pid}, {server.endpoint}")

    def small(self):
        """4 KiB GET and PUT, SigV4 header and presigned, at 1/8/64 connections, with wrk."""
        R = self.results
        duration = self.mode["small_duration"]
        auths = (("header", "SigV4 header"), ("presigned", "presigned"))
        for op in ("GET", "PUT"):
            for auth, auth_label in auths:
                for c in self.mode["connections"]:
                    R.define(f"small.{op}.{auth}.c{c}", "small", f"{op} 4 KiB, {auth_label}, {c} conn", "req/s",
                             limit_name="nginx" if op == "GET" else None)
        # Cell by cell, every server in turn: this VM's speed drifts over minutes (nginx's GET
        # rate moved by a third between runs), so a ratio compares measurements seconds apart.
        nginx = self.servers["nginx"]
        nginx_req = signing.raw_request("GET", f"/{BUCKET}/small", f"127.0.0.1:{nginx.port}", [], b"")
        for op in ("GET", "PUT"):
            for auth, _ in auths:
                # Signed right before use (valid 15 minutes), replayed for every connection count.
                if op == "GET":
                    keys = [f"/{BUCKET}/small"]
                else:
                    keys = [f"/{BUCKET}/put/k{i:04d}" for i in range(PUT_KEYS)]
                body = self.payload if op == "PUT" else b""
                requests, refused = {}, {}
                for name in S3_SERVERS:
                    server, signer = self.servers[name], self.signers[name]
                    if auth == "header":
                        requests[name] = [signer.header_signed(op, k, body) for k in keys]
                    else:
                        requests[name] = [signer.presigned(op, signer.presign_path(op, k), body) for k in keys]
                    # One request first: a refused signature shows as a clear note, not as
                    # a wrk run full of errors.
                    try:
                        status, text = self.probe(server.port, requests[name][0])
                    except OSError as e:
                        status, text = 0, str(e)
                    if status != 200:
                        refused[name] = f"HTTP {status}: {text[:120]}"
                        log(f"  {name} {op} {auth}: HTTP {status}: {text[:200]}")
                for c in self.mode["connections"]:
                    test = f"small.{op}.{auth}.c{c}"
                    if op == "GET":
                        self.record_wrk(test, "nginx", self.wrk(nginx.port, [nginx_req], c, duration))
                    for name in S3_SERVERS:
                        if name in refused:
                            R.put(test, name, None, note=refused[name])
                            continue
                        self.record_wrk(test, name, self.wrk(self.servers[name].port, requests[name], c, duration))
                for name in list(S3_SERVERS) + (["nginx"] if op == "GET" else []):
                    if name not in refused:
                        log(f"  {name} {op} {auth}: " + ", ".join(
                            f"c{c} {R.get(f'small.{op}.{auth}.c{c}', name)['value']:.0f}/s"
                            for c in self.mode["connections"]))

    def make_file(self, path, size, sparse=False):
        if sparse:
            with open(path, "wb") as f:
                f.truncate(size)
            return path
        chunk = b"\0" * (8 * MiB)
        with open(path, "wb") as f:
            left = size
            while left:
                n = min(left, len(chunk))
                f.write(chunk[:n])
                left -= n
        return path

    @staticmethod
    def timed_get(url, bufsize=MiB):
        """GETs url from this process (on the client core) and drops the body: (status, bytes,
        seconds from connect to the last byte). Not curl: it hands the body on 16 KiB at a time
        and writes each piece to /dev/null in two writes, which held one loopback stream below
        what nginx and s3emu send. Body byte k is read to an address = k mod 64: the kernel's
        copy to user space runs 4-5x slower on this machine's CPU when page-aligned data lands
        1-31 bytes past a 64-byte boundary, and where it lands would otherwise depend on the
        server's head length and on how the first reads split."""
        import mmap
        import urllib.parse
        u = urllib.parse.urlsplit(url)
        target = u.path + (f"?{u.query}" if u.query else "")
        started = time.perf_counter()
        with socket.create_connection((u.hostname, u.port), timeout=600) as s:
            s.sendall(f"GET {target} HTTP/1.1\r\nHost: {u.netloc}\r\nConnection: close\r\n\r\n".encode())
            head = b""
            while b"\r\n\r\n" not in head:
                chunk = s.recv(65536)
                if not chunk:
                    raise RuntimeError(f"GET {u.path}: connection closed in the head")
                head += chunk
            head, _, body = head.partition(b"\r\n\r\n")
            status = int(head.split(None, 2)[1])
            m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            length = int(m.group(1)) if m else None  # without one, until the server closes
            got = len(body)
            buf = memoryview(mmap.mmap(-1, bufsize + 64))  # page-aligned
            while length is None or got < length:
                n = s.recv_into(buf[got % 64:], bufsize)
                if not n:
                    break
                got += n
        return status, got, time.perf_counter() - started

    def large(self):
        """Single-stream and 8-part PUT and GET of one large object, presigned: the PUTs and the
        8 ranged GETs with curl, the single-stream GETs (nginx's too) with timed_get."""
        R = self.results
        size = self.mode["large_size"]
        label = size_label(size)
        parts = 8
        part_size = size // parts
        src = self.make_file(self.path("large", "src"), size)
        part_files = [self.make_file(self.path("large", f"part{i}"), part_size) for i in range(parts)]
        # Also a limit: nginx serving the same file with sendfile, fetched by the same client.
        os.link(src, os.path.join(self.nginx_www, BUCKET, "large"))
        os.chmod(src, 0o644)
        nginx = self.servers["nginx"]
        status, got, seconds = self.timed_get(f"{nginx.endpoint}/{BUCKET}/large")
        check(status == 200 and got == size, f"nginx GET: {status}, {got} bytes")
        R.define("limit.nginx_large", "limits", f"nginx static GET {label}, 1 stream", "MB/s")
        R.put("limit.nginx_large", "limit", size / seconds / 1e6)
        log(f"  nginx static GET {label}: {size / seconds / 1e6:.0f} MB/s")

        R.define("large.put", "large", f"PUT {label}, 1 stream", "MB/s", limit_name="min(MD5, disk)")
        R.define("large.get", "large", f"GET {label}, 1 stream", "MB/s", limit_name="TCP")
        R.define("large.put_mp", "large", f"PUT {label}, multipart 8 parts in parallel", "MB/s",
                 limit_name="min(MD5, disk)")
        R.define("large.get_ranged", "large", f"GET {label}, 8 ranges in parallel", "MB/s", limit_name="TCP")
        R.define("large.peak_rss", "large", f"peak RSS during the {label} transfers (VmHWM)", "MiB",
                 lower_better=True)
        md5 = (R.get("limit.md5", "limit") or {}).get("value")
        disk = (R.get("limit.disk", "limit") or {}).get("value")
        tcp = (R.get("limit.tcp", "limit") or {}).get("value")
        if md5 and disk:
            R.put("large.put", "limit", min(md5, disk))
            R.put("large.put_mp", "limit", min(md5, disk))
        if tcp:
            R.put("large.get", "limit", tcp)
            R.put("large.get_ranged", "limit", tcp)

        for name in S3_SERVERS:
            server, signer = self.servers[name], self.signers[name]
            servers.reset_peak_rss(server.pid)
            path = f"/{BUCKET}/large"
            try:
                seconds, (res,) = self.curls([["-T", src, signer.presign_url("PUT", path)]])
                check(res[0] == 200 and res[1] == size, f"{name} PUT: {res}")
                R.put("large.put", name, size / seconds / 1e6)

                status, got, seconds = self.timed_get(signer.presign_url("GET", path))
                check(status == 200 and got == size, f"{name} GET: {status}, {got} bytes")
                R.put("large.get", name, size / seconds / 1e6)

                mp_path = f"/{BUCKET}/large-mp"
                started = time.perf_counter()
                upload = signer.client.create_multipart_upload(Bucket=BUCKET, Key="large-mp")["UploadId"]
                _, results = self.curls([["-T", part_files[i], signer.presign_url(
                    "PUT", mp_path, {"partNumber": i + 1, "uploadId": upload})] for i in range(parts)])
                for res in results:
                    check(res[0] == 200 and res[1] == part_size and res[3], f"{name} UploadPart: {res}")
                signer.client.complete_multipart_upload(
                    Bucket=BUCKET, Key="large-mp", UploadId=upload,
                    MultipartUpload={"Parts": [{"PartNumber": i + 1, "ETag": results[i][3]} for i in range(parts)]})
                seconds = time.perf_counter() - started
                R.put("large.put_mp", name, size / seconds / 1e6)

                url = signer.presign_url("GET", mp_path)
                seconds, results = self.curls([["-r", f"{i * part_size}-{(i + 1) * part_size - 1}", url]
                                               for i in range(parts)])
                for res in results:
                    check(res[0] == 206 and res[2] == part_size, f"{name} ranged GET: {res}")
                R.put("large.get_ranged", name, size / seconds / 1e6)
            except Exception as e:  # a peer failing a transfer is a result, not the end of the run
                log(f"  {name}: {e}")
                self.notes.append(f"{name}, large objects: {e}")
            R.put("large.peak_rss", name, server.peak_rss_kib() / 1024)
            for key in ("large", "large-mp"):  # free the disk space
                try:
                    signer.client.delete_object(Bucket=BUCKET, Key=key)
                except Exception:
                    pass
            log(f"  {name}: " + ", ".join(
                f"{t.split('.')[1]} {R.get(t, name)['value']:.0f}"
                for t in ("large.put", "large.get", "large.put_mp", "large.get_ranged") if R.get(t, name))
                + f" MB/s, peak RSS {R.get('large.peak_rss', name)['value']:.0f} MiB")
        os.unlink(os.path.join(self.nginx_www, BUCKET, "large"))
        for f in [src] + part_files:
            os.unlink(f)

    def list_urls(self, signer, bucket):
        return {
            "after": signer.presign_path("GET", f"/{bucket}",
                                         {"list-type": 2, "max-keys": 1000, "start-after": "p500/"}),
            "delim": signer.presign_path("GET", f"/{bucket}", {"list-type": 2, "max-keys": 1000, "delimiter": "/"}),
        }

    def measure_list(self, name, server, signer, bucket, n):
        R = self.results
        for kind, path in self.list_urls(signer, bucket).items():
            test = f"list.{kind}.{n}"
            try:
                body = urllib.request.urlopen(server.endpoint + path, timeout=60).read().decode()
            except Exception as e:  # a server failing a request is a result, not the end of the run
                R.put(test, name, None, note=f"first page failed: {e}")
                self.notes.append(f"{name}, LIST {count_label(n)} {kind}: {e}")
                continue
            want = 1000
            got = body.count("<Key>") if kind == "after" else body.count("<CommonPrefixes>")
            if got != want:
                R.put(test, name, None, note=f"page has {got} entries, not {want}")
                continue
            r = self.wrk(server.port, [signer.presigned("GET", path)], 1, self.mode["small_duration"])
            self.record_wrk(test, name, r)
        log(f"  {name} {count_label(n)}: start-after page "
            f"{fmt_ms(R.get(f'list.after.{n}', name))}, delimiter page {fmt_ms(R.get(f'list.delim.{n}', name))}")

    def listing(self):
        """One 1000-key page from the middle and one delimiter page, from buckets of growing size."""
        R = self.results
        sizes = self.mode["list_sizes"]
        for n in (10_000, 100_000, 1_000_000):
            R.define(f"list.after.{n}", "list", f"LIST 1000 keys from the middle, {count_label(n)}-key bucket",
                     "pages/s")
            R.define(f"list.delim.{n}", "list", f"LIST delimiter page (1000 prefixes), {count_label(n)}-key bucket",
                     "pages/s")
            R.define(f"list.populate.{n}", "list", f"populate {count_label(n)} keys", "objects/s")
        # s3emu: a data dir filled through the Store while no s3emu runs.
        data = self.new_dir("s3emu-list-data")
        for n in sizes:
            out = subprocess.run([self.args.populate, data, f"list{n}", str(n)], capture_output=True, text=True)
            if out.returncode != 0:
                raise RuntimeError(f"populate failed: {out.stderr}")
            m = re.search(r"in ([\d.]+) s \((\d+) objects/s\)", out.stdout)
            R.put(f"list.populate.{n}", "s3emu", float(m.group(2)),
                  note=f"{m.group(1)} s through the Store (put_object, fsync off, 4 threads)")
            log(f"  s3emu populate {count_label(n)}: {out.stdout.strip()}")
        with self.s3emu_server(data, "s3emu-list") as server:
            server.start()
            R.define("startup.ready_big", "startup", f"start-up to ready, {count_label(max(sizes))}-key store", "ms",
                     lower_better=True)
            R.put("startup.ready_big", "s3emu", server.ready_ms)
            log(f"  s3emu ready in {server.ready_ms:.1f} ms on a store of {sum(sizes)} keys")
            signer = signing.Signer(server.endpoint, ACCESS_KEY, SECRET_KEY, REGION)
            for n in sizes:
                self.measure_list("s3emu", server, signer, f"list{n}", n)
        # Peers: through HTTP, 16 PUTs in flight with curl; bigger buckets are skipped, and in
        # quick mode all of it (10k PUTs to s3rver or moto take about a minute each).
        n = PEER_LIST_SIZE
        if not self.mode["peer_list"]:
            for name in PEERS:
                for big in sizes:
                    for kind in ("after", "delim"):
                        R.put(f"list.{kind}.{big}", name, None, note="skipped in --quick (populating takes minutes)")
            return
        empty = self.make_file(self.path("list", "empty"), 0)
        for name in PEERS:
            server, signer = self.servers[name], self.signers[name]
            bucket = f"list{n}"
            signer.client.create_bucket(Bucket=bucket)
            config = self.path("list", f"{name}.curl")
            with open(config, "w") as f:
                for i in range(n):
                    f.write(f'url = "{signer.presign_url("PUT", f"/{bucket}/{key_for(i)}")}"\n'
                            f'upload-file = "{empty}"\noutput = "/dev/null"\n')
            started = time.perf_counter()
            r = subprocess.run(["curl", "-sS", "-f", "-H", "Expect:", "--parallel", "--parallel-max", "16",
                                "-K", config], capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if r.returncode != 0:
                R.put(f"list.populate.{n}", name, None, note=f"curl failed: {r.stderr[:200]}")
                continue
            R.put(f"list.populate.{n}", name, n / seconds, note=f"{seconds:.1f} s through HTTP (16 parallel PUTs)")
            log(f"  {name} populate {count_label(n)}: {seconds:.1f} s ({n / seconds:.0f} objects/s, HTTP)")
            self.measure_list(name, server, signer, bucket, n)
            for big in sizes:
                if big > n:
                    for kind in ("after", "delim"):
                        R.put(f"list.{kind}.{big}", name, None, note="skipped (populating through HTTP is too slow)")

    def rss(self):
        """s3emu's peak RSS over one PUT and one GET of a big object (sparse source file)."""
        R = self.results
        size = self.mode["rss_size"]
        server, signer = self.servers["s3emu"], self.signers["s3emu"]
        src = self.make_file(self.path("rss", "src"), size, sparse=True)
        servers.reset_peak_rss(server.pid)
        path = f"/{BUCKET}/rss"
        put_s, (res,) = self.curls([["-T", src, signer.presign_url("PUT", path)]])
        check(res[0] == 200, f"PUT {res}")
        get_s, (res,) = self.curls([[signer.presign_url("GET", path)]])
        check(res[0] == 200 and res[2] == size, f"GET {res}")
        os.unlink(src)
        signer.client.delete_object(Bucket=BUCKET, Key="rss")
        label = size_label(size)
        R.define("rss.peak", "startup", f"peak RSS during a {label} PUT and GET (VmHWM)", "MiB", lower_better=True)
        R.put("rss.peak", "s3emu", server.peak_rss_kib() / 1024,
              note=f"PUT {size / put_s / 1e6:.0f} MB/s, GET {size / get_s / 1e6:.0f} MB/s")
        log(f"  s3emu {label}: PUT {size / put_s / 1e6:.0f} MB/s, GET {size / get_s / 1e6:.0f} MB/s, "
            f"peak RSS {server.peak_rss_kib() / 1024:.1f} MiB")

    # --- the run -------------------------------------------------------------------------------

    def run(self):
        started = time.perf_counter()
        self.section("limits", self.limits)
        self.section("start-up and idle RSS", self.startup)
        self.section("servers for the load sections", self.start_servers)
        self.section("small objects (wrk)", self.small)
        self.section("large objects", self.large)
        self.section("peak RSS, s3emu", self.rss)
        self.section("LIST", self.listing)
        servers.stop_all()
        self.total = time.perf_counter() - started


def save_log_tails(logs, dest, lines=200):
    """The end of each server's log, kept with the results (the temp dir goes away)."""
    if not os.path.isdir(logs):
        return
    os.makedirs(dest, exist_ok=True)
    for name in sorted(os.listdir(logs)):
        with open(os.path.join(dest, name), "w") as f:
            f.write(servers.tail(os.path.join(logs, name), lines) + "\n")


def key_for(i):
    """The keys bench/populate.cpp writes: 1000 prefixes, "p500/" in the middle."""
    return f"p{i % 1000:03d}/k{i:09d}"


def check(cond, what):
    if not cond:
        raise RuntimeError(f"unexpected answer: {what}")


def fmt_ms(v):
    if not v or v.get("value") is None:
        return "-"
    return f"{1000 / v['value']:.2f} ms ({v['value']:.0f}/s)"


def machine_info():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
            cpu = m.group(1) if m else ""
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return dict(nproc=os.cpu_count(), cpu=cpu, kernel=platform.release(), memory=mem)


def versions(args):
    def run(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
            return (r.stdout + r.stderr).strip().splitlines()[0]
        except Exception:
            return "?"
    repo = os.path.dirname(HERE)
    rev = run(["git", "-C", repo, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", repo, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    with open(os.path.join(HERE, "node_modules", "s3rver", "package.json")) as f:
        s3rver = json.load(f)["version"]
    moto_version = run([sys.executable, "-c", "import moto; print(moto.__version__)"])
    return dict(s3emu=rev + (" (with uncommitted changes)" if dirty else ""), s3rver=s3rver, moto=moto_version,
                nginx=run([args.nginx, "-v"]), wrk=run(["wrk", "-v"]), curl=run(["curl", "--version"]),
                iperf3=run(["iperf3", "--version"]), openssl=run(["openssl", "version"]),
                node=run(["node", "--version"]), python=platform.python_version())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mode", choices=MODES, default="quick")
    p.add_argument("--s3emu", required=True)
    p.add_argument("--populate", required=True)
    p.add_argument("--moto-server", required=True)
    p.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    p.add_argument("--results", required=True, help="directory for the result files")
    p.add_argument("--tmpdir", default=None, help="where the data dirs go (default: $TMPDIR or /tmp)")
    p.add_argument("--command", default="", help="the command line to record")
    p.add_argument("--small-seconds", type=int, default=None,
                   help="seconds per wrk run instead of the mode's (for trying the bench out)")
    args = p.parse_args()
    if args.small_seconds:
        MODES[args.mode]["small_duration"] = args.small_seconds

    if len(os.sched_getaffinity(0)) < 2 and (os.cpu_count() or 1) < 2:
        sys.exit("bench: needs 2 cores (server on core 0, client on core 1)")
    # This script, wrk, curl and iperf3's client all run on the client core.
    os.sched_setaffinity(0, {servers.CLIENT_CORE})
    # Ctrl-C, TERM or HUP: unwind through the finally below, which stops every server. SIGINT
    # is set explicitly because a shell that starts us in the background leaves it ignored;
    # further signals are ignored while the cleanup runs, so that it is not cut short.
    def interrupted(signum, _frame):
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        raise KeyboardInterrupt(signal.Signals(signum).name)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, interrupted)

    bench = Bench(args)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    ok = False
    try:
        log(f"bench: {args.mode} mode, temp dir {bench.tmp}; servers on core {servers.SERVER_CORE}, "
            f"clients on core {servers.CLIENT_CORE}")
        bench.run()
        ok = True
    except KeyboardInterrupt as e:
        log(f"\nbench: interrupted ({e or 'SIGINT'}); stopping the servers")
    finally:
        servers.stop_all()
        save_log_tails(os.path.join(bench.tmp, "logs"), os.path.join(args.results, "logs"))
        if ok or not os.environ.get("S3EMU_BENCH_KEEP_TMP"):
            shutil.rmtree(bench.tmp, ignore_errors=True)
        else:
            log(f"bench: kept {bench.tmp}")
    if not ok:
        return 1

    os.makedirs(args.results, exist_ok=True)
    results = bench.results.to_json()
    meta = dict(command=args.command, mode=args.mode, date=date, machine=machine_info(), versions=versions(args),
                total_seconds=bench.total, notes=bench.notes,
                settings={k: (list(v) if isinstance(v, tuple) else v) for k, v in bench.mode.items()},
                keys=dict(s3emu_moto=ACCESS_KEY, s3rver=S3RVER_KEYS[0]))
    with open(os.path.join(args.results, "results.json"), "w") as f:
        json.dump(dict(meta=meta, **results), f, indent=1)
    with open(os.path.join(args.results, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    with open(os.path.join(args.results, "results.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["section", "test", "label", "server", "value", "unit", "p50_ms", "p99_ms", "note"])
        for v in results["values"]:
            t = results["tests"][v["test"]]
            w.writerow([t["section"], v["test"], t["label"], v["server"],
                        "" if v["value"] is None else f"{v['value']:.4g}", t["unit"],
                        f"{v['p50_ms']:.3f}" if "p50_ms" in v else "", f"{v['p99_ms']:.3f}" if "p99_ms" in v else "",
                        v.get("note") or ""])
    with open(os.path.join(args.results, "results.md"), "w") as f:
        f.write(markdown_table(results) + "\n")

    log("\n" + text_table(results))
    log("\nratio = s3emu / peer (or / limit); ↓ = lower is better; '!' = wrk saw errors (see results.csv); "
        "small and LIST cells are 'rate (p50/p99 latency in ms)'.")
    if bench.mode["large_size"] < 1024 * MiB:
        log(f"quick mode: large objects are {size_label(bench.mode['large_size'])} (1 GiB in --full), "
            f"peak RSS over {size_label(bench.mode['rss_size'])} (5 GiB in --full), "
            f"LIST up to {count_label(max(bench.mode['list_sizes']))} keys (1M in --full).")
    for note in bench.notes:
        log(f"note: {note}")
    log("\nsections: " + ", ".join(f"{k} {v:.1f}s" for k, v in bench.results.sections.items())
        + f"; total {bench.total:.1f}s")
    log(f"results: {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
