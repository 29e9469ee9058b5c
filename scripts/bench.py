#!/usr/bin/env python
"""Benchmark the site as production serves it: gunicorn with 2 workers, production settings.

`make bench` runs this. It prepares a database (migrate, demo content, and with --bulk 20,000
generated guides), then drives each page with wrk from a second process and prints requests per
second and p50/p99 latency:

- cold: the page cache is off, so every request runs the view and renders the page (reads that
  many pages share stay cached under the content version, as in production: guides/cache.py);
- warm: pages come from the page cache;
- static: the same guide page's HTML saved as a file and served by WhiteNoise, the yardstick.

Throughput is measured with more connections than workers, so the server is saturated and its
latency there is mostly time spent queueing behind other requests. With --bulk, the list and
search pages are measured once more with one connection per worker ("cold, 1/worker"): that
p99 is close to the page's own latency (wrk still shares the two cores with the server), which
is what the 100 ms target is about.

With --lighthouse, Lighthouse (pinned in scripts/lighthouse/package.json; `npm ci --prefix
scripts/lighthouse` installs it) also loads the home, list and guide pages once each on an
emulated phone in Debian's Chromium, and reports performance, accessibility and the bytes
transferred on a first visit, against the targets (performance >= 95, accessibility 100, guide
page <= 60 KB; tests/test_page_weight.py checks that budget from the built responses too).

Set DATABASE_URL and REDIS_URL to measure on PostgreSQL and Redis; the default is a throwaway
SQLite database and each worker's local-memory cache. Requests only ever go to 127.0.0.1.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
STATIC_COPY = "bench/guide-page.html"

PAGES = {
    "home": "/en/",
    "guide list, filtered": "/en/guides/?region=ph&operator=globe&operator=smart",
    "guide page": "/en/guides/{guide}/",
    "number checker": "/en/check/?number=%2B86+10086",
}
BULK_PAGES = {
    "search (English)": "/en/guides/?q=GCash",
    "search (Chinese)": "/zh-hans/guides/?q=%E4%B8%AD%E5%9B%BD%E7%A7%BB%E5%8A%A8",
    "guide list, page 50": "/en/guides/?page=50",
}
# The pages Lighthouse loads (a published demo guide), and its targets.
LIGHTHOUSE_PAGES = {
    "home": "/en/",
    "guide list": "/en/guides/?operator=smart",
    "guide page": "/en/guides/gcash-load-smart/",
}
LIGHTHOUSE = ROOT / "scripts" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
GUIDE_PAGE_BUDGET_KB = 60
# The pages whose latency is measured without queueing, with bulk content.
LATENCY_PAGES = ("guide list, filtered", *BULK_PAGES)
LATENCY = "cold, 1/worker"
WORKERS = 2


def lighthouse(url):
    """Performance and accessibility scores (0-100) and the bytes transferred, on a first visit
    from an emulated phone (Lighthouse's default form factor)."""
    output = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--only-categories=performance,accessibility",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    report = json.loads(output)
    scores = {name: round(c["score"] * 100) for name, c in report["categories"].items()}
    return (
        scores["performance"],
        scores["accessibility"],
        report["audits"]["total-byte-weight"]["numericValue"],
    )


def run(command, env):
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


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
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read()


def parse_duration(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, duration, connections):
    """Requests per second, p50 and p99 in milliseconds, and the count of non-2xx answers."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = parse_duration(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = parse_duration(re.search(r"\s99%\s+(\S+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rps, p50, p99, int(errors.group(1)) if errors else 0


class Server:
    def __init__(self, env, port, page_cache_seconds):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(WORKERS),
                "GUNICORN_ACCESS_LOG": "",
                "DJANGO_PAGE_CACHE_SECONDS": str(page_cache_seconds),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(self.base)

    def memory_mb(self):
        """Resident memory of the gunicorn master and its workers, in MB."""
        pids = [self.process.pid]
        pids += [
            int(p)
            for p in Path(f"/proc/{self.process.pid}/task").glob("*/children")
            for p in p.read_text().split()
        ]
        total_kb = 0
        for pid in pids:
            status = Path(f"/proc/{pid}/status").read_text()
            total_kb += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        return total_kb / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--bulk", action="store_true", help="add 20,000 generated guides")
    parser.add_argument(
        "--lighthouse", action="store_true", help="also report Lighthouse for three pages"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    if args.lighthouse and not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix scripts/lighthouse")

    workdir = Path(tempfile.mkdtemp(prefix="topup-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
    }
    print(f"Preparing {env['DATABASE_URL'].split('@')[-1]} ...", flush=True)
    run([PYTHON, "manage.py", "migrate", "--no-input"], env)
    run([PYTHON, "manage.py", "load_demo_content"], env)
    if args.bulk:
        run([PYTHON, "manage.py", "generate_bulk_content"], env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "--clear"], env)

    pages = {**PAGES, **(BULK_PAGES if args.bulk else {})}
    pages["guide page"] = pages["guide page"].format(guide="gcash-load-smart")
    results = {}

    # Cold: no page cache. Also save the guide page as a static file for the warm run.
    server = Server(env, args.port, page_cache_seconds=0)
    html = fetch(server.base + pages["guide page"])
    (workdir / "static" / STATIC_COPY).parent.mkdir(parents=True, exist_ok=True)
    (workdir / "static" / STATIC_COPY).write_bytes(html)
    for name, path in pages.items():
        results[(name, "cold")] = wrk(server.base + path, args.duration, args.connections)
    if args.bulk:
        for name in LATENCY_PAGES:
            results[(name, LATENCY)] = wrk(server.base + pages[name], args.duration, WORKERS)
    cold_memory = server.memory_mb()
    server.stop()

    # Warm: the page cache on (WhiteNoise finds the static copy at start-up).
    server = Server(env, args.port, page_cache_seconds=600)
    static_url = f"{server.base}/static/{STATIC_COPY}"
    results[("guide page as a static file", "static")] = wrk(
        static_url, args.duration, args.connections
    )
    for name, path in pages.items():
        fetch(server.base + path)
        results[(name, "warm")] = wrk(server.base + path, args.duration, args.connections)
    warm_memory = server.memory_mb()
    scores = {}
    if args.lighthouse:
        for name, path in LIGHTHOUSE_PAGES.items():
            scores[name] = lighthouse(server.base + path)
    server.stop()
    shutil.rmtree(workdir, ignore_errors=True)

    static_rps = results[("guide page as a static file", "static")][0]
    print()
    print(
        f"wrk -t2 -c{args.connections} -d{args.duration}s against gunicorn with {WORKERS} workers"
        + (f" (-c{WORKERS} for {LATENCY})" if args.bulk else "")
    )
    print()
    print("| page | cache | req/s | p50 ms | p99 ms | vs static | non-2xx |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (name, mode), (rps, p50, p99, errors) in results.items():
        print(
            f"| {name} | {mode} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | "
            f"{rps / static_rps:.2f} | {errors} |"
        )
    print()
    print(
        f"Memory (gunicorn master + 2 workers, RSS): cold {cold_memory:.0f} MB, "
        f"warm {warm_memory:.0f} MB"
    )
    warm_ratio = results[("guide page", "warm")][0] / static_rps
    cold_ratios = {
        name: results[(name, "cold")][0] / static_rps
        for name in ("guide page", "guide list, filtered")
    }
    print(
        f"Target warm guide page >= 0.50 of static: {warm_ratio:.2f}",
        "met" if warm_ratio >= 0.5 else "NOT met",
    )
    for name, ratio in cold_ratios.items():
        print(
            f"Target cold {name} >= 0.05 of static: {ratio:.3f}",
            "met" if ratio >= 0.05 else "NOT met",
        )
    if scores:
        print()
        print("| page (Lighthouse, mobile) | performance | accessibility | transferred KB |")
        print("|---|---:|---:|---:|")
        for name, (performance, accessibility, transferred) in scores.items():
            print(f"| {name} | {performance} | {accessibility} | {transferred / 1024:.1f} |")
        for name, (performance, accessibility, _bytes) in scores.items():
            met = performance >= 95 and accessibility == 100
            print(
                f"Target {name} performance >= 95 and accessibility 100: "
                f"{performance} / {accessibility}",
                "met" if met else "NOT met",
            )
        guide_kb = scores["guide page"][2] / 1024
        print(
            f"Target guide page <= {GUIDE_PAGE_BUDGET_KB} KB transferred, first visit: "
            f"{guide_kb:.1f} KB",
            "met" if guide_kb <= GUIDE_PAGE_BUDGET_KB else "NOT met",
        )
    if args.bulk:
        for name in LATENCY_PAGES:
            p99 = results[(name, LATENCY)][2]
            print(
                f"Target cold {name} p99 < 100 ms with bulk content, one connection per worker: "
                f"{p99:.1f} ms",
                "met" if p99 < 100 else "NOT met",
            )


if __name__ == "__main__":
    main()
