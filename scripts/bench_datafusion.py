#!/usr/bin/env python3
"""Times the TPC-H queries with DataFusion (the `datafusion` Python package) on the same Parquet
files, as the peer of tpch_bench.

    python scripts/bench_datafusion.py --data DIR [--queries q1,q6] [--queries-dir DIR]
                                       [--iterations N] [--threads T] [--json FILE]

One SessionContext with target_partitions = --threads (quiver's target_partitions); each
subdirectory of DIR is registered with register_parquet, the way datafusion-distributed's
benchmarks register TPC-H. Each query runs once to warm up, then N timed runs of
`ctx.sql(text).collect()` — plan, execute and gather every batch, as tpch_bench does; a query
DataFusion cannot run gets an error row. Prints the figures of scripts/bench_common.py.
"""
import datafusion

from bench_common import run_benchmark, runner_arguments, table_dirs


def main():
    args = runner_arguments(__doc__.splitlines()[0]).parse_args()
    config = datafusion.SessionConfig().with_target_partitions(args.threads)
    ctx = datafusion.SessionContext(config)
    for table in table_dirs(args.data):
        ctx.register_parquet(table.name, str(table))

    def run_statement(sql):
        return sum(batch.num_rows for batch in ctx.sql(sql).collect())

    run_benchmark(args, "datafusion", datafusion.__version__, args.threads, run_statement)


if __name__ == "__main__":
    main()
