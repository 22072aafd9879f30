"""The results table: one row per test, s3emu and the peers side by side, the limit, ratios.

Shared by bench/bench.py (prints it, writes results.md) and bench/report.py (docs).
A cell is "value" or, for wrk rows, "rate (p50/p99 ms)"; ratios are s3emu / the other column.
"""

COLUMNS = ("s3emu", "s3rver", "moto")


def fmt_value(v, unit):
    if v is None:
        return "-"
    if v.get("value") is None:
        return "skipped" if (v.get("note") or "").startswith("skipped") else "n/a"
    x = v["value"]
    s = f"{x:.0f}" if x >= 100 else f"{x:.1f}" if x >= 1 else f"{x:.2f}"
    if "p50_ms" in v:
        s += f" ({v['p50_ms']:.2f}/{v['p99_ms']:.2f})"
    if v.get("errors"):
        s += " !"
    return s


def ratio(a, b):
    if not a or not b or a.get("value") is None or b.get("value") in (None, 0):
        return "-"
    return f"{a['value'] / b['value']:.2f}"


SECTIONS = ("limits", "startup", "small", "large", "list")


def table_rows(results):
    """The table as lists of strings, section by section (shared with bench/report.py).

    Rows come in SECTIONS order, each section in the order bench.py defined its tests; a test
    with no value at all (a size this mode does not measure) has no row.
    """
    header = ["test", "unit", "s3emu", "s3rver", "moto", "limit", "s3emu/s3rver", "s3emu/moto", "s3emu/limit"]
    order = {name: i for i, name in enumerate(results["tests"])}
    tests = sorted(results["tests"].items(),
                   key=lambda item: (SECTIONS.index(item[1]["section"]) if item[1]["section"] in SECTIONS
                                     else len(SECTIONS), order[item[0]]))
    rows = []
    for test, t in tests:
        vals = {v["server"]: v for v in results["values"] if v["test"] == test}
        if not vals:
            continue
        limit = vals.get("nginx") or vals.get("limit")
        limit_name = t.get("limit_name") or ("nginx" if "nginx" in vals else "")
        is_limit = t["section"] == "limits"
        # Populating is done differently for s3emu (the Store) and the peers (HTTP): no ratio.
        no_ratio = test.startswith("list.populate")
        unit = t["unit"] + (" ↓" if t["lower_better"] else "")
        if test.startswith("small.") or (test.startswith("list.") and not no_ratio):
            unit += " (p50/p99 ms)"
        lim = fmt_value(limit, t["unit"]) if limit else ""
        if limit and limit_name and not is_limit:
            lim = f"{lim} {limit_name}"
        servers = ["" for _ in COLUMNS] if is_limit else [fmt_value(vals.get(c), t["unit"]) for c in COLUMNS]
        rows.append(dict(section=t["section"], cells=[
            t["label"], unit, *servers, lim,
            "" if no_ratio or is_limit else ratio(vals.get("s3emu"), vals.get("s3rver")),
            "" if no_ratio or is_limit else ratio(vals.get("s3emu"), vals.get("moto")),
            ratio(vals.get("s3emu"), limit) if limit and not is_limit else ""]))
    return header, rows


def markdown_table(results):
    header, rows = table_rows(results)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r in rows:
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in r["cells"]) + " |")
    return "\n".join(lines)


def text_table(results):
    header, rows = table_rows(results)
    widths = [max(len(header[i]), *(len(r["cells"][i]) for r in rows)) for i in range(len(header))]
    out, section = [], None
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    out.append(line)
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            out.append(f"-- {section}")
        out.append("  ".join(c.ljust(w) for c, w in zip(r["cells"], widths)))
    return "\n".join(out)
