"""Starting, probing and stopping the servers under test (s3emu, s3rver, moto, nginx, iperf3).

Every server is pinned to SERVER_CORE, runs in its own session (a Ctrl-C in the terminal
reaches only bench.py, which then stops them), and gets SIGTERM from the kernel if bench.py dies
(PR_SET_PDEATHSIG, set by `setpriv --pdeathsig`), so none outlives the run. Each is stopped by
its PID only.

No preexec_fn: with one, Python must fork() this interpreter (botocore loaded, page tables and
all) instead of vfork(), which cost 15 ms or more of every start-up timing here; /bin/true took
17 ms that way and 2 ms through setpriv. The child inherits the core from bench.py, which moves
to SERVER_CORE for the moment of the spawn.
"""

import os
import signal
import socket
import subprocess
import time

SERVER_CORE = 0
CLIENT_CORE = 1

_running = []  # every Server started and not yet stopped, for stop_all()


def spawn_server(argv, **popen_args):
    """Popen of a server process pinned to SERVER_CORE that gets SIGTERM when bench.py dies."""
    client_cores = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {SERVER_CORE})
    try:
        return subprocess.Popen(["setpriv", "--pdeathsig", "TERM", "--", *argv], start_new_session=True,
                                **popen_args)
    finally:
        os.sched_setaffinity(0, client_cores)


def free_port():
    """A port that was free a moment ago (servers here need it on their command line)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(port, path, timeout=1.0):
    """Status of one GET over a fresh connection, or None if nothing answers yet."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
            head = s.recv(64)
    except OSError:
        return None
    parts = head.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/"):
        return None
    return int(parts[1])


def proc_status(pid, field):
    """A field of /proc/PID/status in KiB (VmRSS, VmHWM), or None."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def reset_peak_rss(pid):
    """Make VmHWM start again from the current RSS (proc(5): clear_refs, value 5)."""
    with open(f"/proc/{pid}/clear_refs", "w") as f:
        f.write("5")


class Server:
    """One server process: command, readiness probe, and the numbers read from /proc."""

    def __init__(self, name, argv, port, ready_path, log_path, cwd=None, env=None, ready_status=200):
        self.name = name
        self.argv = argv
        self.port = port
        self.ready_path = ready_path
        self.ready_status = ready_status
        self.log_path = log_path
        self.cwd = cwd
        self.env = env
        self.proc = None
        self.ready_ms = None

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def start(self, timeout=60):
        """Starts the process and polls until the probe answers; ready_ms is exec to first answer."""
        log = open(self.log_path, "ab")
        started = time.perf_counter()
        self.proc = spawn_server(self.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 cwd=self.cwd, env=self.env)
        log.close()
        _running.append(self)
        deadline = started + timeout
        while True:
            # A tight loop: a refused connect costs some microseconds, and the poll interval
            # below bounds the error of the measurement.
            status = http_status(self.port, self.ready_path)
            if status == self.ready_status:
                self.ready_ms = (time.perf_counter() - started) * 1000
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode} before it was ready; "
                                   f"log {self.log_path}:\n{tail(self.log_path)}")
            if time.perf_counter() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} not ready within {timeout}s; log {self.log_path}:\n"
                                   f"{tail(self.log_path)}")
            time.sleep(0.0002)

    def rss_kib(self):
        return proc_status(self.pid, "VmRSS")

    def peak_rss_kib(self):
        return proc_status(self.pid, "VmHWM")

    def stop(self):
        if not self.proc:
            return
        proc, self.proc = self.proc, None
        if self in _running:
            _running.remove(self)
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def stop_all():
    for server in list(_running):
        try:
            server.stop()
        except Exception:  # keep stopping the others
            pass


def tail(path, lines=20):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 400 * lines))
            return "\n".join(f.read().decode(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
