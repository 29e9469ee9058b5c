#!/usr/bin/env python
"""Benchmark the site as production serves it: gunicorn with 2 workers, production settings.

`make bench` runs this. It prepares a database (migrate, demo content, and with --bulk 20,000
generated guides), then drives each page with wrk from a second process and prints requests per
second and p50/p99 latency:

- cold: the page cache is off, so every request runs the view and renders the page. Each
  process still keeps what earlier requests left: the reads many pages share, under the content
  version (guides/caching/pages.py), the Markdown it rendered (guides/markup.py) and the fragments
  the template tags built (guides/templatetags/guides_tags.py), as in production between changes;
- first render: cold, and before each request every one of those per-process memos is forgotten
  and the content version bumped (scripts/first_render.py), as on the first request after an
  editor saves;
- warm: the page cache on. A page it does not store (the number checker) is named so;
- static: the same guide page's HTML saved as a file and served by WhiteNoise, the yardstick;
- Varnish hit: Varnish (deploy/varnish/default.vcl, scripts/varnish_server.py) in front of
  gunicorn, answering from its own copy. Then an editor's save is timed until the fresh page
  comes through Varnish (scripts/save_to_fresh.py): the save, its purge by tag, and the page
  rendered again. Without Redis each worker has a page cache of its own, which another
  process's save cannot reach, so gunicorn runs without it there, as the only page cache is
  then Varnish; with Redis, with it.

gunicorn writes its access log as production does (gunicorn.conf.py), to a file here; the warm
guide page is measured once more without it, and the difference in gunicorn's CPU time per
request is what the log costs.

Throughput is measured with more connections than workers, so the server is saturated and its
latency there is mostly time spent queueing behind other requests. With --bulk, the list and
search pages are measured once more with one connection per worker ("cold, 1/worker"): that
p99 is close to the page's own latency (wrk still shares the two cores with the server), which
is what the 100 ms target is about.

The results are printed and written to docs/bench/<content>-<database>.md, and its copy in
docs/benchmark.md (between its `bench-results` markers) is replaced; tests/test_bench.py checks
that the two agree.

With --lighthouse, Lighthouse (pinned in scripts/lighthouse/package.json; `npm ci --prefix
scripts/lighthouse` installs it) also loads the home, list and guide pages once each on an
emulated phone in Debian's Chromium, and reports performance, accessibility and the bytes
transferred on a first visit, against the targets (performance >= 95, accessibility 100, guide
page <= 60 KB; tests/test_page_weight.py checks that budget from the built responses too).

Set DATABASE_URL and REDIS_URL to measure on PostgreSQL and Redis; the default is a throwaway
SQLite database and each worker's local-memory cache. Requests only ever go to 127.0.0.1.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_setup import (
    COLD,
    FIRST,
    ROOT,
    STATIC,
    VARNISH,
    WARM,
    describe,
    machine,
    prepare,
    production_env,
    setup_name,
    write_results,
)
from load import WORKERS, Server, fetch, wrk
from varnish_server import Varnish, available

STATIC_COPY = "bench/guide-page.html"
FIRST_RENDER_APP = "scripts.first_render:application"

PAGES = {
    "home": "/en/",
    "guide list, filtered": "/en/guides/?region=ph&operator=globe&operator=smart",
    "guide page": "/en/guides/china-mobile-hotline/",
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
NO_LOG = "warm, access log off"
NOT_STORED = "page cache on, not stored"
# Lighthouse scores travel with the rows until the report sets them apart.
LIGHTHOUSE_ROW = "lighthouse"
TARGET_PAGES = ("guide page", "guide list, filtered")
# The pages measured through Varnish (the number checker is never kept there).
VARNISH_PAGES = ("home", "guide list, filtered", "guide page")
FRESH_GUIDE = "china-mobile-hotline"


class ThroughVarnish:
    """The server as wrk sees it through Varnish: Varnish's address, gunicorn's CPU time."""

    def __init__(self, varnish, server):
        self.base = varnish.base
        self.server = server

    def cpu_seconds(self):
        return self.server.cpu_seconds()


def measure_varnish(args, env, log, pages):
    """Hits through Varnish for VARNISH_PAGES, and the seconds from each of a series of saves
    to the fresh guide page through it."""
    results = {}
    varnish_port = args.port + 1
    env = {**env, "DJANGO_VARNISH_URLS": f"http://127.0.0.1:{varnish_port}"}
    server = Server(
        env, args.port, page_cache_seconds=600 if env.get("REDIS_URL") else 0, access_log=log
    )
    varnish = Varnish(varnish_port, args.port)
    try:
        through = ThroughVarnish(varnish, server)
        for name in VARNISH_PAGES:
            fetch(varnish.base + pages[name])
            results[(name, VARNISH)] = wrk(through, pages[name], args.duration, args.connections)
        saves = subprocess.run(
            [sys.executable, "scripts/save_to_fresh.py", varnish.base, FRESH_GUIDE],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    finally:
        varnish.stop()
        server.stop()
    return results, json.loads(saves.splitlines()[-1])


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


def measure(args, env, workdir, pages):
    """Every row of the table, in order: {(page, mode): (req/s, p50, p99, non-2xx)}, and the
    memory of the cold and the warm server."""
    results = {}
    log = workdir / "access.log"

    def measure_page(server, path):
        return wrk(server, path, args.duration, args.connections)

    # Cold: no page cache. Also save the guide page as a static file for the warm run.
    server = Server(env, args.port, page_cache_seconds=0, access_log=log)
    html, _ = fetch(server.base + pages["guide page"])
    (workdir / "static" / STATIC_COPY).parent.mkdir(parents=True, exist_ok=True)
    (workdir / "static" / STATIC_COPY).write_bytes(html)
    for name, path in pages.items():
        results[(name, COLD)] = measure_page(server, path)
    if args.bulk:
        for name in LATENCY_PAGES:
            results[(name, LATENCY)] = wrk(server, pages[name], args.duration, WORKERS)
    cold_memory = server.memory_mb()
    server.stop()

    server = Server(env, args.port, page_cache_seconds=0, access_log=log, app=FIRST_RENDER_APP)
    for name, path in pages.items():
        results[(name, FIRST)] = measure_page(server, path)
    server.stop()

    # Warm: the page cache on (WhiteNoise finds the static copy at start-up).
    server = Server(env, args.port, page_cache_seconds=600, access_log=log)
    results[("guide page as a static file", STATIC)] = measure_page(
        server, f"/static/{STATIC_COPY}"
    )
    for name, path in pages.items():
        # Several requests, so that each worker has the page (on SQLite each worker has a
        # cache of its own); a page never answered from the cache is one it does not store.
        hits = [fetch(server.base + path)[1] == "hit" for _ in range(10)]
        results[(name, WARM if any(hits) else NOT_STORED)] = measure_page(server, path)
    warm_memory = server.memory_mb()
    if args.lighthouse:
        for name, path in LIGHTHOUSE_PAGES.items():
            results[(name, LIGHTHOUSE_ROW)] = lighthouse(server.base + path)
    server.stop()

    server = Server(env, args.port, page_cache_seconds=600, access_log=None)
    for _ in range(10):
        fetch(server.base + pages["guide page"])
    results[("guide page", NO_LOG)] = measure_page(server, pages["guide page"])
    server.stop()

    varnish_results, saves = measure_varnish(args, env, log, pages)
    results.update(varnish_results)
    return results, cold_memory, warm_memory, saves


def report(args, env, results, cold_memory, warm_memory, saves):
    """The results as markdown lines: conditions, table, memory and targets."""
    static_rps = results[("guide page as a static file", STATIC)][0]
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    command = "make bench" + (f' BENCH_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else "")
    lines = [
        f"`{command}` on {today}: {describe(env, args.bulk)}; "
        f"gunicorn with {WORKERS} workers and production's access log; "
        f"`wrk -t2 -c{args.connections} -d{args.duration}s`"
        + (f" (`-c{WORKERS}` for {LATENCY})" if args.bulk else "")
        + f"; {machine()}.",
        "",
        "| page | cache | req/s | p50 ms | p99 ms | vs static | non-2xx | CPU ms/req | other CPU |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    scores = {name: row for (name, mode), row in results.items() if mode == LIGHTHOUSE_ROW}
    results = {key: row for key, row in results.items() if key[1] != LIGHTHOUSE_ROW}
    for (name, mode), (rps, p50, p99, errors, cpu_ms, others) in results.items():
        lines.append(
            f"| {name} | {mode} | {rps:,.0f} | {p50:.1f} | {p99:.1f} | "
            f"{rps / static_rps:.3f} | {errors} | {cpu_ms:.2f} | {others:.1f} |"
        )
    lines += [
        "",
        f"Memory (gunicorn master + {WORKERS} workers, resident): cold {cold_memory:.0f} MB, "
        f"warm {warm_memory:.0f} MB.",
        "",
    ]
    ratio = results[("guide page", WARM)][0] / static_rps
    lines.append(target("warm guide page", f">= 0.50 of static: {ratio:.2f}", ratio >= 0.5))
    ratio = results[("guide page", VARNISH)][0] / static_rps
    lines.append(target("guide page, Varnish hit", f">= 5 × static: {ratio:.1f}", ratio >= 5))
    slowest = max(saves)
    lines.append(
        target(
            "editor's save to the fresh page through Varnish",
            f"within 1 s: median {statistics.median(saves) * 1000:.0f} ms, slowest "
            f"{slowest * 1000:.0f} ms of {len(saves)} saves",
            slowest < 1,
        )
    )
    # The targets are about cold pages; a first render has its figures in the table, no target.
    for name in TARGET_PAGES:
        ratio = results[(name, COLD)][0] / static_rps
        lines.append(target(f"cold {name}", f">= 0.05 of static: {ratio:.3f}", ratio >= 0.05))
    if args.bulk:
        for name in LATENCY_PAGES:
            p99 = results[(name, LATENCY)][2]
            lines.append(target(f"{LATENCY} {name}", f"p99 < 100 ms: {p99:.1f} ms", p99 < 100))
    if scores:
        lines += lighthouse_lines(scores)
    # gunicorn's CPU time per request tells the access log's cost; requests a second on a
    # shared machine vary with other people's work more than by that.
    logged, unlogged = results[("guide page", WARM)][4], results[("guide page", NO_LOG)][4]
    lines.append(
        f"- The access log costs the warm guide page {logged - unlogged:.2f} ms of gunicorn's "
        f"CPU time per request ({logged:.2f} ms with it, {unlogged:.2f} ms without)."
    )
    return lines


def lighthouse_lines(scores):
    """Lighthouse's table and its targets, as markdown lines."""
    lines = [
        "",
        "| page (Lighthouse, mobile) | performance | accessibility | transferred KB |",
        "|---|---:|---:|---:|",
    ]
    for name, (performance, accessibility, transferred) in scores.items():
        lines.append(f"| {name} | {performance} | {accessibility} | {transferred / 1024:.1f} |")
    lines.append("")
    for name, (performance, accessibility, _bytes) in scores.items():
        met = performance >= 95 and accessibility == 100
        figure = f"performance >= 95 and accessibility 100: {performance} / {accessibility}"
        lines.append(target(f"{name} (Lighthouse)", figure, met))
    guide_kb = scores["guide page"][2] / 1024
    lines.append(
        target(
            "guide page first visit",
            f"<= {GUIDE_PAGE_BUDGET_KB} KB transferred: {guide_kb:.1f} KB",
            guide_kb <= GUIDE_PAGE_BUDGET_KB,
        )
    )
    return lines


def target(what, figure, met):
    return f"- Target {what} {figure}, {'met' if met else 'NOT met'}."


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
    if not available():
        sys.exit("varnishd is not installed: apt-get install varnish varnish-modules")
    if args.lighthouse and not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: npm ci --prefix scripts/lighthouse")

    workdir = Path(tempfile.mkdtemp(prefix="topup-bench-"))
    env = production_env(workdir)
    print(f"Preparing {env['DATABASE_URL'].split('@')[-1]} ...", flush=True)
    prepare(env, args.bulk)
    pages = {**PAGES, **(BULK_PAGES if args.bulk else {})}
    try:
        results, cold_memory, warm_memory, saves = measure(args, env, workdir, pages)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    lines = report(args, env, results, cold_memory, warm_memory, saves)
    print()
    print("\n".join(lines))
    print()
    write_results(setup_name(env, args.bulk), lines)


if __name__ == "__main__":
    main()
