#!/usr/bin/env python3
"""Makes the expected answers of the TPC-H tests with an independent engine (DuckDB).

Run once after changing the test data recipe or the queries, and commit the output:
    .venv/bin/python scripts/make_expected.py data/tpch-sf0.01 tests/expected/tpch-sf0.01

It also answers the SQL conformance corpus: every tests/sql/<name>.sql over the same tables, to
tests/expected/sql/<name>.csv (or to a third argument's directory).

The data is made by `make data/tpch-sf0.01/.done` (tpchgen-cli, deterministic). DuckDB is used
only here, never by quiver or its tests. Output: one CSV per query with a header row; decimals
printed exactly, floating point with repr() (17 significant digits), dates as YYYY-MM-DD, NULL
as an empty field, booleans as true/false (as Arrow prints them).
"""
import csv
import decimal
import pathlib
import sys

import duckdb

TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
QUERIES = ["q1", "q6"]


def fmt(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return str(value)


def write_answer(con, sql, path):
    cur = con.execute(sql)
    header = [d[0] for d in cur.description]
    rows = cur.fetchall()
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([fmt(v) for v in row])
    print(f"{path.stem}: {len(rows)} rows -> {path}")


def main():
    data, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    root = pathlib.Path(__file__).resolve().parent.parent
    sql_out = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else root / "tests" / "expected" / "sql"
    out.mkdir(parents=True, exist_ok=True)
    sql_out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for table in TABLES:
        files = sorted((data / table).glob("*.parquet")) or [data / f"{table}.parquet"]
        con.execute(f"create view {table} as select * from read_parquet({[str(f) for f in files]})")
    for name in QUERIES:
        sql = (root / "queries" / "tpch" / f"{name}.sql").read_text()
        write_answer(con, sql, out / f"{name}.csv")
    for query in sorted((root / "tests" / "sql").glob("*.sql")):
        write_answer(con, query.read_text(), sql_out / f"{query.stem}.csv")


if __name__ == "__main__":
    main()
