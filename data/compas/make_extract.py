#!/usr/bin/env python3
"""Writes Probity's extract of ProPublica's compas-scores-two-years.csv (see README.md and
docs/decisions/0007-dataset-terms.md): the original file minus the columns that name or directly identify a
person -- name, first, last, dob and the three court case numbers. Every other field is copied as it is written
in the original (same rows, same order, same text, same quoting), which the script checks before it writes.

    python3 data/compas/make_extract.py ORIGINAL.csv data/compas/compas-scores-two-years-extract.csv

ORIGINAL.csv is github.com/propublica/compas-analysis @ bafff5da, compas-scores-two-years.csv
(sha256 c451db85908b2f7fef1d83203bedf6b71ecda0d5af468d82ae62178f91d0cc7d).
"""
import csv
import hashlib
import io
import sys

DROPPED = ["name", "first", "last", "dob", "c_case_number", "r_case_number", "vr_case_number"]
ORIGINAL_SHA256 = "c451db85908b2f7fef1d83203bedf6b71ecda0d5af468d82ae62178f91d0cc7d"


def split_raw(line):
    """The raw text of each field of one CSV record (quotes kept), so fields can be copied byte for byte."""
    fields, cur, quoted = [], [], False
    for ch in line:
        if ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif ch == "," and not quoted:
            fields.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    fields.append("".join(cur))
    return fields


def main(src, dst):
    data = open(src, "rb").read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != ORIGINAL_SHA256:
        sys.exit(f"{src}: sha256 {digest} is not ProPublica's file ({ORIGINAL_SHA256})")
    text = data.decode("utf-8")
    lines = text.split("\n")
    if lines[-1] == "":
        lines = lines[:-1]
    header = split_raw(lines[0])
    drop = [i for i, h in enumerate(header) if h in DROPPED]
    if len(drop) != len(DROPPED):
        sys.exit("the header does not have every column to drop")
    out = []
    for line in lines:
        fields = split_raw(line)
        if len(fields) != len(header):
            sys.exit("a record spans lines or has a stray quote; this script expects one record per line")
        out.append(",".join(f for i, f in enumerate(fields) if i not in drop))
    result = "\n".join(out) + "\n"
    # Check: parsed as CSV, the extract equals the original without the dropped columns.
    a = list(csv.reader(io.StringIO(text)))
    b = list(csv.reader(io.StringIO(result)))
    assert len(a) == len(b) == 7215
    for ra, rb in zip(a, b):
        assert [v for i, v in enumerate(ra) if i not in drop] == rb
    with open(dst, "w", encoding="utf-8", newline="") as f:
        f.write(result)
    print(dst, hashlib.sha256(result.encode("utf-8")).hexdigest(), len(result.encode("utf-8")), "bytes")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
