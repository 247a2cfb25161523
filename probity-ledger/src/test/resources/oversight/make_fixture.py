#!/usr/bin/python3
"""Expected oversight rates for OversightTest, computed independently with Debian's scipy and statsmodels.

Groups and counts (decisions, overridden, appealed, appeals overturned) are chosen by hand; each group's rate is
compared with the other groups' pooled cases: Fisher's exact test (two-sided) when an expected count is under 5,
else the G-test (log-likelihood ratio, no continuity correction), then Holm-adjusted over the groups; intervals
are Wilson's at 95%.  Run: /usr/bin/python3 make_fixture.py > fixture.json
"""
import json
import numpy as np
from scipy.stats import fisher_exact, chi2_contingency
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

GROUPS = {"A": (40, 4, 6, 2), "B": (25, 8, 3, 1), "C": (8, 0, 1, 1)}


def test(a, b, c, d):
    t = np.array([[a, b], [c, d]], dtype=float)
    if t[0].sum() == 0 or t[1].sum() == 0:
        return None
    if t[:, 0].sum() == 0 or t[:, 1].sum() == 0:
        return 1.0
    expected = np.outer(t.sum(1), t.sum(0)) / t.sum()
    if expected.min() < 5:
        return fisher_exact(t)[1]
    return chi2_contingency(t, correction=False, lambda_="log-likelihood")[1]


out = {}
for j, name in enumerate(["overridden", "appealed", "overturned"]):
    ps, rows = [], []
    for g, (n, o, a, t) in GROUPS.items():
        k = (o, a, t)[j]
        base = a if name == "overturned" else n
        rest_base = sum((v[2] if name == "overturned" else v[0]) for h, v in GROUPS.items() if h != g)
        rest_k = sum(v[j + 1] for h, v in GROUPS.items() if h != g)
        ps.append(test(k, base - k, rest_k, rest_base - rest_k))
        lo, hi = proportion_confint(k, base, alpha=0.05, method="wilson")
        rows.append({"group": g, "count": k, "n": base, "low": lo, "high": hi})
    valid = [i for i, p in enumerate(ps) if p is not None]
    adj = multipletests([ps[i] for i in valid], method="holm")[1]
    for i, p in zip(valid, adj):
        rows[i]["p"] = p
    out[name] = rows
print(json.dumps(out, indent=1))
