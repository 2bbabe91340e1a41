#!/usr/bin/env python3
"""Makes the expected answers of the TPC-H tests and the SQL corpus with an independent engine.

Run after changing the test data recipe, the fixtures or the queries, and commit the output:

    .venv/bin/python scripts/make_expected.py data/tpch-sf0.01 tests/expected/tpch-sf0.01
    .venv/bin/python scripts/make_expected.py --tpch-only data/tpch-sf1 tests/expected/tpch-sf1

The first writes queries/tpch/q1..q22.sql answers to tests/expected/tpch-sf0.01/ and answers the
SQL conformance corpus over the same tables plus the fixture tables of tests/data/sql/:
tests/sql/<name>.sql to tests/expected/sql/<name>.csv and tests/sql/joins/<name>.sql to
tests/expected/sql/joins/<name>.csv (a third argument moves tests/expected/sql). Each
tests/sql/joins/errors/<name>.sql must fail, with the substring in <name>.error (matched without
regard to case) in the error message. The second writes only the TPC-H answers, for SF1.

How the committed answers were made: DuckDB 2.0.1 (the duckdb wheel in the project venv) over
Parquet from tpchgen-cli 4.0.0 (`.venv/bin/tpchgen-cli`, deterministic output):
- tests/expected/tpch-sf0.01: `make data/tpch-sf0.01/.done`, i.e.
  `tpchgen-cli parquet -s 0.01 --parts 3 --row-group-bytes 256KB -o data/tpch-sf0.01`;
- tests/expected/tpch-sf1:
  `tpchgen-cli parquet -s 1 --parts 4 --row-group-bytes 2MB -o data/tpch-sf1`.
The answers do not depend on the part or row-group layout, only on the scale factor; the SF1
answers equal the TPC-H specification's validation output. DuckDB runs on one thread so that
floating-point sums come out the same on every run.

A file holding several `;`-separated statements (TPC-H Q15: create view; select; drop view) runs
them in order on one connection; the answer is the result of the last statement that is not
CREATE, DROP or SET. Every file runs on a fresh connection, so views never leak between files.

DuckDB is used only here, never by quiver or its tests. Output: one CSV per query with a header
row; decimals printed exactly, floating point with repr() (17 significant digits), dates as
YYYY-MM-DD, NULL as an empty field (a row of one NULL is an empty line), booleans as true/false
(as Arrow prints them).
"""
import argparse
import csv
import decimal
import io
import pathlib
import re

import duckdb

ROOT = pathlib.Path(__file__).resolve().parent.parent
TABLES = ["customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier"]
QUERIES = [f"q{i}" for i in range(1, 23)]

# The fixture tables of tests/data/sql/<name>.csv. The same names and types are registered for
# quiver by RegisterSqlFixtureTables in tests/test_util.h; check_fixture_schemas() keeps the two
# in step. Values: (column, DuckDB type, Arrow type as written in test_util.h).
FIXTURES = {
    "t1": [
        ("id", "INTEGER", "int32()"),
        ("k", "INTEGER", "int32()"),
        ("v", "BIGINT", "int64()"),
        ("s", "VARCHAR", "utf8()"),
        ("amt", "DECIMAL(10,2)", "decimal128(10, 2)"),
        ("dt", "DATE", "date32()"),
    ],
    "t2": [
        ("id", "INTEGER", "int32()"),
        ("k", "BIGINT", "int64()"),
        ("w", "VARCHAR", "utf8()"),
        ("amt", "DECIMAL(12,3)", "decimal128(12, 3)"),
        ("dt", "DATE", "date32()"),
    ],
    "t_empty": [
        ("k", "INTEGER", "int32()"),
        ("s", "VARCHAR", "utf8()"),
    ],
    "s1": [
        ("a", "INTEGER", "int32()"),
        ("b", "VARCHAR", "utf8()"),
    ],
    "s2": [
        ("a", "INTEGER", "int32()"),
        ("b", "VARCHAR", "utf8()"),
    ],
}

NOT_ANSWERS = ("create", "drop", "set")


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


def split_statements(text):
    """Splits on `;` outside string literals, quoted identifiers and `--` comments."""
    statements, current, i, quote = [], [], 0, None
    while i < len(text):
        c = text[i]
        if quote:
            current.append(c)
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
            current.append(c)
        elif text.startswith("--", i):
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            current.append(text[i:end])
            i = end
            continue
        elif c == ";":
            statements.append("".join(current))
            current = []
        else:
            current.append(c)
        i += 1
    statements.append("".join(current))
    return [s for s in statements if strip_comments(s)]


def strip_comments(statement):
    return "\n".join(line.split("--", 1)[0] for line in statement.splitlines()).strip()


def run_file(con, text):
    """Runs every statement; returns (header, rows) of the last one that is an answer."""
    answer = None
    for statement in split_statements(text):
        cur = con.execute(statement)
        if strip_comments(statement).split(None, 1)[0].lower() not in NOT_ANSWERS:
            answer = ([d[0] for d in cur.description], cur.fetchall())
    if answer is None:
        raise ValueError("no statement in the file gives an answer")
    return answer


def same_answer(old_text, new_text):
    """The tests' comparison (CsvMatches): numbers within 1e-9 relative, other cells exactly."""
    old, new = old_text.splitlines(), new_text.splitlines()
    if len(old) != len(new) or (old and old[0] != new[0]):
        return False
    for old_line, new_line in zip(old[1:], new[1:]):
        old_cells, new_cells = old_line.split(","), new_line.split(",")
        if len(old_cells) != len(new_cells):
            return False
        for a, b in zip(old_cells, new_cells):
            try:
                if abs(float(a) - float(b)) > 1e-9 * max(1.0, abs(float(a))):
                    return False
            except ValueError:
                if a != b:
                    return False
    return True


def write_answer(path, header, rows):
    with io.StringIO(newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            cells = [fmt(v) for v in row]
            if cells == [""]:
                # One empty cell is an empty line, as quiver's printer writes it (the csv module
                # would write "" to tell it from a missing line).
                f.write("\n")
            else:
                writer.writerow(cells)
        text = f.getvalue()
    # Floating-point sums vary in their last digits with DuckDB's summation order: an answer
    # equal to the committed one within the tests' tolerance is left as it is.
    if path.exists() and same_answer(path.read_text(), text):
        status = "unchanged"
    else:
        path.write_text(text)
        status = "written"
    print(f"{path.stem}: {len(rows)} rows, {status}: {path}")


def check_fixture_schemas():
    """Fails when tests/test_util.h registers the fixtures with other names or types."""
    source = (ROOT / "tests" / "test_util.h").read_text()
    for table, columns in FIXTURES.items():
        match = re.search(r'\{"' + table + r'",\s*arrow::schema\(\{(.*?)\}\)\}', source, re.S)
        if not match:
            raise SystemExit(f"tests/test_util.h does not register fixture table {table}")
        fields = re.findall(r'field\("(\w+)",\s*arrow::(\w+\([^)]*\))', match.group(1))
        want = [(name, arrow) for name, _, arrow in columns]
        if fields != want:
            raise SystemExit(f"fixture {table}: test_util.h has {fields}, this script {want}")


def load_fixtures(con):
    for table, columns in FIXTURES.items():
        path = ROOT / "tests" / "data" / "sql" / f"{table}.csv"
        # quiver's CSV reader (Arrow's, strings_can_be_null off) reads an empty text field as
        # '' where DuckDB reads NULL: the fixtures keep text fields non-empty so both agree.
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            if header != [c[0] for c in columns]:
                raise SystemExit(f"{path}: header {header} is not {[c[0] for c in columns]}")
            for line, row in enumerate(reader, start=2):
                for (name, ty, _), cell in zip(columns, row, strict=True):
                    if ty == "VARCHAR" and cell == "":
                        raise SystemExit(f"{path}:{line}: empty text field in column {name}")
        types = ", ".join(f"'{name}': '{ty}'" for name, ty, _ in columns)
        con.execute(f"create table {table} as select * from read_csv('{path}', header = true, "
                    f"columns = {{{types}}}, nullstr = '', auto_detect = false)")


def connect(data, fixtures):
    con = duckdb.connect()
    con.execute("set threads = 1")  # one summation order: the same answers on every run
    for table in TABLES:
        files = sorted((data / table).glob("*.parquet")) or [data / f"{table}.parquet"]
        con.execute(f"create view {table} as select * from read_parquet({[str(f) for f in files]})")
    if fixtures:
        load_fixtures(con)
    return con


def answer_corpus(data, corpus, out):
    out.mkdir(parents=True, exist_ok=True)
    for query in sorted(corpus.glob("*.sql")):
        header, rows = run_file(connect(data, True), query.read_text())
        write_answer(out / f"{query.stem}.csv", header, rows)


def check_errors(data, folder):
    for query in sorted(folder.glob("*.sql")):
        expected = query.with_suffix(".error").read_text().strip()
        try:
            run_file(connect(data, True), query.read_text())
        except duckdb.Error as e:
            if expected.lower() not in str(e).lower():
                raise SystemExit(f"{query}: error '{e}' does not contain '{expected}'")
            print(f"{query.stem}: fails as expected: {str(e).splitlines()[0]}")
            continue
        raise SystemExit(f"{query}: DuckDB ran it without an error")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=pathlib.Path, help="TPC-H Parquet directory")
    parser.add_argument("out", type=pathlib.Path, help="directory for q1..q22 answers")
    parser.add_argument("sql_out", type=pathlib.Path, nargs="?",
                        default=ROOT / "tests" / "expected" / "sql",
                        help="directory for the corpus answers")
    parser.add_argument("--tpch-only", action="store_true", help="only the TPC-H answers")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in QUERIES:
        sql = (ROOT / "queries" / "tpch" / f"{name}.sql").read_text()
        header, rows = run_file(connect(args.data, False), sql)
        write_answer(args.out / f"{name}.csv", header, rows)
    if args.tpch_only:
        return
    check_fixture_schemas()
    answer_corpus(args.data, ROOT / "tests" / "sql", args.sql_out)
    answer_corpus(args.data, ROOT / "tests" / "sql" / "joins", args.sql_out / "joins")
    check_errors(args.data, ROOT / "tests" / "sql" / "joins" / "errors")


if __name__ == "__main__":
    main()
