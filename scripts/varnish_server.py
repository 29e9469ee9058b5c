"""Varnish on this machine in front of a local gunicorn, with deploy/varnish/default.vcl: used by
`make serve-varnish` (scripts/serve_varnish.py), `make bench` and tests/test_varnish.py.

varnishd runs in the foreground (-F) as whoever starts it (-j none), with its work directory in
a temporary folder (-n) and a site.vcl written there: the one backend on 127.0.0.1, a probe that
asks it for robots.txt, purges taken from this machine only, and the admin's path.
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL_DIR = ROOT / "deploy" / "varnish"

SITE_VCL = """\
backend default {{
    .host = "127.0.0.1";
    .port = "{backend_port}";
    .connect_timeout = 1s;
    .probe = {{
        .request = "GET /robots.txt HTTP/1.1" "Host: {host}" "X-Forwarded-Proto: https"
            "Connection: close";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
        # Healthy from the start (the default is one probe short of it).
        .initial = 2;
    }}
}}

acl purgers {{
    "127.0.0.1";
    "::1";
}}

sub site_recv {{
    if (req.url ~ "^/{admin_path}") {{
        return (pass);
    }}
}}
"""


def varnishd():
    """varnishd's path: Debian installs it in /usr/sbin, which a user's PATH may lack."""
    return shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")


class Varnish:
    """varnishd on 127.0.0.1:`port` in front of the app on 127.0.0.1:`backend_port`."""

    def __init__(self, port, backend_port, host="127.0.0.1", admin_path="admin/", stdout=None):
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.workdir = Path(tempfile.mkdtemp(prefix="topup-varnish-"))
        (self.workdir / "site.vcl").write_text(
            SITE_VCL.format(backend_port=backend_port, host=host, admin_path=admin_path),
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [
                varnishd(),
                "-F",
                "-j",
                "none",
                "-n",
                str(self.workdir / "work"),
                "-a",
                f"127.0.0.1:{port}",
                "-T",
                "127.0.0.1:0",
                "-p",
                f"vcl_path={self.workdir}:{VCL_DIR}",
                "-f",
                str(VCL_DIR / "default.vcl"),
                "-s",
                "malloc,256m",
            ],
            stdout=stdout if stdout is not None else subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_up()

    def wait_until_up(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited with {self.process.returncode}")
            try:
                request = urllib.request.Request(self.base + "/", method="PURGE")
                urllib.request.urlopen(request, timeout=2)
            except urllib.error.HTTPError:
                return  # It answers (400: no tags).
            except OSError:
                time.sleep(0.2)
                continue
            return
        raise RuntimeError("varnishd did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def available():
    return varnishd() is not None and os.access(varnishd(), os.X_OK)
