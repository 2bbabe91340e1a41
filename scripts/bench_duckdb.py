#!/usr/bin/env python3
"""Times the TPC-H queries with DuckDB on the same Parquet files, as the peer of tpch_bench.

    python scripts/bench_duckdb.py --data DIR [--queries q1,q6] [--queries-dir DIR]
                                   [--iterations N] [--threads T] [--json FILE]

Each query runs once to warm up, then N timed runs (execute + fetch every row as Arrow, as
tpch_bench plans and collects); a query DuckDB cannot run gets an error row. Prints the figures of
scripts/bench_common.py. Tables are views over read_parquet of the files tpchgen-cli wrote,
exactly as scripts/make_expected.py sets them up; `--threads` is DuckDB's `SET threads`, given
the value of quiver's target_partitions so both engines use as many threads per query.
"""
import duckdb

from bench_common import run_benchmark, runner_arguments, table_dirs


def connect(data, threads):
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    for table in table_dirs(data):
        files = sorted(str(f) for f in table.glob("*.parquet"))
        if not files:
            raise SystemExit(f"TPC-H table '{table.name}': no .parquet files in {table}")
        con.execute(f"create view {table.name} as select * from read_parquet({files})")
    return con


def arrow_rows(relation):
    """Rows of a statement's result fetched as Arrow, as quiver and DataFusion hand theirs
    over (fetchall's Python tuples would cost DuckDB seconds on the 6M-row sort results); DDL
    gives no relation."""
    return relation.to_arrow_table().num_rows if relation is not None else 0


def main():
    args = runner_arguments(__doc__.splitlines()[0]).parse_args()
    con = connect(args.data, args.threads)
    threads = con.execute("select current_setting('threads')").fetchall()[0][0]
    run_benchmark(args, "duckdb", duckdb.__version__, threads,
                  lambda sql: arrow_rows(con.sql(sql)))


if __name__ == "__main__":
    main()
