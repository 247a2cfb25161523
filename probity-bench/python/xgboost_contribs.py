#!/usr/bin/python3
"""Native XGBoost's side of `probity-bench/run explain`: TreeSHAP by `Booster.predict(pred_contribs=True)` of Debian's
python3-xgboost (the C++ library, no JVM), on the model and rows the Java harness wrote. Arguments: MODEL (XGBoost
JSON), ROWS (float32, row-major), N, P, THREADS (comma-separated), RUNS, OUT (float32 contributions of the first
thread count's last run, for the harness to compare with its own). Prints `<threads> <median ms> <min> <max>` per
thread count. Needs Debian's python3-xgboost (apt-get install python3-xgboost)."""
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
    for _ in range(2):
        booster.predict(dm, pred_contribs=True)  # warm-up
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        c = booster.predict(dm, pred_contribs=True)
        ts.append((time.perf_counter() - t0) * 1000)
    if first:
        c.astype(np.float32).tofile(out)
        first = False
    print(t, statistics.median(ts), min(ts), max(ts), flush=True)
