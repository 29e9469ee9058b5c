#!/usr/bin/env python
"""Instructions per request in the Python process, counted by valgrind's callgrind.

`make callgrind` runs this. Wall time on a shared machine varies by 15% or more from run to run;
an instruction count does not, so a change to the render path can be judged by this. It
prepares a database as `make bench` does (the demo content, and with --bulk 20,000 generated
guides; DATABASE_URL and REDIS_URL as there), then for each page and mode runs the site's WSGI
application under callgrind, with production settings and the page cache off:

- cold: every request renders, with what the process kept from earlier requests (as `make
  bench` defines it);
- first render: before each request every per-process memo is forgotten and the content
  version bumped (scripts/first_render.py).

Each run first requests every page a few times (the same in every run), then the measured page
N times; a run with no measured requests is the baseline, and (run - baseline) / N is the cost of
one request. Only the Python process is counted: not gunicorn (the WSGI application is called
directly), nor the PostgreSQL or Redis servers (SQLite runs inside the process, so it is).

The results are printed and written to docs/bench/callgrind-<content>-<database>.md, and its
copy in docs/benchmark.md is replaced, as `make bench` does.
"""

import argparse
import datetime
import io
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_setup import (
    COLD,
    FIRST,
    PYTHON,
    ROOT,
    describe,
    machine,
    prepare,
    production_env,
    setup_name,
    write_results,
)

PAGES = {
    "home": "/en/",
    "guide list, filtered": "/en/guides/?region=ph&operator=globe&operator=smart",
    "guide page": "/en/guides/china-mobile-hotline/",
}
BULK_PAGES = {
    "search (English)": "/en/guides/?q=GCash",
    "guide list, page 50": "/en/guides/?page=50",
}
WARM_UP = 3


def wsgi_environ(path):
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def request(application, path):
    statuses = []
    body = application(wsgi_environ(path), lambda status, headers: statuses.append(status))
    try:
        b"".join(body)
    finally:
        body.close()
    if not statuses[0].startswith("200"):
        raise RuntimeError(f"{path} answered {statuses[0]}")


def inner(pages, path, mode, count):
    """Runs under callgrind: the warm-up, then `count` requests of `path`."""
    sys.path.insert(0, str(ROOT))
    from scripts import first_render

    for _ in range(WARM_UP):
        for warm_path in pages.values():
            request(first_render.site, warm_path)
    application = first_render.application if mode == FIRST else first_render.site
    for _ in range(count):
        request(application, path)


def instructions(env, workdir, bulk, path, mode, count):
    """The instructions callgrind counted in one run."""
    output = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={workdir / 'callgrind.out'}",
            PYTHON,
            __file__,
            "--inner",
            *(["--bulk"] if bulk else []),
            "--path",
            path,
            "--mode",
            mode,
            "--requests",
            str(count),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    return int(re.search(r"Collected : (\d+)", output).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20, help="measured requests per run")
    parser.add_argument("--bulk", action="store_true", help="add 20,000 generated guides")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    pages = {**PAGES, **(BULK_PAGES if args.bulk else {})}
    if args.inner:
        inner(pages, args.path, args.mode, args.requests)
        return
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed: apt-get install valgrind")

    workdir = Path(tempfile.mkdtemp(prefix="topup-callgrind-"))
    env = {**production_env(workdir), "DJANGO_PAGE_CACHE_SECONDS": "0"}
    try:
        print(f"Preparing {env['DATABASE_URL'].split('@')[-1]} ...", flush=True)
        prepare(env, args.bulk)
        baseline = instructions(env, workdir, args.bulk, "/", COLD, 0)
        rows = []
        for name, path in pages.items():
            for mode in (COLD, FIRST):
                total = instructions(env, workdir, args.bulk, path, mode, args.requests)
                rows.append((name, mode, (total - baseline) / args.requests))
                print(f"{name}, {mode}: {rows[-1][2] / 1e6:.1f} M", flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    command = "make callgrind" + (
        f' CALLGRIND_ARGS="{" ".join(sys.argv[1:])}"' if sys.argv[1:] else ""
    )
    lines = [
        f"`{command}` on {datetime.datetime.now(datetime.UTC).date()}: {describe(env, args.bulk)}; "
        f"the WSGI application with production settings and the page cache off, "
        f"{args.requests} measured requests a run; {machine()}.",
        "",
        "| page | cache | instructions per request |",
        "|---|---|---:|",
        *(f"| {name} | {mode} | {count / 1e6:.1f} M |" for name, mode, count in rows),
    ]
    print()
    print("\n".join(lines))
    print()
    write_results(f"callgrind-{setup_name(env, args.bulk)}", lines)


if __name__ == "__main__":
    main()
