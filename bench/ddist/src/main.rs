//! ddist-bench: the datafusion-distributed side of `make bench-distributed`.
//!
//!     ddist-bench worker --port P [--host H] [--threads T]
//!     ddist-bench run --workers URL,... --data DIR --queries DIR --iterations N --threads T
//!                     [--only q1,q6] [--bytes-per-partition B] [--json FILE]
//!
//! `worker` serves datafusion-distributed's worker gRPC service until SIGINT/SIGTERM; with
//! `--port 0` it binds a free port. Either way it prints `listening on http://HOST:PORT` once
//! the socket is bound, for the driver to read. `run` is the coordinator: it registers every
//! subdirectory of DIR as a Parquet table, runs each query (a warm-up, then N timed runs) over
//! the workers and prints the same figures as quiver's tpch_bench (docs/benchmarks.md).

mod args;
mod figures;
mod peak_rss;
mod run;
mod statements;
mod worker;

use std::process::ExitCode;

const USAGE: &str = "usage:
  ddist-bench worker --port P [--host 127.0.0.1] [--threads T]
  ddist-bench run --workers URL,... --data DIR --queries DIR --iterations N --threads T
                  [--only q1,q6] [--bytes-per-partition B] [--json FILE]";

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let result = match argv.first().map(String::as_str) {
        Some("worker") => worker::main(&argv[1..]),
        Some("run") => run::main(&argv[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        _ => Err(format!("expected a subcommand\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ddist-bench: error: {message}");
            ExitCode::FAILURE
        }
    }
}
