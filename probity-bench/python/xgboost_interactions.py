#!/usr/bin/python3
"""Native XGBoost's side of the interaction benchmark in `probity-bench/run explain`: SHAP interaction values by
`Booster.predict(pred_interactions=True)` of Debian's python3-xgboost (the C++ library, no JVM), on the model and rows
the Java harness wrote. Arguments: MODEL (XGBoost JSON), ROWS (float32, row-major), N, P, THREADS (comma-separated),
RUNS, OUT (float32 interactions, N x (P+1) x (P+1), of the first thread count's last run, for the harness to compare
with its own). Prints `<threads> <median ms> <min> <max>` per thread count. Needs Debian's python3-xgboost."""
import statistics
import sys
import time

import numpy as np
import xgboost as xgb

model, rows, n, p, threads, runs, out = sys.argv[1:8]
n, p, runs = int(n), int(p), int(runs)
x = np.fromfile(rows, dtype=np.float32).reshape(n, p)
booster = xgb.Booster(model_file=model)
dm = xgb.DMatrix(x, missing=np.nan)
first = True
for t in [int(v) for v in threads.split(",")]:
    booster.set_param({"nthread": t})
    booster.predict(xgb.DMatrix(x[:10], missing=np.nan), pred_interactions=True)  # warm-up
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        c = booster.predict(dm, pred_interactions=True)
        ts.append((time.perf_counter() - t0) * 1000)
    if first:
        c.astype(np.float32).tofile(out)
        first = False
    print(t, statistics.median(ts), min(ts), max(ts), flush=True)
