#!/usr/bin/python3
"""Expected maximum mean discrepancy values for MmdTest, computed with Debian's numpy and scipy.

For each case: the unbiased MMD^2 (Gretton et al. 2012, eq. 3) with the Gaussian kernel exp(-|x-y|^2 / (2 sigma^2)),
sigma the median of the non-zero Euclidean distances between pairs of the pooled sample
(scipy.spatial.distance.pdist, numpy median); and, where the pooled sample is small, the exact permutation p-value over every split of the pooled sample
into the two sizes: (#splits with MMD^2 >= observed) / #splits.
Run: /usr/bin/python3 make_mmd_fixtures.py > mmd.json
"""
import itertools
import json
import numpy as np
from scipy.spatial.distance import pdist, squareform


def mmd2(K, ix, iy):
    m, n = len(ix), len(iy)
    kxx = K[np.ix_(ix, ix)]; kyy = K[np.ix_(iy, iy)]; kxy = K[np.ix_(ix, iy)]
    return ((kxx.sum() - np.trace(kxx)) / (m * (m - 1)) + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
            - 2 * kxy.sum() / (m * n))


rng = np.random.default_rng(20261130)
cases = []
for name, x, y, exact in [
    ("tiny 1-d, exact", rng.normal(0, 1, (4, 1)).round(3), rng.normal(1.5, 1, (5, 1)).round(3), True),
    ("small 2-d shift, exact", rng.normal(0, 1, (6, 2)).round(3), rng.normal(0.8, 1, (6, 2)).round(3), True),
    ("same distribution 3-d", rng.normal(0, 1, (60, 3)).round(4), rng.normal(0, 1, (80, 3)).round(4), False),
    ("correlation change, same margins", None, None, False),
    ("ties and duplicates", np.array([[0.0, 1.0]] * 5 + [[1.0, 0.0]] * 5), np.array([[0.0, 1.0]] * 3 + [[1.0, 0.0]] * 9), False)]:
    if x is None:
        z = rng.normal(0, 1, (150, 2)).round(4)
        x = np.column_stack([z[:, 0], z[:, 0] * 0.9 + z[:, 1] * np.sqrt(1 - 0.81)]).round(4)
        w = rng.normal(0, 1, (150, 2)).round(4)
        y = np.column_stack([w[:, 0], -w[:, 0] * 0.9 + w[:, 1] * np.sqrt(1 - 0.81)]).round(4)
    pooled = np.vstack([x, y])
    d = pdist(pooled)
    sigma = float(np.median(d[d > 0]))
    K = np.exp(-squareform(d) ** 2 / (2 * sigma ** 2))
    m, n = len(x), len(y)
    obs = mmd2(K, list(range(m)), list(range(m, m + n)))
    case = {"name": name, "x": x.tolist(), "y": y.tolist(), "sigma": sigma, "mmd2": float(obs)}
    if exact:
        ge = total = 0
        for ix in itertools.combinations(range(m + n), m):
            iy = [i for i in range(m + n) if i not in ix]
            v = mmd2(K, list(ix), iy)
            total += 1
            ge += v >= obs - 1e-12 * abs(obs)
        case["p_exact"] = ge / total
        case["splits"] = total
    cases.append(case)
print(json.dumps({"numpy": np.__version__, "cases": cases}, indent=1))
