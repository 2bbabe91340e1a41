//! One query's figures, the printed table and the JSON, in the shape tpch_bench and
//! scripts/bench_*.py write, so scripts/bench_compare.py reads them all alike.

use serde_json::{Value, json};

/// The figures of one query: each timed run, the rows of its answer, or why it failed.
pub struct Measurement {
    pub query: String,
    pub workers: usize,
    pub seconds: Vec<f64>,
    pub rows: usize,
    pub peak_rss_kb: u64,
    /// Worker tasks of the answer's distributed plan, summed over its stages.
    pub tasks: usize,
    /// The first line of the error that stopped the query, if one did.
    pub error: Option<String>,
}

impl Measurement {
    pub fn median(&self) -> f64 {
        let mut s = self.seconds.clone();
        s.sort_by(f64::total_cmp);
        let n = s.len();
        if n % 2 == 1 {
            s[n / 2]
        } else {
            (s[n / 2 - 1] + s[n / 2]) / 2.0
        }
    }

    fn to_json(&self) -> Value {
        match &self.error {
            Some(error) => json!({
                "query": self.query, "workers": self.workers, "error": error,
                "median_s": null, "min_s": null, "max_s": null, "rows": null,
                "peak_rss_kb": self.peak_rss_kb, "seconds": self.seconds,
            }),
            None => json!({
                "query": self.query, "workers": self.workers, "error": null,
                "median_s": self.median(),
                "min_s": self.seconds.iter().copied().fold(f64::INFINITY, f64::min),
                "max_s": self.seconds.iter().copied().fold(0.0, f64::max),
                "rows": self.rows, "peak_rss_kb": self.peak_rss_kb, "tasks": self.tasks,
                "seconds": self.seconds,
            }),
        }
    }
}

/// What the whole run was: written beside the measurements.
pub struct RunInfo {
    pub data: String,
    pub iterations: usize,
    pub threads: usize,
    pub workers: Vec<String>,
    pub peak_rss_kb: u64,
    pub peak_is_per_query: bool,
}

pub fn print_table(info: &RunInfo, results: &[Measurement]) {
    println!(
        "datafusion-distributed 4.0.0 TPC-H: {}, {} timed runs after 1 warm-up, threads={}, {} workers",
        info.data,
        info.iterations,
        info.threads,
        info.workers.len()
    );
    let scope = if info.peak_is_per_query {
        "of the timed runs of each row"
    } else {
        "of the process so far (reset refused)"
    };
    println!("peak RSS: {scope}; the coordinator process only (the workers are apart)\n");
    println!(
        "{:<8}{:<15}{:>10}{:>10}{:>10}{:>8}{:>13}{:>7}",
        "query", "config", "median_s", "min_s", "max_s", "rows", "peak_rss_mb", "tasks"
    );
    let config = format!("{} workers", info.workers.len());
    for m in results {
        match &m.error {
            Some(error) => println!("{:<8}{:<15}error: {error}", m.query, config),
            None => println!(
                "{:<8}{:<15}{:>10.4}{:>10.4}{:>10.4}{:>8}{:>13.1}{:>7}",
                m.query,
                config,
                m.median(),
                m.seconds.iter().copied().fold(f64::INFINITY, f64::min),
                m.seconds.iter().copied().fold(0.0, f64::max),
                m.rows,
                m.peak_rss_kb as f64 / 1024.0,
                m.tasks
            ),
        }
    }
    let answered: Vec<&Measurement> = results.iter().filter(|m| m.error.is_none()).collect();
    let total: f64 = answered.iter().map(|m| m.median()).sum();
    println!(
        "\ntotal of medians:\n  {:<15}{:>10.4} s ({} of {} queries answered)",
        config,
        total,
        answered.len(),
        results.len()
    );
    println!(
        "peak RSS of the process: {:.1} MB",
        info.peak_rss_kb as f64 / 1024.0
    );
    println!(
        "tasks: the worker tasks of the answer's plan (0: no stage was cut, it ran on the \
         coordinator alone)"
    );
}

pub fn write_json(path: &str, info: &RunInfo, results: &[Measurement]) -> Result<(), String> {
    let doc = json!({
        "engine": "datafusion-distributed",
        "version": "4.0.0",
        "data": info.data,
        "iterations": info.iterations,
        "threads": info.threads,
        "workers": info.workers.len(),
        "worker_urls": info.workers,
        "peak_rss_kb": info.peak_rss_kb,
        "peak_rss_scope": if info.peak_is_per_query { "query" } else { "process" },
        "results": results.iter().map(Measurement::to_json).collect::<Vec<_>>(),
    });
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())? + "\n";
    std::fs::write(path, text).map_err(|e| format!("cannot write {path}: {e}"))
}
