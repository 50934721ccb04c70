"""The public dashboard (30 charts) in a real browser at national scale: time to first content and to every chart.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_dashboard_browser --orgs 1000000

Uses the benchmark database of ``bench.bench_stats`` (build it first, with ``--year-ends``). Serves the site with
gunicorn (2 workers, static files collected and served by WhiteNoise, DEBUG off, as in production) on a free
local port, then opens ``/stats/?as_of=2025-06-30`` in headless Chromium (/usr/bin/chromium, Playwright) ``--repeat``
times, each in a fresh browser context (no cache). For each load it reads the browser's own timings
(``performance``): time to first byte, first contentful paint (the "first content"), DOMContentLoaded, and the
moment the last of the page's charts was drawn by ECharts (``data-rendered`` on every chart node). Not a test.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DAY = "2025-06-30"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SOCORG_VAR_DIR": str(ROOT / "var" / "bench"), "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "socorg.settings", "SOCORG_DEBUG": "0"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env,
                   check=True)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    return subprocess.Popen([gunicorn, "socorg.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "120"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_up(base: str, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/", timeout=5)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {base} did not come up")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--division", default="")
    args = parser.parse_args(argv)
    import bench.bench_credit_sweep as credit_bench
    from bench.bench_stats import BENCH_DB

    credit_bench.BENCH_DB = BENCH_DB
    url = credit_bench.database(args.orgs, 0).replace("credit-", "stats-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(url, port)
    try:
        wait_up(base)
        from playwright.sync_api import sync_playwright

        page_url = f"{base}/stats/?as_of={DAY}" + (f"&division={args.division}" if args.division else "")
        urllib.request.urlopen(page_url, timeout=120).read()  # warm: each worker's first request loads names
        urllib.request.urlopen(page_url, timeout=120).read()
        timings = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.repeat):
                context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
                page = context.new_page()
                errors: list = []
                page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
                page.goto(page_url, wait_until="domcontentloaded", timeout=120_000)
                # panels that load after the page (htmx): wait until none is loading, then for every chart
                page.wait_for_function("!document.querySelector('.stats-panel[aria-busy]')", timeout=120_000)
                charts = page.locator("[data-chart]").count()
                try:
                    page.wait_for_function(
                        f"document.querySelectorAll('[data-chart][data-rendered]').length === {charts}",
                        timeout=120_000)
                except Exception:
                    drawn = page.locator("[data-chart][data-rendered]").count()
                    raise SystemExit(f"{drawn} of {charts} charts drawn; page errors: {errors}") from None
                drawn = page.evaluate("performance.now()")
                t = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
                    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                    return {ttfb: n.responseStart, fcp: fcp ? fcp.startTime : null, dcl: n.domContentLoadedEventEnd,
                            bytes: n.transferSize}; }""")
                t.update(drawn=drawn, charts=charts)
                timings.append(t)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"dashboard {page_url.replace(base, '')}: {timings[0]['charts']} charts, {timings[0]['bytes']:,} bytes, "
          f"{args.repeat} loads in fresh contexts")
    print(f"{'ms':<28}{'p50':>8}{'p95':>8}{'max':>8}")
    for key, label in (("ttfb", "first byte"), ("fcp", "first contentful paint"), ("dcl", "DOMContentLoaded"),
                       ("drawn", "every chart drawn")):
        values = [t[key] for t in timings if t[key] is not None]
        print(f"{label:<28}{statistics.median(values):>8.0f}{pct(values, 0.95):>8.0f}{max(values):>8.0f}")


if __name__ == "__main__":
    main()
