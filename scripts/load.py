"""Driving a server the way `make bench` measures it: gunicorn started with production settings,
and wrk sending it requests from a second process, with the CPU each side used."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench_setup import ROOT

GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WORKERS = 2
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def wait_until_up(base, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 - loopback
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def fetch(url):
    """The body and the X-Cache header of a GET."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read(), response.headers.get("X-Cache")


def parse_duration(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def busy_cpu_seconds():
    """CPU time the whole machine has spent busy (every core, every process) since it booted."""
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(
        int, Path("/proc/stat").read_text().split()[1:9]
    )
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def wrk(server, path, duration, connections):
    """Requests per second, p50 and p99 in milliseconds, the count of non-2xx answers, the CPU
    time gunicorn spent per request in milliseconds, and the CPU (in cores) that processes other
    than gunicorn and wrk used meanwhile: on PostgreSQL the database and Redis serving the
    requests, and on a shared machine other people's work."""
    before = busy_cpu_seconds(), server.cpu_seconds(), os.times(), time.monotonic()
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", server.base + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    after = busy_cpu_seconds(), server.cpu_seconds(), os.times(), time.monotonic()
    wrk_cpu = sum(after[2][2:4]) - sum(before[2][2:4])  # wrk is the child reaped meanwhile
    server_cpu = after[1] - before[1]
    others = (after[0] - before[0]) - server_cpu - wrk_cpu
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_duration(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = parse_duration(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = int(errors.group(1)) if errors else 0
    cpu_ms = server_cpu * 1000 / max(requests, 1)
    return rps, p50, p99, errors, cpu_ms, max(others, 0) / (after[3] - before[3])


class Server:
    """gunicorn with production's gunicorn.conf.py: its access log on (written to `access_log`)
    unless that is None, and the site's application unless `app` names another."""

    def __init__(self, env, port, page_cache_seconds, access_log, app=None):
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(access_log, "ab") if access_log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", *([app] if app else [])],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(WORKERS),
                # "-" (stdout) is production's default; "" turns the access log off.
                "GUNICORN_ACCESS_LOG": "-" if access_log else "",
                "DJANGO_PAGE_CACHE_SECONDS": str(page_cache_seconds),
            },
            stdout=self.log,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.base)

    def pids(self):
        """The gunicorn master and its workers."""
        return [self.process.pid] + [
            int(p)
            for p in Path(f"/proc/{self.process.pid}/task").glob("*/children")
            for p in p.read_text().split()
        ]

    def memory_mb(self):
        """Resident memory of the gunicorn master and its workers, in MB."""
        total_kb = 0
        for pid in self.pids():
            status = Path(f"/proc/{pid}/status").read_text()
            total_kb += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total_kb / 1024

    def cpu_seconds(self):
        """CPU time the master and its workers have used (user and system)."""
        ticks = 0
        for pid in self.pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        return ticks / CLOCK_TICKS

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.log is not subprocess.DEVNULL:
            self.log.close()
