#!/usr/bin/python3
"""The reference side of `probity-bench/run data-audit`: the data bias report's statistics on the 10,000,000-row
synthetic table, the way a data scientist computes them with Debian's pandas, scipy and scikit-learn — group shares,
base rates per group with a test against the other rows, missing values per group, the proxy measures of y_pred
(mutual information, Cramér's V, a held-out one-feature AUC over 5 folds) and a logistic regression on all features,
5-fold cross-validated on a 100,000-row sample. Prints `<median seconds> <min> <max>` over RUNS runs (argument 2),
each timed from reading the CSV to the last number. Usage: data_audit_reference.py CSV [RUNS]."""
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from scipy.stats.contingency import association
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import mutual_info_score, roc_auc_score
from sklearn.model_selection import cross_val_predict

warnings.filterwarnings("ignore")
csv = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3


def report():
    df = pd.read_csv(csv, dtype={"group": "category", "y_true": "int8", "y_pred": "int8"})
    n = len(df)
    out = {}
    out["shares"] = df["group"].value_counts(normalize=True)
    for g in df["group"].cat.categories:
        mine = df["group"] == g
        t = pd.crosstab(mine, df["y_true"]).to_numpy()
        out["rate_" + g] = (df.loc[mine, "y_true"].mean(), chi2_contingency(t)[1])
    out["missing"] = df.isna().groupby(df["group"]).mean()
    # proxies of group among the features (y_pred)
    x = df["y_pred"].to_numpy()
    y = df["group"].cat.codes.to_numpy()
    out["mi"] = mutual_info_score(x, y)
    out["v"] = association(pd.crosstab(x, y).to_numpy(), method="cramer")
    rng = np.random.default_rng(0)
    fold = rng.integers(0, 5, n)
    aucs = []
    for t in range(y.max() + 1):
        target = (y == t)
        score = np.empty(n)
        for f in range(5):
            train = fold != f
            rates = pd.Series(target[train]).groupby(x[train]).mean()
            score[~train] = rates.reindex(x[~train]).fillna(target[train].mean()).to_numpy()
        aucs.append(roc_auc_score(target, score))
    out["auc"] = np.average(aucs, weights=np.bincount(y))
    sample = df.sample(100_000, random_state=0)
    p = cross_val_predict(LogisticRegression(max_iter=1000), sample[["y_pred"]].to_numpy(), sample["group"].cat.codes,
                          cv=5, method="predict_proba")
    out["joint"] = roc_auc_score(sample["group"].cat.codes, p, multi_class="ovr", average="weighted")
    return out


times = []
for _ in range(runs):
    t0 = time.perf_counter()
    report()
    times.append(time.perf_counter() - t0)
print("%.3f %.3f %.3f" % (statistics.median(times), min(times), max(times)))
