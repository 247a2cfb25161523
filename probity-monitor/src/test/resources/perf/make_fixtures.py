#!/usr/bin/python3
"""Expected values for CbpeFixturesTest, computed with Debian's scikit-learn, numpy and scipy.

- isotonic: sklearn.isotonic.IsotonicRegression(increasing=True, out_of_bounds='clip') fitted on each case's x, y
  (and weights), its X_thresholds_ / y_thresholds_, and its predictions at the case's query points (inside the range,
  outside it, and at the fitted points themselves).
- platt: sklearn.calibration._sigmoid_calibration (Platt's smoothed targets, BFGS) — a and b.
- ece: NannyML's expected calibration error (equal-count bins over the probabilities sorted, the last bin taking
  the rest), written out here with numpy and a stable sort.
- cbpe: for scores without ties, NannyML's estimated ROC AUC (cumulative sums of calibrated probabilities in
  descending order of score, sklearn.metrics.auc over the rates; without NannyML's rounding to 5 decimals), the
  estimated accuracy/precision/recall/specificity/F1 from the expected confusion matrix, and NannyML's sampling error
  components (per-row standard deviation and share) for each metric on a labelled reference.
Run: /usr/bin/python3 make_fixtures.py > fixtures.json
"""
import json
import numpy as np
import scipy
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import auc

rng = np.random.default_rng(20260502)
out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__,
       "isotonic": [], "platt": [], "ece": [], "cbpe": []}


def isotonic(name, x, y, w=None, query=None):
    x = np.asarray(x, float); y = np.asarray(y, float)
    ir = IsotonicRegression(increasing=True, out_of_bounds="clip")
    ir.fit(x, y, sample_weight=None if w is None else np.asarray(w, float))
    q = np.concatenate([np.asarray(query if query is not None else [], float),
                        [x.min() - 1, x.max() + 1], ir.X_thresholds_,
                        np.linspace(x.min(), x.max(), 37)])
    case = {"name": name, "x": x.tolist(), "y": y.tolist(),
            "x_thresholds": ir.X_thresholds_.tolist(), "y_thresholds": ir.y_thresholds_.tolist(),
            "query": q.tolist(), "predict": ir.predict(q).tolist()}
    if w is not None:
        case["w"] = [float(v) for v in w]
    out["isotonic"].append(case)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# binary labels on rounded scores: many ties, as calibration sees them
s = rng.uniform(0, 1, 300).round(2)
isotonic("binary labels, scores rounded to 2 decimals (ties)", s, rng.binomial(1, s ** 2))
# a miscalibrated model: overconfident scores of a logistic truth
xx = rng.normal(0, 1.5, 1000)
isotonic("overconfident model, 1000 rows", sigmoid(3 * (2 * xx - 1)).round(12), rng.binomial(1, sigmoid(2 * xx - 1)))
isotonic("continuous targets with weights (some zero)", rng.normal(0, 1, 80).round(3), rng.normal(0, 1, 80).round(3),
         w=np.where(rng.uniform(0, 1, 80) < 0.2, 0.0, rng.uniform(0.1, 3, 80)).round(3))
isotonic("x closer than 1e-15 merge", [0.0, 1e-17, 0.5, 0.5 + 1e-16, 1.0, 1.0], [1, 0, 0, 1, 0, 1])
isotonic("one distinct x", [0.3, 0.3, 0.3], [0, 1, 1], query=[0.0, 0.3, 1.0])
isotonic("already increasing", [0.1, 0.2, 0.3, 0.4], [0.0, 0.25, 0.5, 1.0])
isotonic("decreasing: pooled to one mean", [1, 2, 3, 4, 5], [5, 4, 3, 2, 1])
isotonic("scores 0 and 1 only", [0, 0, 0, 1, 1, 1, 1], [0, 0, 1, 1, 1, 0, 1], query=[0.5, 0.25])
isotonic("scikit-learn's tie example (issue 9432)", [0, 1, 1, 2, 3, 4], [0, 0, 1, 0, 0, 1])

for name, n, k in [("overconfident scores", 500, 3.0), ("underconfident scores", 400, 0.4)]:
    x = rng.normal(0, 1.5, n)
    sc = sigmoid(k * (2 * x - 1))
    y = rng.binomial(1, sigmoid(2 * x - 1))
    a, b = _sigmoid_calibration(sc, y)
    out["platt"].append({"name": name, "scores": sc.tolist(), "labels": y.tolist(), "a": float(a), "b": float(b)})


def ece(p, y, bins):
    n = len(p)
    if n <= 2 * bins:
        bins = n // 2
    width = n // bins
    edges = np.asarray(range(0, n + 1, width)); edges[-1] = n
    order = np.argsort(p, kind="stable")
    p = np.asarray(p)[order]; y = np.asarray(y)[order]
    return float(sum((r - l) / n * abs(p[l:r].mean() - y[l:r].mean()) for l, r in zip(edges[:-1], edges[1:])))


for n, bins in [(1000, 10), (1003, 10), (25, 10), (7, 10), (64, 5)]:
    p = rng.uniform(0, 1, n)
    y = rng.binomial(1, p ** 1.3)
    out["ece"].append({"bins": bins, "p": p.tolist(), "y": y.tolist(), "ece": ece(p, y, bins)})


def std_share(values, n):
    values = np.asarray(values, float)
    return [float(np.std(values)), float(len(values) / n)]


for name, n, pos_share in [("minority positive", 600, 0.3), ("majority positive (AUC components flip)", 500, 0.7)]:
    x = rng.normal(0, 1, n)
    ref_s = sigmoid(1.7 * x + np.log(pos_share / (1 - pos_share)))   # no ties
    ref_y = rng.binomial(1, ref_s)
    ref_pred = (ref_s >= 0.5).astype(int)
    chunk_s = sigmoid(rng.normal(0.4, 1.2, 300))
    chunk_p = np.clip(chunk_s * 0.9 + 0.03, 0, 1)                        # "calibrated" probabilities, monotone in the score
    chunk_pred = (chunk_s >= 0.5).astype(int)
    order = np.argsort(chunk_s)[::-1]
    tps = np.cumsum(chunk_p[order]); fps = 1 + np.arange(len(order)) - tps
    tps = np.r_[0, tps]; fps = np.r_[0, fps]
    est_auc = auc(fps / fps[-1], tps / tps[-1])
    TP = chunk_p[chunk_pred == 1].sum(); FP = (1 - chunk_p[chunk_pred == 1]).sum()
    FN = chunk_p[chunk_pred == 0].sum(); TN = (1 - chunk_p[chunk_pred == 0]).sum()
    # NannyML's sampling error components, binary classification
    t, p_ = ref_y, ref_pred
    tp = (t == p_) & (p_ == 1); fp = (t != p_) & (p_ == 1); fn = (t != p_) & (p_ == 0); tn = (t == p_) & (p_ == 0)
    f1_vals = np.concatenate([np.ones(tp.sum()), np.zeros(fn.sum()), np.zeros(fp.sum())])
    f1_vals = f1_vals * len(f1_vals) / ((fn.sum() + fp.sum()) * 0.5 + tp.sum())
    yt, ys = ref_y.copy(), ref_s.copy()
    if yt.mean() > 0.5:
        yt, ys = 1 - yt, 1 - ys
    srt = np.argsort(ys, kind="stable"); yt_sorted = yt[srt]
    neg_below = np.cumsum(1 - yt_sorted)[yt_sorted == 1]   # negatives at or below each positive (no ties: below)
    auc_vals = neg_below / (len(yt) - yt.sum())
    out["cbpe"].append({
        "name": name, "reference_scores": ref_s.tolist(), "reference_labels": ref_y.tolist(),
        "chunk_scores": chunk_s.tolist(), "chunk_probabilities": chunk_p.tolist(),
        "estimated": {"roc_auc": float(est_auc), "accuracy": float((TP + TN) / len(chunk_s)), "precision": float(TP / (TP + FP)),
                      "recall": float(TP / (TP + FN)), "specificity": float(TN / (TN + FP)), "f1": float(TP / (TP + 0.5 * (FP + FN)))},
        "components": {"accuracy": std_share((t == p_).astype(float), n),
                       "precision": [float(np.std(np.r_[np.ones(tp.sum()), np.zeros(fp.sum())])), float(p_.sum() / n)],
                       "recall": [float(np.std(np.r_[np.ones(tp.sum()), np.zeros(fn.sum())])), float(t.sum() / n)],
                       "specificity": [float(np.std(np.r_[np.ones(tn.sum()), np.zeros(fp.sum())])), float((tn.sum() + fp.sum()) / n)],
                       "f1": std_share(f1_vals, n),
                       "roc_auc": [float(np.std(auc_vals)), float(yt.sum() / n)]}})

print(json.dumps(out, indent=1))
