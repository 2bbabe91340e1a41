#!/usr/bin/env python3
"""Writes the file-scan fuzzer's seed corpus (tests/fuzz/corpus/file_scan): small Parquet files
that cover what the reader decodes (every common type with NULLs, dictionary pages, several row
groups, the codecs) and CSV files with quoting, empty fields and ragged rows. Run once with
the project venv's pyarrow; the output is committed:

    .venv/bin/python scripts/make_fuzz_corpus.py tests/fuzz/corpus/file_scan
"""
import datetime
import decimal
import pathlib
import sys

import pyarrow as pa
import pyarrow.parquet as pq

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
table = pa.table({
    "i": pa.array([1, None, -3, 2**40], pa.int64()),
    "j": pa.array([7, 8, None, -9], pa.int32()),
    "s": pa.array(["a", None, "long text " * 4, ""], pa.string()),
    "f": pa.array([0.5, float("nan"), None, -1e300], pa.float64()),
    "d": pa.array([datetime.date(1998, 12, 1), None, datetime.date(1970, 1, 1),
                   datetime.date(2024, 2, 29)], pa.date32()),
    "m": pa.array([decimal.Decimal("1.25"), None, decimal.Decimal("-99999.99"),
                   decimal.Decimal("0.00")], pa.decimal128(12, 2)),
    "b": pa.array([True, False, None, True], pa.bool_()),
})
for codec in ["NONE", "SNAPPY", "ZSTD", "GZIP"]:
    pq.write_table(table, out / f"types-{codec.lower()}.parquet", compression=codec)
pq.write_table(table, out / "row-groups.parquet", row_group_size=1, compression="NONE")
pq.write_table(table, out / "no-dictionary.parquet", use_dictionary=False, compression="NONE")
pq.write_table(table, out / "no-statistics.parquet", write_statistics=False, compression="NONE")
pq.write_table(pa.table({"s": pa.array(["x", "y", "x", None] * 8).dictionary_encode()}),
               out / "dictionary.parquet", compression="NONE")
pq.write_table(table.slice(0, 0), out / "empty.parquet", compression="NONE")
(out / "quoted.csv").write_text('a,b,c\n1,"x, y",2.5\n2,"say ""hi""",\n,,\n')
(out / "ragged.csv").write_text("a,b\n1,2,3\n4\n")
(out / "header-only.csv").write_text("a,b,c\n")
(out / "types.csv").write_text("i,d,f,s\n1,1998-12-01,0.5,a\n-2,2024-02-29,-1e10,\n,,,x\n")
print(f"wrote {len(list(out.iterdir()))} files to {out}")
