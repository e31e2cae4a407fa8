#!/usr/bin/env python3
"""Turns the load harness's raw results into a markdown table and an SVG chart.

    report.py load results.tsv [--meta meta.txt] [--chart out.svg]   # throughput table + chart
    report.py memory memory.tsv                                      # memory-mode table
    report.py jmh jmh.json                                           # JMH results (-rf json) as a table

Every figure is also given as a ratio to raw Jetty on virtual threads measured in the same
round; with several rounds, the value and the ratio shown are the medians over rounds, and the
requests/s ratio also shows its range (min-max), which is the run's noise. Standard library only:
the harness runs on machines that have nothing but Debian's python3.
"""
import argparse
import csv
import html
import math
import statistics
import sys

BASELINE = "raw-jetty-vt"
SERVER_ORDER = ["raw-jetty-vt", "raw-jetty-nb", "javalin", "carafe", "flask"]
SERVER_LABEL = {
    "raw-jetty-vt": "raw Jetty 12, virtual threads",
    "raw-jetty-nb": "raw Jetty 12, non-blocking",
    "javalin": "Javalin 7, virtual threads",
    "carafe": "Carafe (carafe-jetty)",
    "flask": "Flask on gunicorn",
}
SERVER_COLOR = {
    "raw-jetty-vt": "#4e79a7",
    "raw-jetty-nb": "#76b7b2",
    "javalin": "#f28e2b",
    "carafe": "#59a14f",
    "flask": "#e15759",
}
SCENARIO_ORDER = ["plaintext", "json", "params", "full"]
SCENARIO_LABEL = {
    "plaintext": "plaintext",
    "json": "JSON record",
    "params": "path param + query",
    "full": "full context",
}


def read_tsv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def cpu_us_per_request(row):
    requests = int(row["requests"])
    if requests == 0:
        return float("nan")
    return int(row["cpu_ticks"]) / int(row["clk_tck"]) * 1e6 / requests


METRICS = {
    "rps": lambda r: float(r["rps"]),
    "p50": lambda r: int(r["p50_us"]) / 1000.0,
    "p99": lambda r: int(r["p99_us"]) / 1000.0,
    "cpu": cpu_us_per_request,
}


def baseline_scenario(scenario):
    # Full context is measured against raw Jetty's plaintext; raw Jetty's own /full is the same
    # exchange with none of the work, so its ratio is the ceiling for Carafe's.
    return "plaintext" if scenario == "full" else scenario


def row_label(server, scenario):
    if scenario == "full" and server == BASELINE:
        return "raw Jetty VT, exchange only"
    return SERVER_LABEL[server]


def summarize(rows):
    """Returns {(server, scenario): {metric: (median value, median ratio, min ratio, max ratio)}, ...}."""
    by_key = {}
    for r in rows:
        by_key.setdefault((r["round"], r["server"], r["scenario"]), r)
    rounds = sorted({r["round"] for r in rows}, key=int)
    out = {}
    for server in SERVER_ORDER:
        for scenario in SCENARIO_ORDER:
            runs = [by_key[(rd, server, scenario)] for rd in rounds if (rd, server, scenario) in by_key]
            if not runs:
                continue
            stats = {"errors": sum(int(r["errors"]) for r in runs), "notes": sorted({r["note"] for r in runs if r["note"]}),
                     "rounds": len(runs), "requests": sum(int(r["requests"]) for r in runs)}
            for metric, get in METRICS.items():
                values, ratios = [], []
                for r in runs:
                    v = get(r)
                    values.append(v)
                    base = by_key.get((r["round"], BASELINE, baseline_scenario(scenario)))
                    if base is not None:
                        b = get(base)
                        if b and not math.isnan(b) and not math.isnan(v):
                            ratios.append(v / b)
                stats[metric] = (
                    statistics.median(values),
                    statistics.median(ratios) if ratios else None,
                    min(ratios) if ratios else None,
                    max(ratios) if ratios else None,
                )
            out[(server, scenario)] = stats
    return out, rounds


def fmt_num(v, digits):
    if v is None or math.isnan(v):
        return "n/a"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def fmt_ratio(stat, with_range):
    _, ratio, lo, hi = stat
    if ratio is None:
        return "n/a"
    text = f"{ratio:.2f}×"
    if with_range and lo is not None and hi is not None and lo != hi:
        text += f" ({lo:.2f}–{hi:.2f})"
    return text


def within_round_ratio(rows, server_a, scen_a, server_b, scen_b, metric):
    """Median over rounds of metric(a) / metric(b), each pair from the same round."""
    by_key = {(r["round"], r["server"], r["scenario"]): r for r in rows}
    get = METRICS[metric]
    ratios = []
    for rd in sorted({r["round"] for r in rows}, key=int):
        a, b = by_key.get((rd, server_a, scen_a)), by_key.get((rd, server_b, scen_b))
        if a and b and get(b):
            ratios.append(get(a) / get(b))
    if not ratios:
        return None
    return statistics.median(ratios), min(ratios), max(ratios)


def fmt_headline(r):
    if r is None:
        return "n/a"
    med, lo, hi = r
    return f"{med:.2f}×" + (f" (rounds: {lo:.2f}–{hi:.2f})" if lo != hi else "")


def load_table(rows, summary, rounds):
    multi = len(rounds) > 1
    lines = [
        "| scenario | server | req/s | × | p50 ms | × | p99 ms | × | CPU µs/req | × |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for scenario in SCENARIO_ORDER:
        for server in SERVER_ORDER:
            s = summary.get((server, scenario))
            if s is None:
                continue
            flag = ""
            if s["errors"]:
                flag += f" ⚠ {s['errors']} errors"
            if s["notes"]:
                flag += " ⚠ " + ", ".join(s["notes"])
            lines.append(
                f"| {SCENARIO_LABEL[scenario]} | {row_label(server, scenario)}{flag} "
                f"| {fmt_num(s['rps'][0], 0)} | {fmt_ratio(s['rps'], multi)} "
                f"| {fmt_num(s['p50'][0], 2)} | {fmt_ratio(s['p50'], False)} "
                f"| {fmt_num(s['p99'][0], 2)} | {fmt_ratio(s['p99'], False)} "
                f"| {fmt_num(s['cpu'][0], 1)} | {fmt_ratio(s['cpu'], False)} |"
            )
    lines.append("")
    lines.append(f"× = ratio to {SERVER_LABEL[BASELINE]} in the same round (for full context: to raw Jetty VT's plaintext)"
                 + ("; values and ratios are medians over " + str(len(rounds)) + " rounds, req/s ratio range in brackets"
                    if multi else "") + ".")
    lines.append("")
    lines.append("Headline ratios (same-round pairs, median):")
    for scen in ["plaintext", "json", "params"]:
        lines.append(f"- {SCENARIO_LABEL[scen]}: Carafe / raw Jetty VT req/s "
                     f"{fmt_headline(within_round_ratio(rows, 'carafe', scen, BASELINE, scen, 'rps'))}; "
                     f"Carafe / Flask {fmt_headline(within_round_ratio(rows, 'carafe', scen, 'flask', scen, 'rps'))}; "
                     f"Javalin / raw Jetty VT {fmt_headline(within_round_ratio(rows, 'javalin', scen, BASELINE, scen, 'rps'))}")
    lines.append(f"- full context / Carafe plaintext: req/s "
                 f"{fmt_headline(within_round_ratio(rows, 'carafe', 'full', 'carafe', 'plaintext', 'rps'))}, "
                 f"CPU per request {fmt_headline(within_round_ratio(rows, 'carafe', 'full', 'carafe', 'plaintext', 'cpu'))}")
    ceiling = within_round_ratio(rows, BASELINE, 'full', BASELINE, 'plaintext', 'rps')
    if ceiling is not None:
        lines.append(f"- the full-context exchange alone (raw Jetty VT's /full / its plaintext): req/s "
                     f"{fmt_headline(ceiling)}, CPU per request "
                     f"{fmt_headline(within_round_ratio(rows, BASELINE, 'full', BASELINE, 'plaintext', 'cpu'))}; "
                     f"Carafe full context / that exchange: req/s "
                     f"{fmt_headline(within_round_ratio(rows, 'carafe', 'full', BASELINE, 'full', 'rps'))}")
    return "\n".join(lines)


# ---- SVG chart -------------------------------------------------------------------------------

def svg_chart(summary, meta_lines, path):
    """Two panels of diverging bars on a log scale around 1× (raw Jetty on virtual threads)."""
    panels = [("rps", "Requests/s vs raw Jetty VT (higher is better)"),
              ("cpu", "CPU per request vs raw Jetty VT (lower is better)")]
    entries = []
    for scenario in SCENARIO_ORDER:
        group = [(server, summary[(server, scenario)]) for server in SERVER_ORDER if (server, scenario) in summary]
        if group:
            entries.append((scenario, group))
    ratios = [s[m][1] for _, g in entries for _, s in g for m, _ in panels if s[m][1]]
    lo = min(ratios + [0.5]) / 1.4
    hi = max(ratios + [2.0]) * 1.4
    label_w, panel_w, gap, bar_h, row_gap, group_gap = 230, 330, 40, 16, 4, 18
    top = 70
    n_rows = sum(len(g) + 1 for _, g in entries)
    height = top + n_rows * (bar_h + row_gap) + len(entries) * group_gap + 60
    gap = 130
    width = label_w + 2 * panel_w + gap + 120

    def x_of(panel, ratio):
        x0 = label_w + panel * (panel_w + gap)
        return x0 + (math.log10(ratio) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * panel_w

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="22" font-size="15" font-weight="bold">Carafe vs raw Jetty, Javalin and Flask '
           f'(ratios to raw Jetty 12 on virtual threads, same run)</text>']
    if meta_lines:
        out.append(f'<text x="10" y="40" fill="#555">{html.escape(meta_lines)}</text>')
    ticks = [t for t in [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] if lo <= t <= hi]
    plot_bottom = height - 60
    for p, (metric, title) in enumerate(panels):
        x0 = label_w + p * (panel_w + gap)
        out.append(f'<text x="{x0}" y="{top - 12}" font-weight="bold">{html.escape(title)}</text>')
        for t in ticks:
            x = x_of(p, t)
            color = "#333" if t == 1 else "#ddd"
            out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{plot_bottom}" stroke="{color}"/>')
            out.append(f'<text x="{x:.1f}" y="{plot_bottom + 14}" text-anchor="middle" fill="#555">{t:g}×</text>')
        out.append(f'<text x="{x0 + panel_w / 2}" y="{plot_bottom + 30}" text-anchor="middle" fill="#555">'
                   f'log scale; 1× = raw Jetty VT</text>')
    y = top
    for scenario, group in entries:
        out.append(f'<text x="10" y="{y + bar_h - 3}" font-weight="bold">{html.escape(SCENARIO_LABEL[scenario])}</text>')
        y += bar_h + row_gap
        for server, s in group:
            out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">'
                       f'{html.escape(row_label(server, scenario))}</text>')
            for p, (metric, _) in enumerate(panels):
                ratio = s[metric][1]
                if ratio is None:
                    continue
                x1, xr = x_of(p, 1), x_of(p, max(lo, min(hi, ratio)))
                left, w = min(x1, xr), max(abs(xr - x1), 1.5)
                out.append(f'<rect x="{left:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                           f'fill="{SERVER_COLOR[server]}"/>')
                value = s[metric][0]
                unit = f"{value:,.0f}/s" if metric == "rps" else f"{value:.0f} µs"
                # labels always right of the bar's right end, so they never run into the names
                tx = max(x1, xr) + 4
                out.append(f'<text x="{tx:.1f}" y="{y + bar_h - 4}" font-size="10">'
                           f'{ratio:.2f}× ({html.escape(unit)})</text>')
            y += bar_h + row_gap
        y += group_gap
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


# ---- memory mode -----------------------------------------------------------------------------

def memory_table(rows):
    base = next((r for r in rows if r["server"] == BASELINE), None)
    lines = ["| server | concurrent | held at once | completed | errors | heap idle MB | heap held MB "
             "| heap per request KB | × | RSS idle MB | RSS held MB |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        per = int(r["bytes_per_request"])
        ratio = "n/a"
        if base and int(base["bytes_per_request"]) > 0:
            ratio = f"{per / int(base['bytes_per_request']):.2f}×"
        lines.append(
            f"| {SERVER_LABEL.get(r['server'], r['server'])} | {r['concurrent']} | {r['peak_inflight']} "
            f"| {r['completed']} | {r['errors']} | {int(r['heap_idle']) / 2**20:.1f} | {int(r['heap_held']) / 2**20:.1f} "
            f"| {per / 1024:.1f} | {ratio} | {int(r['rss_idle_kb']) / 1024:.0f} | {int(r['rss_held_kb']) / 1024:.0f} |")
    lines.append("")
    lines.append(f"Slow handlers sleep {int(rows[0]['held_ms']) / 1000:g} s; heap figures are the live set after a "
                 "full GC (System.gc()), taken while the requests are held; -Xmx512m. "
                 f"× = ratio to {SERVER_LABEL[BASELINE]}.")
    return "\n".join(lines)


# ---- JMH results ------------------------------------------------------------------------------

JMH_BASELINE = "ContextBenchmarks.baselineOtelMakeCurrentClose"


def jmh_table(runs):
    """A table of JMH's JSON results: wall time, CPU time (CpuTimeProfiler) and allocation per op,
    with CPU time also as a ratio to OpenTelemetry's makeCurrent + close from the same run."""
    def short(run):
        name = run["benchmark"].rsplit(".", 2)
        label = name[-2] + "." + name[-1]
        params = run.get("params") or {}
        return label + "".join(f" [{k}={v}]" for k, v in params.items())

    def metric(run, key):
        m = run.get("secondaryMetrics", {}).get(key)
        return m["score"] if m else None

    base = next((r for r in runs if r["benchmark"].endswith(JMH_BASELINE)), None)
    base_cpu = metric(base, "cpu.time.norm") if base else None
    lines = ["| benchmark | wall ns/op | ± | CPU ns/op | × OTel (CPU) | B/op |",
             "|---|--:|--:|--:|--:|--:|"]
    for run in runs:
        pm = run["primaryMetric"]
        cpu = metric(run, "cpu.time.norm")
        alloc = metric(run, "gc.alloc.rate.norm")
        ratio = f"{cpu / base_cpu:.2f}×" if cpu is not None and base_cpu else "n/a"
        lines.append(f"| {short(run)} | {fmt_num(float(pm['score']), 1)} | {fmt_num(float(pm['scoreError']), 1)} "
                     f"| {fmt_num(cpu, 1)} | {ratio} | {fmt_num(alloc, 1) if alloc is not None else 'n/a'} |")
    lines.append("")
    lines.append("wall = JMH's score (average time); CPU = the benchmark JVM's CPU time per operation "
                 "(CpuTimeProfiler); B/op = allocation per operation (-prof gc, gc.alloc.rate.norm).")
    return "\n".join(lines)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["load", "memory", "jmh"])
    parser.add_argument("tsv")
    parser.add_argument("--meta")
    parser.add_argument("--chart")
    args = parser.parse_args(argv)
    if args.mode == "jmh":
        import json
        with open(args.tsv) as f:
            print(jmh_table(json.load(f)))
        return
    rows = read_tsv(args.tsv)
    if not rows:
        sys.exit(f"report.py: no results in {args.tsv}")
    if args.mode == "memory":
        print(memory_table(rows))
        return
    summary, rounds = summarize(rows)
    print(load_table(rows, summary, rounds))
    if args.chart:
        meta = ""
        if args.meta:
            with open(args.meta) as f:
                info = dict(line.rstrip("\n").split(": ", 1) for line in f if ": " in line)
            meta = f"{info.get('machine', '')}; {info.get('wrk load', '')}"
        svg_chart(summary, meta, args.chart)


if __name__ == "__main__":
    main(sys.argv[1:])
