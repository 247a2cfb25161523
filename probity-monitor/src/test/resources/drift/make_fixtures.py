#!/usr/bin/python3
"""Expected drift statistics for DriftFixturesTest, computed with Debian's scipy and numpy.

Each case gives its inputs (or the numpy.linspace arguments that make them) and scipy's values:
ks_2samp (statistic, p-value, exact or asymptotic as scipy's method='auto' picks), wasserstein_distance,
energy_distance, and Evidently's definitions written out here with numpy/scipy: Wasserstein over the reference's
population standard deviation, Jensen-Shannon distance / PSI / KL on Sturges bins over both samples (numerical
columns with more than 20 distinct reference values) or on values, with Evidently's floor for empty bins (PSI, KL),
chi-square goodness of fit against reference shares, Fisher's exact test (fisher_exact, two-sided) on columns with
at most two values, and the pooled z-test written 2*(1 - Phi(|z|)).
Run: /usr/bin/python3 make_fixtures.py > fixtures.json
"""
import json
import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance


def shares(ref, cur):
    ref = np.asarray(ref); cur = np.asarray(cur)
    if ref.dtype.kind in "fi" and len(np.unique(ref)) > 20:
        bins = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        return np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    r = np.array([np.sum(ref == k) for k in keys]) / len(ref)
    c = np.array([np.sum(cur == k) for k in keys]) / len(cur)
    return r, c


def floor(p):
    p = p.copy().astype(float)
    m = p[p > 0].min()
    p[p == 0] = m / 1e6 if m <= 0.0001 else 0.0001
    return p


def chisq(ref, cur):
    keys = sorted(set(ref) | set(cur))
    k = len(cur) / len(ref)
    e = np.array([ref.count(x) for x in keys]) * k
    o = np.array([cur.count(x) for x in keys])
    return stats.chisquare(o, e)[1]


def ztest(ref, cur):
    keys = sorted(set(ref) | set(cur))
    if len(keys) == 1:
        return 1.0
    r = np.array([0 if x == keys[0] else 1 for x in ref]); c = np.array([0 if x == keys[0] else 1 for x in cur])
    p1, p2 = r.mean(), c.mean(); P = (r.sum() + c.sum()) / (len(r) + len(c))
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / len(r) + 1 / len(c)))
    return 2 * (1 - stats.norm.cdf(abs(z)))


rng = np.random.default_rng(20261130)
cases = []


def numeric(name, ref, cur, gen=None):
    ref = np.asarray(ref, float); cur = np.asarray(cur, float)
    ks = stats.ks_2samp(ref, cur)
    r, c = shares(ref, cur)
    case = {"name": name, "ks_d": float(ks.statistic), "ks_p": float(ks.pvalue),
            "ks_method": "exact" if max(len(ref), len(cur)) <= 10000 else "asymptotic",
            "wasserstein": float(stats.wasserstein_distance(ref, cur)),
            "wasserstein_normed": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)),
            "energy": float(stats.energy_distance(ref, cur)),
            "jensenshannon": float(distance.jensenshannon(r, c)),
            "psi": float(np.sum((floor(r) - floor(c)) * np.log(floor(r) / floor(c)))),
            "kl": float(stats.entropy(floor(r), floor(c)))}
    if gen is None:
        case["reference"] = ref.tolist(); case["current"] = cur.tolist()
    else:
        case["linspace"] = gen
    cases.append(case)


numeric("normal shift, 200 vs 300", rng.normal(0, 1, 200).round(4), rng.normal(0.3, 1.2, 300).round(4))
numeric("equal sizes, 150 vs 150", rng.normal(0, 1, 150).round(3), rng.normal(0.1, 1, 150).round(3))
numeric("integers with ties, 120 vs 90", rng.integers(0, 12, 120), rng.integers(1, 14, 90))
numeric("few values, 40 vs 60", rng.integers(0, 4, 40), rng.integers(0, 5, 60))
numeric("identical", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
numeric("scipy x2233", [2] * 3 + [3] * 4 + [5] * 5 + [6] * 4, [3] * 3 + [4] * 4 + [6] * 5 + [7] * 4)
numeric("linspace, exact 1000 vs 1100", np.linspace(1, 200, 1000), np.linspace(2, 201, 1100), [[1, 200, 1000], [2, 201, 1100]])
numeric("linspace, asymptotic 10001 vs 12000", np.linspace(1, 200, 10001), np.linspace(2, 201, 12000), [[1, 200, 10001], [2, 201, 12000]])
numeric("linspace, asymptotic shifted 10001 vs 12000", np.linspace(1, 200, 10001), np.linspace(3, 203, 12000), [[1, 200, 10001], [3, 203, 12000]])

# Anderson-Darling (k samples) and Cramer-von Mises: scipy's examples and the numeric cases above
import warnings
ad_cases = []
t1 = [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0]
t2 = [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8]
t3 = [34, 35, 39, 40, 43, 43, 44, 45]
t4 = [34.0, 34.8, 34.8, 35.4, 37.2, 37.8, 41.2, 42.8]
conover_x = [7.6, 8.4, 8.6, 8.7, 9.3, 9.9, 10.1, 10.6, 11.2]
conover_y = [5.2, 5.7, 5.9, 6.5, 6.8, 8.2, 9.1, 9.8, 10.8, 11.3, 11.5, 12.3, 12.5, 13.4, 14.6]
ad_inputs = [("Scholz-Stephens four samples", [t1, t2, t3, t4]), ("t1 against t4", [t1, t4]), ("t1 against t2", [t1, t2]),
             ("Conover", [conover_x, conover_y])]
for c in cases:
    if "reference" in c and len(c["reference"]) > 10:
        ad_inputs.append((c["name"], [c["reference"], c["current"]]))
for name, samples in ad_inputs:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = stats.anderson_ksamp(samples)
    ad_cases.append({"name": name, "samples": samples, "statistic": float(r.statistic), "p": float(r.significance_level)})
cvm_cases = []
cvm_inputs = [("Conover", conover_x, conover_y), ("arange 21", list(range(21)), [0.5, 4.7, 13.1]), ("arange 20", list(range(20)), [0.5, 4.7, 13.1]),
              ("t1 against t2", t1, t2)]
for c in cases:
    if "reference" in c and len(c["reference"]) > 10:
        cvm_inputs.append((c["name"], c["reference"], c["current"]))
for name, x, y in cvm_inputs:
    r = stats.cramervonmises_2samp(x, y)
    cvm_cases.append({"name": name, "x": x, "y": y, "statistic": float(r.statistic), "p": float(r.pvalue),
                      "method": "exact" if max(len(x), len(y)) <= 20 else "asymptotic"})

cat_cases = []
for name, ref, cur in [("three categories", list("aabbbcccc") * 10, list("abbccccc") * 12),
                       ("two categories", list("aaab") * 30, list("abbb") * 20),
                       ("one category", ["x"] * 10, ["x"] * 7),
                       ("new category in current", list("aab") * 10, list("abcd") * 5),
                       ("two categories, small", list("aab"), list("abbbb")),
                       ("two categories, lopsided", ["y"] * 3 + ["n"] * 97, ["y"] * 12 + ["n"] * 88),
                       ("two categories, one only in current", ["n"] * 20, ["y"] * 2 + ["n"] * 15)]:
    r, c = shares(np.array(ref), np.array(cur))
    chi = float(chisq(ref, cur))
    keys = sorted(set(ref) | set(cur))
    fisher = None
    if len(keys) == 2:
        fisher = float(stats.fisher_exact([[ref.count(keys[0]), len(ref) - ref.count(keys[0])],
                                           [cur.count(keys[0]), len(cur) - cur.count(keys[0])]])[1])
    elif len(keys) == 1:
        fisher = 1.0
    cat_cases.append({"name": name, "reference": ref, "current": cur, "chisquare": None if np.isnan(chi) else chi, "z": float(ztest(ref, cur)),
                      "fisher": fisher,
                      "jensenshannon": float(distance.jensenshannon(r, c)),
                      "psi": float(np.sum((floor(r) - floor(c)) * np.log(floor(r) / floor(c))))})

print(json.dumps({"scipy": scipy.__version__, "numpy": np.__version__, "numeric": cases, "categorical": cat_cases,
                  "anderson": ad_cases, "cramervonmises": cvm_cases}, indent=1))
