//! `run`: the coordinator. Times each TPC-H query over the given workers.

use crate::args::Args;
use crate::figures::{Measurement, RunInfo, print_table, write_json};
use crate::peak_rss::{peak_rss_kb, reset_peak_rss};
use crate::statements::{is_ddl, split_statements};
use datafusion::common::DataFusionError;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::execution::SessionStateBuilder;
use datafusion::physical_plan::{ExecutionPlan, collect};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use datafusion_distributed::{
    DistributedExt, NetworkBoundaryExt, SessionStateBuilderExt, WorkerResolver,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use url::Url;

/// The fixed set of workers given on the command line.
struct StaticWorkers(Vec<Url>);

impl WorkerResolver for StaticWorkers {
    fn get_urls(&self) -> Result<Vec<Url>, DataFusionError> {
        Ok(self.0.clone())
    }
}

struct Options {
    workers: Vec<String>,
    data: PathBuf,
    queries_dir: PathBuf,
    only: Vec<String>,
    iterations: usize,
    threads: usize,
    /// datafusion-distributed's file_scan_config_bytes_per_partition; None keeps its default.
    bytes_per_partition: Option<usize>,
    json: Option<String>,
}

pub fn main(argv: &[String]) -> Result<(), String> {
    let args = Args::parse(
        argv,
        &[
            "--workers",
            "--data",
            "--queries",
            "--iterations",
            "--threads",
            "--only",
            "--bytes-per-partition",
            "--json",
        ],
    )?;
    let opts = Options {
        workers: args.list("--workers"),
        data: absolute(args.required("--data")?)?,
        queries_dir: PathBuf::from(args.required("--queries")?),
        only: args.list("--only"),
        iterations: args.number("--iterations", 3)?,
        threads: args.number("--threads", 2)?,
        bytes_per_partition: match args.get("--bytes-per-partition") {
            None => None,
            Some(_) => Some(args.number("--bytes-per-partition", 0)?),
        },
        json: args.get("--json").map(String::from),
    };
    if opts.workers.is_empty() {
        return Err("--workers needs at least one URL".into());
    }
    if opts.iterations < 1 || opts.threads < 1 {
        return Err("--iterations and --threads must be at least 1".into());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(opts.threads)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(run(opts))
}

/// Workers read the files by the paths in the plan, so they must not depend on our directory.
fn absolute(path: &str) -> Result<PathBuf, String> {
    std::fs::canonicalize(path).map_err(|e| format!("--data {path}: {e}"))
}

/// `only` if given, else every q<N>.sql of the directory in numeric order.
fn query_names(dir: &Path, only: &[String]) -> Result<Vec<String>, String> {
    if !only.is_empty() {
        return Ok(only.to_vec());
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("--queries {}: {e}", dir.display()))?;
    let mut numbered: Vec<(u32, String)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            let stem = name.strip_suffix(".sql")?.to_string();
            let n = stem.strip_prefix('q')?.parse().ok()?;
            Some((n, stem))
        })
        .collect();
    numbered.sort();
    if numbered.is_empty() {
        return Err(format!("no q<N>.sql files in {}", dir.display()));
    }
    Ok(numbered.into_iter().map(|(_, stem)| stem).collect())
}

async fn make_context(opts: &Options) -> Result<SessionContext, String> {
    let urls = opts
        .workers
        .iter()
        .map(|u| Url::parse(u).map_err(|e| format!("worker URL '{u}': {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    // The config must come before the distributed settings: with_config replaces it whole.
    let mut builder = SessionStateBuilder::new()
        .with_default_features()
        .with_config(SessionConfig::new().with_target_partitions(opts.threads))
        .with_distributed_worker_resolver(StaticWorkers(urls))
        .with_distributed_planner();
    if let Some(bytes) = opts.bytes_per_partition {
        builder = builder
            .with_distributed_file_scan_config_bytes_per_partition(bytes)
            .map_err(|e| e.to_string())?;
    }
    let state = builder.build();
    let ctx = SessionContext::from(state);
    let mut tables = std::fs::read_dir(&opts.data)
        .map_err(|e| format!("--data {}: {e}", opts.data.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect::<Vec<_>>();
    tables.sort();
    if tables.is_empty() {
        return Err(format!("no table directories in {}", opts.data.display()));
    }
    for dir in tables {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let path = dir.to_string_lossy().to_string();
        ctx.register_parquet(&name, &path, ParquetReadOptions::default())
            .await
            .map_err(|e| format!("registering {name}: {e}"))?;
    }
    Ok(ctx)
}

/// Runs every statement of a query file in order, as a client would, collecting each result;
/// returns the rows of the query's answer (see `is_ddl`) and the worker tasks of its plan.
async fn run_once(ctx: &SessionContext, statements: &[String]) -> Result<(usize, usize), String> {
    let mut answer = None;
    for sql in statements {
        let df = ctx.sql(sql).await.map_err(first_line)?;
        let plan = df.create_physical_plan().await.map_err(first_line)?;
        let batches = collect(plan.clone(), ctx.task_ctx())
            .await
            .map_err(first_line)?;
        let rows = batches.iter().map(|b| b.num_rows()).sum();
        if answer.is_none() || !is_ddl(sql) {
            answer = Some((rows, worker_tasks(&plan)));
        }
    }
    Ok(answer.unwrap_or((0, 0)))
}

/// The tasks of every stage below a network boundary: 0 when the planner cut no stage and the
/// whole query ran on the coordinator (small inputs, by the file-size rule of the notes).
fn worker_tasks(plan: &Arc<dyn ExecutionPlan>) -> usize {
    let mut tasks = 0;
    let _ = plan.apply(|node| {
        if let Some(boundary) = node.as_network_boundary() {
            tasks += boundary.input_stage().task_count();
        }
        Ok(TreeNodeRecursion::Continue)
    });
    tasks
}

fn first_line(e: DataFusionError) -> String {
    e.to_string().lines().next().unwrap_or("").to_string()
}

async fn measure(
    ctx: &SessionContext,
    opts: &Options,
    name: &str,
    process_peak: &mut u64,
    per_query: &mut bool,
) -> Measurement {
    let mut m = Measurement {
        query: name.to_string(),
        workers: opts.workers.len(),
        seconds: vec![],
        rows: 0,
        peak_rss_kb: 0,
        tasks: 0,
        error: None,
    };
    let path = opts.queries_dir.join(format!("{name}.sql"));
    let statements = match std::fs::read_to_string(&path) {
        Ok(text) => split_statements(&text),
        Err(e) => {
            m.error = Some(format!("cannot read {}: {e}", path.display()));
            return m;
        }
    };
    if statements.is_empty() {
        m.error = Some(format!("{} has no statement", path.display()));
        return m;
    }
    if let Err(e) = run_once(ctx, &statements).await {
        m.error = Some(e);
        return m;
    }
    *process_peak = (*process_peak).max(peak_rss_kb());
    *per_query = reset_peak_rss() && *per_query;
    for _ in 0..opts.iterations {
        let start = Instant::now();
        match run_once(ctx, &statements).await {
            Ok((rows, tasks)) => (m.rows, m.tasks) = (rows, tasks),
            Err(e) => {
                m.error = Some(e);
                break;
            }
        }
        m.seconds.push(start.elapsed().as_secs_f64());
    }
    m.peak_rss_kb = peak_rss_kb();
    *process_peak = (*process_peak).max(m.peak_rss_kb);
    match &m.error {
        Some(e) => eprintln!("  {name}: error: {e}"),
        None => eprintln!("  {name}: median {:.4} s", m.median()),
    }
    m
}

async fn run(opts: Options) -> Result<(), String> {
    let names = query_names(&opts.queries_dir, &opts.only)?;
    let ctx = make_context(&opts).await?;
    let (mut process_peak, mut per_query) = (0, true);
    let mut results = Vec::new();
    for name in &names {
        results.push(measure(&ctx, &opts, name, &mut process_peak, &mut per_query).await);
    }
    let info = RunInfo {
        data: opts.data.to_string_lossy().to_string(),
        iterations: opts.iterations,
        threads: opts.threads,
        workers: opts.workers.clone(),
        peak_rss_kb: process_peak.max(peak_rss_kb()),
        peak_is_per_query: per_query,
    };
    print_table(&info, &results);
    if let Some(path) = &opts.json {
        write_json(path, &info, &results)?;
    }
    Ok(())
}
