"""Draws a bench run as grouped bars: one group per query, one bar per engine (its median, with
the min-max spread of its timed runs), on a log scale since TPC-H medians span decades. A query
an engine could not run gets no bar and an `x` on the axis. Used by scripts/bench_compare.py."""
import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def draw(docs, labels, title, path):
    queries = list(dict.fromkeys(r["query"] for d in docs for r in d["results"]))
    by_query = [{r["query"]: r for r in d["results"]} for d in docs]
    n = len(docs)
    width = 0.8 / n
    fig, ax = plt.subplots(figsize=(min(24, max(8, 0.22 * len(queries) * n + 2)), 5.5))
    answered = [r["median_s"] for m in by_query for r in m.values() if not r["error"]]
    floor = min(answered) / 3 if answered else 1e-3
    for i, (m, lb) in enumerate(zip(by_query, labels)):
        xs, ys, lo, hi, missing = [], [], [], [], []
        for q_index, q in enumerate(queries):
            x = q_index + (i - (n - 1) / 2) * width
            r = m.get(q)
            if r is None or r["error"]:
                missing.append(x)
                continue
            xs.append(x)
            ys.append(r["median_s"])
            lo.append(r["median_s"] - r["min_s"])
            hi.append(r["max_s"] - r["median_s"])
        bars = ax.bar(xs, ys, width, label=lb, yerr=[lo, hi], capsize=2, error_kw={"lw": 0.7})
        if missing:
            ax.plot(missing, [floor * 1.15] * len(missing), "x", color=bars.patches[0].get_facecolor()
                    if bars.patches else "k", markersize=6)
    ax.set_yscale("log")
    ax.set_ylim(bottom=floor)
    ax.set_xticks(range(len(queries)), queries)
    ax.set_ylabel("median wall time, s (log scale; bars: min-max)")
    ax.set_title(f"{title}\n{docs[0]['data']}, threads={docs[0]['threads']}; x = error")
    ax.legend()
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
