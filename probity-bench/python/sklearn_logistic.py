#!/usr/bin/python3
"""scikit-learn's side of `probity-bench/run models`: LogisticRegression fits on Adult's training rows with
the acceptance encoding (numbers standardized, categories one-hot, fnlwgt dropped), default solver (lbfgs,
max_iter raised to 1000 so it converges) and newton-cholesky. Prints one line per solver:
`<solver> <median seconds> <min> <max>` over RUNS fits (argument 2, default 7). Needs Debian's python3-sklearn."""
import os
import statistics
import sys
import time
import warnings

warnings.filterwarnings("ignore")
repo = sys.argv[1] if len(sys.argv) > 1 else "."
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
fixtures = os.path.join(repo, "probity-models", "src", "test", "fixtures", "make_fixtures.py")
ns = {"__file__": fixtures, "__name__": "bench"}
exec(open(fixtures).read().split("xn = numeric(train)")[0], ns)
from sklearn.linear_model import LogisticRegression  # noqa: E402

train = ns["train"]
xn = ns["numeric"](train)
stats = {"mean": xn.mean(axis=0), "scale": xn.std(axis=0),
         "cats": {c: sorted({r[c] for r in train}) for c in ns["CATEGORICAL"]}}
X = ns["encode"](train, stats)
y = ns["labels"](train)
for solver in ["lbfgs", "newton-cholesky"]:
    LogisticRegression(solver=solver, max_iter=1000).fit(X, y)  # warm-up
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        LogisticRegression(solver=solver, max_iter=1000).fit(X, y)
        ts.append(time.perf_counter() - t0)
    print(solver, statistics.median(ts), min(ts), max(ts))
