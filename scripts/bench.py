"""Benchmark counterclaim against plain MkDocs: python3 scripts/bench.py

For N = 1,000 and 10,000 claims (add --huge for 100,000, which measures the cold build's time
and memory only), of two kinds: synthetic claims shaped like the example's (scripts/generate.py:
two languages, figures in series, counter-claims, unknown and withheld sources, related claims,
corrections), and the example's own claims cloned to N (--clone-example; its cold build, rebuild
with nothing changed, edit under serve and plain MkDocs only). In one run on this machine:

- a cold full build (no cache), with its peak memory (all processes, proportional set size),
  with the default worker processes and again in one process (`workers: 1`);
- `counterclaim check`, cold and with the cache warm;
- a rebuild with nothing changed;
- under `mkdocs serve`, the time from saving an edited claim to its page showing the change;
  and how long a rebuild takes there (MkDocs' own figure) when a claim file is saved unchanged;
- the output's size, the search index's size per claim and its files, what a first search
  loads (the search script and the parts of the index the query needs), a claim page's weight;
- plain MkDocs (its default theme and search) building the same claims as Markdown pages.

It prints the figures and the ratios and writes them, with a description of the machine, to
docs/benchmarks.md. Timings are wall-clock times of the real commands, so run it on a quiet
machine; the ratios come from the same run.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from _environment import ROOT, ensure, tool

REPORT = ROOT / "docs" / "benchmarks.md"
EDITS = "edited claim visible under serve (s)"
UNCHANGED = "rebuild under serve, a claim saved unchanged (s)"
RESAVED = "rebuild, a claim file saved unchanged (s)"
PAYLOAD = "search, first query payload, largest (KB)"


# -- measuring --------------------------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size: memory shared by forked workers is counted once, not per process."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Run:
    seconds: float
    peak_mb: float
    output: str = ""


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to the end; its wall time and the peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], sum(_pss_kb(pid) for pid in _tree(process.pid)))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{output[-3000:]}")
    return Run(seconds, peak[0] / 1024, output)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


def serve_latency(site: Path, edits: int = 3) -> tuple[list[float], float]:
    """Seconds from saving an edited claim to `mkdocs serve` showing the edit, for each edit;
    and the seconds MkDocs says a rebuild took after a claim file was saved unchanged."""
    port = free_port()
    log = site.with_name(f"{site.name}-serve.log")
    server = subprocess.Popen(
        [tool("mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )
    claims = sorted((site / "data" / "claims").glob("*.yaml"))
    target = claims[len(claims) // 2]
    url = f"http://127.0.0.1:{port}/claims/{target.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            return ""

    try:
        deadline = time.monotonic() + 900
        while "<h1>" not in page():
            if time.monotonic() > deadline:
                sys.exit("mkdocs serve never served the site")
            time.sleep(0.5)
        time.sleep(2)  # let the watcher settle after the first build
        latencies = []
        original = target.read_text(encoding="utf-8")
        builds = len(BUILT.findall(log.read_text(encoding="utf-8")))
        target.write_text(original, encoding="utf-8")  # saved, nothing changed
        while len(found := BUILT.findall(log.read_text(encoding="utf-8"))) <= builds:
            time.sleep(0.05)
        unchanged = float(found[-1])
        time.sleep(1.5)
        for n in range(edits):
            marker = f"edited {n} {time.time_ns()}"
            short = re.search(r"^short:\n  en: (.*)$", original, flags=re.M)
            assert short is not None, f"{target} has no short form in English to edit"
            value = short.group(1).strip().strip('"')
            edited = json.dumps(f"{value[:40]} {marker}", ensure_ascii=False)  # a YAML string too
            text = original.replace(short.group(0), f"short:\n  en: {edited}", 1)
            saved = time.perf_counter()
            target.write_text(text, encoding="utf-8")
            while marker not in page():
                if time.perf_counter() - saved > 300:
                    sys.exit("the edit never showed up under mkdocs serve")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - saved)
            time.sleep(1.5)
        target.write_text(original, encoding="utf-8")
        return latencies, unchanged
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- one size -----------------------------------------------------------------------------------


@dataclass
class Figures:
    claims: int
    #: "synthetic" or "example" (the example's claims cloned)
    kind: str = "synthetic"
    values: dict[str, float] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def bench(claims: int, workdir: Path, *, full: bool = True, example: bool = False, serve_only: bool = False) -> Figures:
    kind = "example" if example else "synthetic"
    site, plain = workdir / f"site-{kind}-{claims}", workdir / f"plain-{kind}-{claims}"
    print(f"\n== {claims:,} {'example claims cloned' if example else 'synthetic claims'}", flush=True)
    generate = [sys.executable, str(ROOT / "scripts" / "generate.py"), str(site), "--claims", str(claims)]
    generate += ["--clone-example"] if example else []
    subprocess.run([*generate, *(["--plain", str(plain)] if full else [])], check=True)
    figures = Figures(claims, kind)
    v = figures.values
    mkdocs, counterclaim = tool("mkdocs"), tool("counterclaim")

    cold = measure([mkdocs, "build", "--quiet"], site)
    v["cold build (s)"], v["cold build peak memory (MB)"] = cold.seconds, cold.peak_mb
    print(f"cold build: {cold.seconds:.2f} s, peak {cold.peak_mb:.0f} MB", flush=True)
    if not full:
        return figures
    if serve_only:
        latencies, unchanged = serve_latency(site)
        v[UNCHANGED] = unchanged
        v[EDITS] = statistics.median(latencies)
        figures.notes[EDITS] = ", ".join(f"{x:.2f}" for x in latencies)
        print(f"edit to visible under serve: {figures.notes[EDITS]} s", flush=True)
        return figures

    warm = measure([mkdocs, "build", "--quiet"], site)
    v["rebuild, nothing changed (s)"] = warm.seconds
    print(f"rebuild, nothing changed: {warm.seconds:.2f} s", flush=True)
    # A claim file saved with the same bytes: not up to date by its status, built again from the cache.
    saved = sorted((site / "data" / "claims").glob("*.yaml"))[0]
    saved.write_bytes(saved.read_bytes())
    resaved = measure([mkdocs, "build", "--quiet"], site)
    v[RESAVED] = resaved.seconds
    print(f"rebuild, a claim saved unchanged: {resaved.seconds:.2f} s", flush=True)

    if not example:
        v["check, warm cache (s)"] = measure([counterclaim, "check"], site).seconds
        shutil.rmtree(site / ".counterclaim-cache", ignore_errors=True)
        v["check, cold (s)"] = measure([counterclaim, "check"], site).seconds
        print(f"check: cold {v['check, cold (s)']:.2f} s, warm {v['check, warm cache (s)']:.2f} s", flush=True)

    # A cold build again (the check left a cache of loaded claims behind, not of pages).
    shutil.rmtree(site / ".counterclaim-cache", ignore_errors=True)
    measure([mkdocs, "build", "--quiet"], site)
    latencies, unchanged = serve_latency(site)
    v[UNCHANGED] = unchanged
    v["edited claim visible under serve (s)"] = statistics.median(latencies)
    figures.notes[EDITS] = ", ".join(f"{x:.2f}" for x in latencies)
    print(f"edit to visible under serve: {', '.join(f'{x:.2f}' for x in latencies)} s", flush=True)

    if example:
        plain_run = measure([mkdocs, "build", "--quiet"], plain)
        v["plain MkDocs build (s)"], v["plain MkDocs peak memory (MB)"] = plain_run.seconds, plain_run.peak_mb
        v["cold build / plain MkDocs"] = cold.seconds / plain_run.seconds
        print(f"plain MkDocs: {plain_run.seconds:.2f} s; ratio {v['cold build / plain MkDocs']:.2f}", flush=True)
        return figures

    output = site / "site"
    css = sum((output / "assets" / n).stat().st_size for n in ("style.css", "ratings.css"))
    css_sent = sum(len(gzip.compress((output / "assets" / n).read_bytes(), 6)) for n in ("style.css", "ratings.css"))
    pages = [p for p in (output / "claims").glob("*/index.html") if p.parent.name != "page"]
    sizes = sorted(p.stat().st_size + css for p in pages)
    sent = sorted(len(gzip.compress(p.read_bytes(), 6)) + css_sent for p in pages[:500])
    v["output size (MB)"] = folder_size(output) / 1e6
    index = output / "search" / "data"
    v["search index (bytes per claim)"] = folder_size(index) / claims
    v["search index files"] = len(list(index.iterdir()))
    payloads = first_query_payloads(output, site)
    v[PAYLOAD] = max(payloads.values()) / 1000
    figures.notes[PAYLOAD] = ", ".join(f"{query!r} {size / 1000:.1f}" for query, size in payloads.items())
    v["claim page, HTML + CSS, median (KB)"] = statistics.median(sizes) / 1000
    v["claim page, HTML + CSS, largest (KB)"] = sizes[-1] / 1000
    v["claim page as sent (gzip), largest (KB)"] = sent[-1] / 1000

    plain_run = measure([mkdocs, "build", "--quiet"], plain)
    v["plain MkDocs build (s)"], v["plain MkDocs peak memory (MB)"] = plain_run.seconds, plain_run.peak_mb
    v["plain MkDocs output size (MB)"] = folder_size(plain / "site") / 1e6
    index = plain / "site" / "search" / "search_index.json"
    v["plain MkDocs search index (bytes per claim)"] = index.stat().st_size / claims if index.exists() else 0
    v["cold build / plain MkDocs"] = cold.seconds / plain_run.seconds
    print(f"plain MkDocs: {plain_run.seconds:.2f} s, peak {plain_run.peak_mb:.0f} MB", flush=True)
    print(f"ratio, cold build to plain MkDocs: {v['cold build / plain MkDocs']:.2f}", flush=True)

    # The same cold build in one process (`workers: 1`): slower, and lighter.
    shutil.rmtree(site / ".counterclaim-cache", ignore_errors=True)
    single = measure([mkdocs, "build", "--quiet", "--config-file", one_process_config(site).name], site)
    v["cold build, one process (s)"] = single.seconds
    v["cold build, one process, peak memory (MB)"] = single.peak_mb
    print(f"cold build in one process: {single.seconds:.2f} s, peak {single.peak_mb:.0f} MB", flush=True)
    return figures


def first_query_payloads(output: Path, site: Path) -> dict[str, int]:
    """For a few queries, the bytes a browser fetches to show the first results on the search
    page (besides the page and its stylesheets): the search script and the parts of the index
    the query needs, found as the script finds them (``counterclaim.publish.search.lookup``). Queries:
    the commonest words of the synthetic claims, a claimant's name, a topic."""
    claimant = sorted((site / "data" / "claimants").glob("*.yaml"))[0]
    name = re.search(r"^name: (.*)$", claimant.read_text(encoding="utf-8"), flags=re.M)
    queries = ["government", "the", "independent count", "topic 03", name.group(1) if name else "claimant"]
    code = (
        "import json, sys; from pathlib import Path; from counterclaim.publish.search import lookup; "
        "folder = Path(sys.argv[1]); "
        "sizes = {q: sum((folder / f).stat().st_size for f in lookup(folder, q).files) for q in sys.argv[2:]}; "
        "print(json.dumps(sizes))"
    )
    command = [tool("python"), "-c", code, str(output / "search" / "data"), *queries]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    script = (output / "assets" / "search.js").stat().st_size
    return {query: script + size for query, size in json.loads(result.stdout).items()}


def one_process_config(site: Path) -> Path:
    """A copy of the site's mkdocs.yml whose counterclaim plugin uses one process."""
    lines = (site / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- counterclaim:")
    indent = lines[start + 1][: len(lines[start + 1]) - len(lines[start + 1].lstrip())]
    lines.insert(start + 1, f"{indent}workers: 1")
    config = site / "mkdocs-one-process.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


# -- the report -----------------------------------------------------------------------------------

#: Each target: what it says, the claim count it is set for, and the limit (the value must be below).
TARGETS = {
    ("edited claim visible under serve (s)", 10000): "an edit visible under `mkdocs serve` in under 0.3 s at 10,000",
    ("edited claim visible under serve (s)", 1000): "an edit visible under `mkdocs serve` in under 0.1 s at 1,000",
    ("rebuild, nothing changed (s)", 10000): "a rebuild with nothing changed under 1 s",
    ("cold build / plain MkDocs", 10000): "a cold build at most a quarter of plain MkDocs",
    ("cold build peak memory (MB)", 10000): "peak memory under 400 MB with the default workers",
}
LIMITS = {
    ("edited claim visible under serve (s)", 10000): 0.3,
    ("edited claim visible under serve (s)", 1000): 0.1,
    ("rebuild, nothing changed (s)", 10000): 1.0,
    ("cold build / plain MkDocs", 10000): 0.25,
    ("cold build peak memory (MB)", 10000): 400.0,
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            total = int(handle.readline().split()[1])
        memory = f", {total / 1024 / 1024:.0f} GB of memory"
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpu}, {cores} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}"


def report(results: list[Figures], huge: Figures | None) -> str:
    names = list(dict.fromkeys(name for r in results for name in r.values))
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `python3 scripts/bench.py` on {datetime.date.today().isoformat()}, on {machine()}.",
        "Synthetic sites from `scripts/generate.py` (seed 1), shaped like the example's claims: in English",
        "and Spanish, a claim's figure and more in series, one to three counter-claims, five to seven",
        "sources (some unknown or withheld), an analysis of about 300 words per language, related claims,",
        "corrections; and the example's own claims cloned to the same count (`--clone-example`).",
        "Plain MkDocs builds the same claims as Markdown pages (a page per claim and language) with its",
        "default theme and search, claims out of the nav. Times are wall-clock, all in one run.",
        "",
        "| | " + " | ".join(f"{r.claims:,} {r.kind}" for r in results) + " |",
        "| --- | " + " | ".join("---:" for _ in results) + " |",
    ]
    for name in names:
        cells = []
        for r in results:
            value = r.values.get(name)
            cells.append("" if value is None else (f"{value:.2f}" if value < 100 else f"{value:,.0f}"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if huge is not None:
        lines += [
            "",
            f"100,000 claims, cold build: {huge.values['cold build (s)']:.1f} s, "
            f"peak memory {huge.values['cold build peak memory (MB)']:.0f} MB.",
        ]
    lines += ["", "## Targets", ""]
    for (name, size), target in TARGETS.items():
        limit = LIMITS[(name, size)]
        found = [(r.kind, r.values[name]) for r in results if r.claims == size and name in r.values]
        if not found:
            lines.append(f"- {target} ({name}): not measured in this run.")
            continue
        each = "; ".join(
            f"{kind}: {value:.2f} ({value / limit:.2f} of the target, {'met' if value < limit else 'not met'})"
            for kind, value in found
        )
        lines.append(f"- {target}: {each}.")
    edits = [f"{r.claims:,} {r.kind}: {r.notes[EDITS]}" for r in results if EDITS in r.notes]
    if edits:
        lines += ["", "Each edit under `mkdocs serve` (s), " + "; ".join(edits) + "."]
    payloads = [f"{r.claims:,} claims: {r.notes[PAYLOAD]}" for r in results if PAYLOAD in r.notes]
    if payloads:
        lines += ["", "First search, by query (KB), " + "; ".join(payloads) + "."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated claim counts")
    parser.add_argument("--huge", action="store_true", help="also build 100,000 claims (cold build only)")
    parser.add_argument("--synthetic-only", action="store_true", help="leave out the example's cloned claims")
    parser.add_argument(
        "--serve-only", action="store_true", help="only the cold build and the edits under serve (no report written)"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    ensure()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="counterclaim-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        results = []
        for n in args.sizes.split(","):
            results.append(bench(int(n), workdir, serve_only=args.serve_only))
            if not args.synthetic_only:
                results.append(bench(int(n), workdir, example=True, serve_only=args.serve_only))
        huge = bench(100_000, workdir, full=False) if args.huge else None
    finally:
        if args.keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    text = report(results, huge)
    print("\n" + text)
    if args.serve_only:
        return
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(text, encoding="utf-8")
    print(f"written to {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
