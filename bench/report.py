#!/usr/bin/env python3
"""Writes docs/benchmarks.md and docs/benchmarks.png from one bench/run.sh results dir.

    python3 bench/report.py RESULTS_DIR [--docs DOCS_DIR]     (bench/report.sh wraps it)

Nothing in the generated page is typed by hand except bench/analysis.md, which is included
as it is: the explanation of the misses (profiles, causes, what would close them), kept by
whoever changes the numbers.
"""

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import json  # noqa: E402

from table import markdown_table  # noqa: E402

MiB = 1024 * 1024


class Data:
    def __init__(self, results):
        self.r = results
        self.values = {(v["test"], v["server"]): v for v in results["values"]}

    def value(self, test, server):
        v = self.values.get((test, server))
        return None if not v else v.get("value")

    def cell(self, test, server):
        return self.values.get((test, server))


def size_label(n):
    return f"{n // (1024 * MiB)} GiB" if n % (1024 * MiB) == 0 else f"{n // MiB} MiB"


def targets(d):
    """The targets of issue 4 as (target, measured, verdict) rows."""
    rows = []
    settings = d.r["meta"]["settings"]
    cmax = max(settings["connections"])

    def ratio_target(what, test, other_test, other, factor, unit_desc):
        a, b = d.value(test, "s3emu"), d.value(other_test, other)
        if a is None or b is None:
            rows.append((what, "not measured", "—"))
            return
        r = a / b
        verdict = "pass" if r >= factor else f"miss: at {r / factor:.0%} of the target"
        rows.append((what, f"{r:.2f}× ({a:.0f} vs {b:.0f} {unit_desc})", verdict))

    for auth, label in (("header", "SigV4 header"), ("presigned", "presigned")):
        ratio_target(f"small GET ({label}, {cmax} conn) ≥ 0.7 × nginx", f"small.GET.{auth}.c{cmax}",
                     f"small.GET.{auth}.c{cmax}", "nginx", 0.7, "req/s")
    for auth, label in (("header", "SigV4 header"), ("presigned", "presigned")):
        ratio_target(f"small PUT ({label}, {cmax} conn) ≥ 20 × s3rver", f"small.PUT.{auth}.c{cmax}",
                     f"small.PUT.{auth}.c{cmax}", "s3rver", 20, "req/s")
    size = settings["large_size"]
    ratio_target(f"{size_label(size)} PUT (1 stream) ≥ 0.8 × min(MD5 1-core, disk write+fsync)", "large.put",
                 "large.put", "limit", 0.8, "MB/s")
    ratio_target(f"{size_label(size)} GET (1 stream) ≥ 0.8 × loopback TCP", "large.get", "large.get", "limit", 0.8,
                 "MB/s")

    sizes = settings["list_sizes"]
    small_n, big_n = min(sizes), max(sizes)
    for kind, label in (("after", "page from the middle"), ("delim", "delimiter page")):
        a, b = d.cell(f"list.{kind}.{small_n}", "s3emu"), d.cell(f"list.{kind}.{big_n}", "s3emu")
        what = f"LIST {label}: time at {big_n // 1000}k keys ≤ 1.5 × at {small_n // 1000}k"
        if not a or not b or a.get("p50_ms") is None or b.get("p50_ms") is None:
            rows.append((what, "not measured", "—"))
            continue
        r = b["p50_ms"] / a["p50_ms"]
        verdict = "pass" if r <= 1.5 else f"miss: {r:.2f}× ({r / 1.5:.2f}× over the bound)"
        rows.append((what, f"{r:.2f}× (p50 {b['p50_ms']:.2f} ms vs {a['p50_ms']:.2f} ms)", verdict))

    def bound(what, x, limit, unit):
        if x is None:
            rows.append((what, "not measured", "—"))
            return
        verdict = "pass" if x < limit else f"miss: {x / limit:.2f}× the bound (+{x - limit:.1f} {unit})"
        rows.append((what, f"{x:.1f} {unit}", verdict))

    bound("start-up to ready < 20 ms", d.value("startup.ready", "s3emu"), 20, "ms")
    bound("idle RSS < 10 MiB", d.value("startup.rss", "s3emu"), 10, "MiB")
    rss = settings["rss_size"]
    bound(f"peak RSS during a {size_label(rss)} PUT + GET < 64 MiB", d.value("rss.peak", "s3emu"), 64, "MiB")
    return rows


def write_chart_data(d, results_dir):
    """The .dat files bench/chart.gp plots (see its header for the format)."""
    cmax = max(d.r["meta"]["settings"]["connections"])

    def num(x):
        return "NaN" if x is None else f"{x:.6g}"

    def write(name, series, rows):
        with open(os.path.join(results_dir, name), "w") as f:
            f.write("label " + " ".join(f'"{s}"' for s in series) + "\n")
            for label, values in rows:
                f.write(f'"{label}" ' + " ".join(num(v) for v in values) + "\n")

    small = []
    for op in ("GET", "PUT"):
        for auth, label in (("header", "SigV4 header"), ("presigned", "presigned")):
            t = f"small.{op}.{auth}.c{cmax}"
            small.append((f"{op} {label}", [d.value(t, s) for s in ("s3emu", "s3rver", "moto", "nginx")]))
    write("chart-small.dat", ("s3emu", "s3rver", "moto", "nginx"), small)

    large = [(label, [d.value(t, s) for s in ("s3emu", "s3rver", "moto", "limit")])
             for t, label in (("large.put", "PUT 1 stream"), ("large.get", "GET 1 stream"),
                              ("large.put_mp", "PUT 8 parts"), ("large.get_ranged", "GET 8 ranges"))]
    write("chart-large.dat", ("s3emu", "s3rver", "moto", "limit"), large)

    lst = []
    for n in d.r["meta"]["settings"]["list_sizes"]:
        nl = f"{n // 1_000_000}M" if n >= 1_000_000 else f"{n // 1000}k"
        for kind, label in (("after", "middle"), ("delim", "delimiter")):
            lst.append((f"{label} {nl}", [d.value(f"list.{kind}.{n}", s) for s in ("s3emu", "s3rver", "moto")]))
    write("chart-list.dat", ("s3emu", "s3rver", "moto"), lst)

    foot = [("start-up (ms)", [d.value("startup.ready", s) for s in ("s3emu", "s3rver", "moto")]),
            ("idle RSS (MiB)", [d.value("startup.rss", s) for s in ("s3emu", "s3rver", "moto")]),
            ("peak RSS, large (MiB)", [d.value("large.peak_rss", s) for s in ("s3emu", "s3rver", "moto")])]
    write("chart-footprint.dat", ("s3emu", "s3rver", "moto"), foot)


def page(d, png_name):
    meta = d.r["meta"]
    m, v = meta["machine"], meta["versions"]
    settings = meta["settings"]
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/report.sh from a bench/run.sh results dir: do not edit by hand;",
        "     the explanation of the misses comes from bench/analysis.md. -->",
        "",
        f"s3emu side by side with [s3rver](https://www.npmjs.com/package/s3rver) {v['s3rver']} and moto's "
        f"server mode {v['moto']}, and with this machine's limits, measured in one run.",
        "",
        f"- **Command**: `{meta['command']}` ({meta['mode']} mode, {meta['total_seconds']:.0f} s)",
        f"- **Date**: {meta['date']}",
        f"- **Machine**: {m['nproc']} cores, {m['cpu']}, {m['memory']} RAM, Linux {m['kernel']}",
        f"- **s3emu**: {v['s3emu']}; {v['nginx']}; {v['wrk']}; {v['curl'].split(' (')[0]}; "
        f"{v['iperf3']}; {v['openssl']}; Node.js {v['node']}; Python {v['python']}",
        "",
        "## How it is measured",
        "- Every server (s3emu, s3rver, moto, nginx, the iperf3 server) is pinned to core 0; every client "
        "(wrk, curl, the iperf3 client, the orchestrating Python) to core 1. s3emu runs with its default "
        "thread count and its default durability (`--fsync always`). Each server starts on a free "
        "loopback port with a fresh temp data dir.",
        "- Small objects: `wrk -t1 -cN --latency` replays raw requests that botocore signed beforehand "
        "(SigV4 in the Authorization header with the body's SHA-256, or presigned URLs), "
        f"{settings['small_duration']} s per cell. GETs read one 4 KiB object; PUTs rotate over 1000 keys. "
        "nginx (1 worker, access log on as in Debian's config, sendfile) serves the same 4 KiB as a "
        "static file at the same path, to the same wrk. Each cell is measured for every server in turn "
        "(nginx first), so that the ratios compare measurements seconds apart on this VM, whose speed "
        "drifts over minutes.",
        "- s3emu and moto get the same key pair. s3rver only knows its built-in key `S3RVER` (it checks the "
        "key id, not SigV4 signatures), so its requests are signed with that: the same client work.",
        "- Large objects, presigned URLs: PUT with curl; multipart = 8 curls uploading 8 parts in "
        "parallel to presigned UploadPart URLs, then CompleteMultipartUpload; ranged GET = 8 curls with "
        "`Range`, in parallel. The single-stream GET is read by bench.py itself (`timed_get`: 1 MiB "
        "`recv_into` calls at a fixed alignment), since curl, which hands its body on 16 KiB at a time, "
        "was slower than the servers it measured. MB/s = bytes / wall time of the whole "
        "operation (10^6 bytes).",
        "- Limits: `openssl speed -bytes 16384 md5 sha256` on core 0; `dd conv=fsync` into the same "
        "file system as the data dirs; `iperf3 -R -Z -l 1M`, one stream from the server on core 0 (sending "
        "with sendfile, as a GET does) to the client on core 1; "
        "nginx serving the large file to the same reader as s3emu's single-stream GET.",
        "- LIST: s3emu's buckets are filled with tiny objects through the Store "
        "(`bench/populate.cpp`, while s3emu is not running); the peers' through HTTP (curl, 16 PUTs in "
        "flight), 10k keys only. Keys spread over 1000 prefixes; one page of 1000 keys after `p500/`, and "
        "one delimiter page (1000 common prefixes), each replayed by wrk on 1 connection.",
        "- Start-up: from the spawn (vfork, exec of `setpriv --pdeathsig` and then of the server) to "
        "the first 200 (`GET /_s3emu/health` for s3emu, ListBuckets `GET /` for the peers), polled in a "
        "tight loop; RSS is VmRSS 0.3 s later; peak RSS is VmHWM (reset through /proc/PID/clear_refs "
        "before the transfers). Earlier runs forked the bench's Python interpreter for each start "
        "(a `preexec_fn`), which added 15 ms or more to every server's time.",
        "",
        "## Targets (issue 4)",
        "",
        "| target | measured | verdict |",
        "|---|---|---|",
    ]
    for what, measured, verdict in targets(d):
        lines.append(f"| {what} | {measured} | {verdict} |")
    if meta["mode"] != "full":
        lines += ["", f"Quick mode: large objects are {size_label(settings['large_size'])}, peak RSS over "
                  f"{size_label(settings['rss_size'])}, LIST up to {max(settings['list_sizes']) // 1000}k keys; "
                  "the targets name 1 GiB, 5 GiB and 1M."]
    analysis = os.path.join(HERE, "analysis.md")
    if os.path.exists(analysis):
        with open(analysis) as f:
            lines += ["", f.read().strip()]
    lines += ["", "## Results", "", f"![s3emu against s3rver, moto and the limits]({png_name})", "",
              "Ratios are s3emu / the other column; ↓ marks rows where lower is better. Small-object and LIST "
              "cells are `rate (p50/p99 latency in ms)`; `!` means wrk saw errors (see results.csv), `n/a` a "
              "failed measurement, `skipped` one not made.", "",
              markdown_table(d.r), ""]
    notes = [f"{v['test']} / {v['server']}: {v['note']}" for v in d.r["values"]
             if v.get("note") and not v["note"].startswith("skipped") and not v["note"].startswith("median")]
    notes += meta.get("notes", [])
    if notes:
        lines += ["Notes from the run:", ""] + [f"- {n}" for n in notes] + [""]
    lines += ["Time per section: " + ", ".join(f"{k} {s:.0f} s" for k, s in d.r["sections"].items()) + ".", ""]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("results_dir")
    p.add_argument("--docs", default=os.path.join(os.path.dirname(HERE), "docs"))
    args = p.parse_args()
    with open(os.path.join(args.results_dir, "results.json")) as f:
        d = Data(json.load(f))
    write_chart_data(d, args.results_dir)
    os.makedirs(args.docs, exist_ok=True)
    png = os.path.join(args.docs, "benchmarks.png")
    meta = d.r["meta"]
    subtitle = f"{meta['mode']} run, {meta['date']}, {meta['machine']['nproc']} cores"
    plot = subprocess.run(["gnuplot", "-e", f"dir='{args.results_dir}'; out='{png}'; subtitle='{subtitle}'",
                           os.path.join(HERE, "chart.gp")], capture_output=True, text=True)
    # A series with no numbers (the peers' LIST in quick mode) is expected: not worth a warning.
    for line in plot.stderr.splitlines():
        if "no valid points" not in line:
            print(line, file=sys.stderr)
    if plot.returncode != 0:
        sys.exit(f"report: gnuplot failed ({plot.returncode})")
    with open(os.path.join(args.docs, "benchmarks.md"), "w") as f:
        f.write(page(d, "benchmarks.png"))
    print(f"report: wrote {os.path.join(args.docs, 'benchmarks.md')} and {png}")


if __name__ == "__main__":
    main()
