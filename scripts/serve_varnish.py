#!/usr/bin/env python
"""`make serve-varnish PORT=…`: gunicorn on PORT+1 and Varnish in front of it on PORT.

Both on 127.0.0.1, with production settings (the Makefile migrates, loads the demo content and
collects the static files first) and purges sent to this Varnish (DJANGO_VARNISH_URLS). Stops
both on Ctrl-C.

Without REDIS_URL each gunicorn worker would have a cache of its own, and an edit saved in one
would not reach the others' (nor the pages Varnish then fetches from them): gunicorn runs one
worker then, unless GUNICORN_WORKERS says otherwise.
"""

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

from varnish_server import ROOT, Varnish, available

GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000, help="Varnish's port")
    parser.add_argument("--backend-port", type=int, help="gunicorn's port (default: PORT+1)")
    args = parser.parse_args()
    if not available():
        sys.exit("varnishd is not installed: apt-get install varnish varnish-modules")
    backend_port = args.backend_port or args.port + 1
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{backend_port}",
        "DJANGO_VARNISH_URLS": os.environ.get(
            "DJANGO_VARNISH_URLS", f"http://127.0.0.1:{args.port}"
        ),
    }
    if not os.environ.get("REDIS_URL"):
        env.setdefault("GUNICORN_WORKERS", "1")
    gunicorn = subprocess.Popen([GUNICORN, "-c", "gunicorn.conf.py"], cwd=ROOT, env=env)
    admin_path = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"
    varnish = Varnish(args.port, backend_port, admin_path=admin_path, stdout=sys.stdout)
    print(f"Varnish on http://127.0.0.1:{args.port}/ in front of gunicorn on {backend_port}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        gunicorn.wait()
    except KeyboardInterrupt:
        pass
    finally:
        varnish.stop()
        gunicorn.terminate()
        gunicorn.wait()


if __name__ == "__main__":
    main()
