#!/usr/bin/env python
"""SQL per page: how many queries a cold page runs and how long they take, as Django times them.

`make sql-timings` runs this. It prepares a database as `make bench` does (the demo content, and
with --bulk 20,000 generated guides; DATABASE_URL as there), then requests each page through the
WSGI application with production settings and the page cache off, and times every query from
the moment Django sends it to the moment it has the rows (`connection.execute_wrapper`): the
database's own work plus the round trip. On PostgreSQL every page is measured twice, in a fresh
process each: with prepared statements (the default) and without
(DJANGO_DB_PREPARED_STATEMENTS=0), so the table shows what preparing saves.

Shared reads are kept per process under the content version (guides/caching/pages.py), so after the
warm-up a page runs only its own queries: the ones counted here.

The results are printed and written to docs/bench/sql-<content>-<database>.md, and its copy in
docs/benchmark.md is replaced, as `make bench` does.
"""

import argparse
import datetime
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_setup import PYTHON, ROOT, describe, machine, prepare, production_env, setup_name
from bench_setup import write_results as write
from callgrind import request

PAGES = {
    "guide list, filtered": "/en/guides/?region=ph&operator=globe&operator=smart",
    "guide page": "/en/guides/china-mobile-hotline/",
}
BULK_PAGES = {
    "search (English)": "/en/guides/?q=GCash",
    "search (Chinese)": "/zh-hans/guides/?q=%E4%B8%AD%E5%9B%BD%E7%A7%BB%E5%8A%A8",
    "guide list, page 50": "/en/guides/?page=50",
}
WARM_UP = 5


def inner(pages, count):
    """In a fresh process: per page, the queries of one request and the median of `count`
    requests' SQL time, as JSON on stdout."""
    sys.path.insert(0, str(ROOT))
    from django.db import connection

    from scripts.first_render import site

    timings = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(time.perf_counter() - start)

    results = {}
    for name, path in pages.items():
        for _ in range(WARM_UP):
            request(site, path)
        totals = []
        with connection.execute_wrapper(timed):
            for _ in range(count):
                timings.clear()
                request(site, path)
                totals.append(sum(timings))
            queries = len(timings)
        results[name] = {"queries": queries, "ms": statistics.median(totals) * 1000}
    print(json.dumps(results))


def measure(env, bulk, count, prepared):
    output = subprocess.run(
        [PYTHON, __file__, "--inner", *(["--bulk"] if bulk else []), "--requests", str(count)],
        cwd=ROOT,
        env={**env, "DJANGO_DB_PREPARED_STATEMENTS": "1" if prepared else "0"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="measured requests per page")
    parser.add_argument("--bulk", action="store_true", help="add 20,000 generated guides")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = {**PAGES, **(BULK_PAGES if args.bulk else {})}
    if args.inner:
        inner(pages, args.requests)
        return

    workdir = Path(tempfile.mkdtemp(prefix="topup-sql-"))
    env = {**production_env(workdir), "DJANGO_PAGE_CACHE_SECONDS": "0"}
    postgres = env["DATABASE_URL"].startswith("postgres")
    try:
        print(f"Preparing {env['DATABASE_URL'].split('@')[-1]} ...", flush=True)
        prepare(env, args.bulk)
        prepared = measure(env, args.bulk, args.requests, prepared=True)
        unprepared = measure(env, args.bulk, args.requests, prepared=False) if postgres else None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    command = "make sql-timings" + (f' SQL_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else "")
    lines = [
        f"`{command}` on {datetime.datetime.now(datetime.UTC).date()}: "
        f"{describe(env, args.bulk)}; the page cache off, median of {args.requests} requests "
        f"after {WARM_UP} to warm up; {machine()}.",
        "",
    ]
    if postgres:
        lines += [
            "| page | queries | SQL ms, prepared | SQL ms, not prepared |",
            "|---|---:|---:|---:|",
            *(
                f"| {name} | {found['queries']} | {found['ms']:.2f} | "
                f"{unprepared[name]['ms']:.2f} |"
                for name, found in prepared.items()
            ),
        ]
    else:
        lines += [
            "| page | queries | SQL ms |",
            "|---|---:|---:|",
            *(
                f"| {name} | {found['queries']} | {found['ms']:.2f} |"
                for name, found in prepared.items()
            ),
        ]
    print()
    print("\n".join(lines))
    print()
    write(f"sql-{setup_name(env, args.bulk)}", lines)


if __name__ == "__main__":
    main()
