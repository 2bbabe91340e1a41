#!/usr/bin/env python3
"""Prints quiver's figures beside its peers', with ratios quiver/peer per query, and writes the
run's combined JSON and chart.

    python scripts/bench_compare.py [--out DIR] [--title TEXT] quiver.json peer.json [peer.json...]

Inputs are the --json outputs of tpch_bench, scripts/bench_datafusion.py, scripts/bench_duckdb.py
or bench/ddist (`run`) from the same run on the same data; the first is the numerator of every
ratio (above 1: quiver is slower). A query an engine could not run shows `error` in its cell and
the message at the end of the row. Row counts that differ between the engines that answered
are flagged, since a faster wrong answer is not a result. "total" sums the medians of the
queries every engine answered, so the totals compare the same work. With --out, writes
DIR/results.json (every input, so every run's time) and DIR/chart.png (scripts/bench_chart.py).
"""
import argparse
import datetime
import json
import pathlib

SHORT = {"datafusion-distributed": "df-dist"}


def label(doc):
    """The column name of one engine's figures: `quiver`, `duckdb`, `quiver 4w`, `df-dist 4w`."""
    name = SHORT.get(doc["engine"], doc["engine"])
    urls = doc.get("worker_urls") or []
    return f"{name} {len(urls)}w" if urls else name


def peak_mb(doc):
    """(this process, its workers' sum or None) peak RSS in MB."""
    workers = doc.get("worker_peak_rss_kb")
    total = sum(kb for kb in workers if kb) / 1024 if workers else None
    return doc["peak_rss_kb"] / 1024, total


def compare(docs):
    """The comparison as lines of text, and the queries every engine answered."""
    labels = [label(d) for d in docs]
    by_query = [{r["query"]: r for r in d["results"]} for d in docs]
    queries = list(dict.fromkeys(q for d in docs for q in (r["query"] for r in d["results"])))
    width = max(11, *(len(x) + 2 for x in labels))
    ratio_names = [f"{labels[0].split()[0]}/{lb.split()[0]}" for lb in labels[1:]]
    ratio_widths = [max(8, len(n) + 2) for n in ratio_names]
    all_rows = ["/".join("-" if r is None or r["error"] else str(r["rows"])
                         for r in (m.get(q) for m in by_query)) for q in queries]
    rows_width = max(6, *(len(x) + 2 for x in all_rows))
    lines = []
    engines = "; ".join(f"{lb}{' ' + d['version'] if d.get('version') else ''} "
                        f"threads={d['threads']} {d['iterations']} runs"
                        for lb, d in zip(labels, docs))
    lines.append(f"median wall time, s ({docs[0]['data']}; {engines})")
    header = f"{'query':<7}" + "".join(f"{lb:>{width}}" for lb in labels)
    header += "".join(f"{n:>{w}}" for n, w in zip(ratio_names, ratio_widths))
    header += f"{'rows':>{rows_width}}"
    lines.append(header)
    common, mismatches = [], []
    for q in queries:
        rs = [m.get(q) for m in by_query]
        ok = [r is not None and not r["error"] for r in rs]
        line = f"{q:<7}"
        line += "".join(f"{r['median_s']:>{width}.4f}" if good else f"{'error':>{width}}"
                        for r, good in zip(rs, ok))
        for r, good, w in zip(rs[1:], ok[1:], ratio_widths):
            cell = f"{rs[0]['median_s'] / r['median_s']:.2f}" if ok[0] and good else "-"
            line += f"{cell:>{w}}"
        rows = [r["rows"] if good else None for r, good in zip(rs, ok)]
        line += f"{'/'.join('-' if n is None else str(n) for n in rows):>{rows_width}}"
        if len({n for n in rows if n is not None}) > 1:
            line += " MISMATCH"
            mismatches.append(q)
        notes = [f"{lb}: " + ("no result" if r is None else f"error: {r['error']}")
                 for lb, r, good in zip(labels, rs, ok) if not good]
        if notes:
            line += "  " + "; ".join(notes)
        lines.append(line)
        if all(ok):
            common.append(q)
    totals = [sum(m[q]["median_s"] for q in common) for m in by_query]
    line = f"{'total':<7}" + "".join(f"{t:>{width}.4f}" for t in totals)
    line += "".join(f"{(totals[0] / t if t else 0):>{w}.2f}" for t, w in zip(totals[1:],
                                                                           ratio_widths))
    lines.append(f"{line}{'':>{rows_width}}  over the {len(common)} of {len(queries)} queries "
                 "all engines answered")
    answered = ", ".join(f"{lb} {sum(1 for r in d['results'] if not r['error'])}"
                         for lb, d in zip(labels, docs))
    lines.append(f"answered per engine: {answered} (of {len(queries)})")
    if mismatches:
        lines.append(f"row counts differ (MISMATCH): {', '.join(mismatches)}")
    lines.append("")
    lines.append("peak RSS, MB (each engine's own process; distributed: the coordinator, then the "
                 "sum of its worker processes)")
    for lb, d in zip(labels, docs):
        own, workers = peak_mb(d)
        extra = f" + workers {workers:.1f} = {own + workers:.1f}" if workers is not None else ""
        lines.append(f"  {lb:<{width}}{own:>9.1f}{extra}")
    return lines, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=pathlib.Path)
    parser.add_argument("--out", type=pathlib.Path, help="write results.json and chart.png here")
    parser.add_argument("--title", default="TPC-H median wall time")
    args = parser.parse_args()
    if len(args.inputs) < 2:
        parser.error("give quiver's JSON and at least one peer's")
    docs = [json.loads(p.read_text()) for p in args.inputs]
    lines, labels = compare(docs)
    print("\n".join(lines))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps({
            "created": datetime.datetime.now().isoformat(timespec="seconds"),
            "title": args.title,
            "engines": [dict(doc, label=lb) for doc, lb in zip(docs, labels)],
        }, indent=2) + "\n")
        (args.out / "table.txt").write_text("\n".join(lines) + "\n")
        from bench_chart import draw  # matplotlib only when a chart is asked for
        draw(docs, labels, args.title, args.out / "chart.png")
        print(f"\nwritten: {args.out}/results.json, table.txt, chart.png")


if __name__ == "__main__":
    main()
