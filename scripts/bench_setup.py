"""What the measuring scripts share (`make bench`, `make callgrind`, `make sql-timings`): a
database prepared as production would have it, the names of the modes measured, and results
written to docs/bench/ with their copy in docs/benchmark.md."""

import os
import platform
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "docs" / "bench"
BENCHMARK_DOC = ROOT / "docs" / "benchmark.md"
COLD, FIRST, WARM, STATIC, VARNISH = "cold", "first render", "warm", "static", "Varnish hit"


def run(command, env):
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env, bulk):
    """Migrate and load the demo content, and with `bulk` the generated guides (seeded, so
    every run measures the same content); collect the static files."""
    run([PYTHON, "manage.py", "migrate", "--no-input"], env)
    run([PYTHON, "manage.py", "load_demo_content"], env)
    if bulk:
        run([PYTHON, "manage.py", "generate_bulk_content"], env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "--clear"], env)


def production_env(workdir):
    """Production settings (DEBUG off) on this machine, with a throwaway SQLite database unless
    DATABASE_URL names one."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"),
    }


def setup_name(env, bulk):
    """`demo-sqlite`, `bulk-postgresql`…: what was measured, and the results file's name."""
    database = "postgresql" if env["DATABASE_URL"].startswith("postgres") else "sqlite"
    return f"{'bulk' if bulk else 'demo'}-{database}"


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}"


def describe(env, bulk):
    content = "20,000 generated guides and the demo content" if bulk else "demo content"
    if env["DATABASE_URL"].startswith("postgres"):
        stores = "PostgreSQL and " + ("Redis" if env.get("REDIS_URL") else "local-memory cache")
    else:
        stores = "SQLite and the local-memory cache"
    return f"{content}, {stores}"


def write_results(name, lines):
    """Write `lines` to docs/bench/<name>.md and replace its copy in docs/benchmark.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    relative = path.relative_to(ROOT)
    readme = BENCHMARK_DOC.read_text(encoding="utf-8")
    block = re.compile(
        rf"(<!-- bench-results {re.escape(str(relative))} -->\n).*?(<!-- end bench-results -->)",
        re.DOTALL,
    )
    if block.search(readme):
        updated = block.sub(lambda m: m.group(1) + text + m.group(2), readme)
        BENCHMARK_DOC.write_text(updated, "utf-8")
        print(f"Wrote {relative} and its copy in docs/benchmark.md")
    else:
        print(f"Wrote {relative} (docs/benchmark.md has no bench-results block for it)")
