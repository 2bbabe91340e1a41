#!/usr/bin/env python3
"""Compares an actual CSV result with the expected one: same header, same row count, text
cells equal, numeric cells equal within 1e-9 relative (the expected answers come from another
engine, whose floating-point averages may differ in the last digits)."""
import csv
import sys


def number(text):
    try:
        return float(text)
    except ValueError:
        return None


def main():
    expected = list(csv.reader(open(sys.argv[1])))
    actual = list(csv.reader(open(sys.argv[2])))
    errors = []
    if expected[0] != actual[0]:
        errors.append(f"header: expected {expected[0]}, got {actual[0]}")
    if len(expected) != len(actual):
        errors.append(f"rows: expected {len(expected) - 1}, got {len(actual) - 1}")
    for r, (erow, arow) in enumerate(zip(expected[1:], actual[1:]), start=1):
        for c, (e, a) in enumerate(zip(erow, arow)):
            en, an = number(e), number(a)
            if en is not None and an is not None:
                if abs(en - an) > 1e-9 * max(1.0, abs(en)):
                    errors.append(f"row {r} column {expected[0][c]}: expected {e}, got {a}")
            elif e != a:
                errors.append(f"row {r} column {expected[0][c]}: expected {e!r}, got {a!r}")
    if errors:
        print("FAIL:\n  " + "\n  ".join(errors))
        sys.exit(1)
    print(f"OK: {len(actual) - 1} rows match {sys.argv[1]}")


if __name__ == "__main__":
    main()
