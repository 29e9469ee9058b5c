"""Time from an editor's save to the fresh page through Varnish (`make bench` runs this).

Run with the bench's environment, VARNISH_URLS naming the Varnish in front: each round makes
sure Varnish holds the guide page, saves a new title (the purge is sent when the save commits),
then asks for the page through Varnish until the new title is there. Prints the seconds of each
round as JSON; the guide's title is put back at the end.
"""

import json
import sys
import time
import urllib.request
from pathlib import Path

import django

# Run as a script from the repository: the project's packages are one folder up.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUNDS = 20
# Far longer than a purge takes: only a page that never becomes fresh (or never kept) stops here.
GIVE_UP_SECONDS = 30


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode(), response.headers.get("X-Edge-Cache")


def until(condition):
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("the page did not come through Varnish")


def main(base, slug):
    django.setup()
    from guides.models import Guide

    guide = Guide.objects.get(slug=slug)
    url = f"{base}/en/guides/{slug}/"
    original = guide.title_en
    seconds = []
    try:
        for round_number in range(ROUNDS):
            until(lambda: fetch(url)[1] == "hit")
            marker = f"{original} · {round_number}"
            started = time.perf_counter()
            guide.title_en = marker
            guide.save()
            until(lambda: marker in fetch(url)[0])  # noqa: B023 - called at once
            seconds.append(time.perf_counter() - started)
    finally:
        guide.title_en = original
        guide.save()
    print(json.dumps(seconds))


if __name__ == "__main__":
    main(*sys.argv[1:])
