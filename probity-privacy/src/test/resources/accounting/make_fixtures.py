#!/usr/bin/python3
"""Reference values for the accountants of dev.probity.privacy.accounting (tests read accounting-fixtures.json).

Run with Debian's interpreter (packages python3-numpy, python3-scipy, python3-mpmath):

    /usr/bin/python3 probity-privacy/src/test/resources/accounting/make_fixtures.py

It writes accounting-fixtures.json next to itself. Nothing here runs during the build; the JSON is committed.

What it computes, each from the published mathematics (written for Probity, not copied from any library):

* rdp: the Renyi DP of the Poisson-sampled Gaussian mechanism (Mironov, Talwar & Zhang 2019, "Renyi Differential
  Privacy of the Sampled Gaussian Mechanism", Sec. 3.3) at Opacus's default orders, by the same log-space series
  Opacus and TF Privacy evaluate: for an integer order a finite binomial sum, for a fractional order the two
  infinite series split at z0 = sigma^2 log(1/q - 1) + 1/2 and stopped once both terms fall under e^-30. The
  (epsilon, delta) conversion is Balle et al. 2020 ("Hypothesis testing interpretations and Renyi differential
  privacy", Thm 21), which Opacus's get_privacy_spent uses: eps = rdp - (log delta + log a)/(a - 1) + log((a-1)/a),
  minimised over the orders.
* log_a_mp: A_alpha by direct numerical integration in 50-digit arithmetic (mpmath), at the settings TF Privacy's
  and dp_accounting's tests check -- an independent check of the series.
* zcdp: conversions of rho-zCDP to (epsilon, delta): Bun & Steinke 2016 (Prop. 1.3) and Canonne, Kamath &
  Steinke 2020 (Cor. 13), the latter minimised over alpha with scipy's bounded Brent search (a different method
  from Probity's root finding).
* pure_optimal: the exact delta of the k-fold composition of epsilon-DP (Kairouz, Oh & Viswanath 2015, Thm 3.3;
  the privacy loss of k randomized responses) in 60-digit arithmetic.
"""

import json
import math
import os

import mpmath
import numpy as np
from scipy import optimize, special

DEFAULT_ORDERS = [1 + x / 10.0 for x in range(1, 100)] + [float(x) for x in range(12, 64)]


def log_add(a, b):
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    hi, lo = max(a, b), min(a, b)
    return hi + math.log1p(math.exp(lo - hi))


def log_sub(a, b):
    # log(e^a - e^b), a >= b
    if b == -math.inf:
        return a
    if a <= b:
        return -math.inf
    return a + math.log(-math.expm1(b - a))


def log_erfc(x):
    return math.log(2.0) + float(special.log_ndtr(-x * math.sqrt(2.0)))


def log_a_int(q, sigma, alpha):
    alpha = int(alpha)
    total = -math.inf
    for i in range(alpha + 1):
        term = (math.log(special.binom(alpha, i)) + i * math.log(q) + (alpha - i) * math.log1p(-q)
                + (i * i - i) / (2.0 * sigma * sigma))
        total = log_add(total, term)
    return total


def log_a_frac(q, sigma, alpha):
    z0 = sigma * sigma * math.log(1.0 / q - 1.0) + 0.5
    a0 = -math.inf
    a1 = -math.inf
    i = 0
    while True:
        c = special.binom(alpha, i)
        lc = math.log(abs(c))
        j = alpha - i
        t0 = lc + i * math.log(q) + j * math.log1p(-q)
        t1 = lc + j * math.log(q) + i * math.log1p(-q)
        e0 = math.log(0.5) + log_erfc((i - z0) / (math.sqrt(2.0) * sigma))
        e1 = math.log(0.5) + log_erfc((z0 - j) / (math.sqrt(2.0) * sigma))
        s0 = t0 + (i * i - i) / (2.0 * sigma * sigma) + e0
        s1 = t1 + (j * j - j) / (2.0 * sigma * sigma) + e1
        if c > 0:
            a0 = log_add(a0, s0)
            a1 = log_add(a1, s1)
        else:
            a0 = log_sub(a0, s0)
            a1 = log_sub(a1, s1)
        i += 1
        if max(s0, s1) < -30:
            break
    return log_add(a0, a1)


def rdp_sampled_gaussian(q, sigma, alpha):
    if q == 0:
        return 0.0
    if q == 1.0:
        return alpha / (2.0 * sigma * sigma)
    if float(alpha).is_integer():
        la = log_a_int(q, sigma, alpha)
    else:
        la = log_a_frac(q, sigma, alpha)
    return la / (alpha - 1.0)


def eps_from_rdp(orders, rdp, delta):
    o = np.asarray(orders, dtype=float)
    r = np.asarray(rdp, dtype=float)
    eps = r - (math.log(delta) + np.log(o)) / (o - 1.0) + np.log((o - 1.0) / o)
    k = int(np.nanargmin(eps))
    return float(eps[k]), float(o[k])


def log_a_mp(q, sigma, alpha):
    mpmath.mp.dps = 50
    q = mpmath.mpf(q)
    sigma = mpmath.mpf(sigma)
    alpha = mpmath.mpf(alpha)

    def f(z):
        mu0 = mpmath.npdf(z, mu=0, sigma=sigma)
        ratio = (1 - q) + q * mpmath.exp((2 * z - 1) / (2 * sigma ** 2))
        return mu0 * ratio ** alpha

    # Split the line where the integrand's mass sits: around 0 and around the mode of mu0 * ratio^alpha.
    pts = [-mpmath.inf, -60 * sigma, -10 * sigma, 0, mpmath.mpf('0.5'), 1, 10 * sigma + 1, alpha + 10 * sigma,
           alpha * 2 + 60 * sigma, mpmath.inf]
    pts = sorted(set(pts), key=lambda v: float(v))
    val = mpmath.quad(f, pts, maxdegree=10)
    return float(mpmath.log(val))


def cks_delta(rho, eps):
    # Cor. 13: delta = inf_{a>1} exp((a-1)(a rho - eps) + a log(1 - 1/a)) / (a - 1)
    def logd(a):
        return (a - 1) * (a * rho - eps) + a * math.log1p(-1.0 / a) - math.log(a - 1)
    hi = max(4.0, 2 * (eps + 1) / rho + 4)
    res = optimize.minimize_scalar(logd, bounds=(1 + 1e-9, hi), method='bounded',
                                   options={'xatol': 1e-12, 'maxiter': 2000})
    return min(1.0, math.exp(res.fun)), float(res.x)


def cks_eps(rho, delta):
    # Same bound solved for epsilon at each alpha, minimised over alpha.
    def e(a):
        return a * rho + math.log1p(-1.0 / a) - (math.log(delta) + math.log(a)) / (a - 1)
    hi = max(4.0, 2 * math.sqrt(math.log(1 / delta) / rho) + 4)
    res = optimize.minimize_scalar(e, bounds=(1 + 1e-9, hi), method='bounded',
                                   options={'xatol': 1e-12, 'maxiter': 2000})
    return max(0.0, float(res.fun)), float(res.x)


def pure_optimal_delta(eps, k, eps_total):
    mpmath.mp.dps = 60
    e = mpmath.mpf(eps)
    p = mpmath.e ** e / (1 + mpmath.e ** e)
    total = mpmath.mpf(0)
    for l in range(k + 1):
        loss = (k - 2 * l) * e
        if loss > eps_total:
            total += mpmath.binomial(k, l) * p ** (k - l) * (1 - p) ** l * (1 - mpmath.e ** (mpmath.mpf(eps_total) - loss))
    return float(total)


def main():
    out = {"default_orders": DEFAULT_ORDERS}

    settings = [
        # (q, sigma, steps, delta, source)
        (0.04, 1.5, 2250, 1e-5, "Opacus opacus/tests/accountants_test.py test_rdp_accountant: 7.32911117143"),
        (0.01, 2.5, 50, 1e-5, "TF Privacy rdp_accountant_test.py / dp_accounting rdp_privacy_accountant_test.py"),
        (0.1, 2.0, 10, 1e-5, "TF Privacy rdp_accountant_test.py test_compute_rdp_scalar (order 5: 0.07737)"),
        (256 / 60000, 1.1, 14060, 1e-5, "MNIST DP-SGD setting (60 epochs of batch 256)"),
        (0.001, 0.8, 1000, 1e-6, "PRV comparison setting"),
        (0.05, 1.5, 1000, 1e-6, "PRV comparison setting"),
        (0.2, 3.0, 100, 1e-6, "PRV comparison setting"),
        (0.5, 0.7, 20, 1e-5, "large sampling rate, small noise"),
        (0.99, 5.0, 100, 1e-6, "sampling rate near one"),
        (1e-4, 0.4, 40000, 1e-6, "TF Privacy test_check_composition first part"),
        (1.0, 4.0, 10, 1e-5, "no subsampling (closed form)"),
    ]
    rdp_cases = []
    for q, sigma, steps, delta, source in settings:
        per_step = [rdp_sampled_gaussian(q, sigma, a) for a in DEFAULT_ORDERS]
        total = [steps * v for v in per_step]
        eps, order = eps_from_rdp(DEFAULT_ORDERS, total, delta)
        rdp_cases.append({"q": q, "sigma": sigma, "steps": steps, "delta": delta, "rdp_per_step": per_step,
                          "epsilon": eps, "order": order, "source": source})
    out["rdp"] = rdp_cases

    # Opacus's module docstring: two mechanisms over orders 2..32.
    orders = [float(a) for a in range(2, 33)]
    r = [10 * rdp_sampled_gaussian(1e-5, 1.0, a) + 4 * rdp_sampled_gaussian(1e-4, 3.0, a) for a in orders]
    eps, order = eps_from_rdp(orders, r, 1e-5)
    out["rdp_heterogeneous"] = {"parts": [[1e-5, 1.0, 10], [1e-4, 3.0, 4]], "orders": orders, "delta": 1e-5,
                                "epsilon": eps, "order": order,
                                "source": "Opacus opacus/accountants/analysis/rdp.py module docstring (0.336, 23)"}

    mp_cases = []
    for q, sigma, order in [(1e-7, .1, 1.01), (1e-6, .1, 256), (1e-5, .1, 256.1), (1e-6, 1, 27), (1e-4, 1., 1.5),
                            (1e-3, 1., 2), (.01, 10, 20), (.1, 100, 20.5), (.99, .1, 256), (.999, 100, 256.1),
                            (0.04, 1.5, 3.7), (0.01, 2.5, 1.5), (0.2, 0.8, 7.5),
                            # where the plain series' e^-30 cut leaves its largest error (the alternating tail)
                            (1e-4, 0.4, 1.1), (0.5, 0.7, 1.1), (0.5, 0.7, 1.5), (0.04, 1.5, 1.1)]:
        mp_cases.append({"q": q, "sigma": sigma, "order": order, "log_a": log_a_mp(q, sigma, order),
                         "log_a_series": (rdp_sampled_gaussian(q, sigma, order) * (order - 1))})
    out["log_a_mp"] = mp_cases

    z = []
    for rho in [1e-4, 0.005, 0.025, 0.1, 0.5, 1.0, 3.0]:
        for delta in [1e-3, 1e-6, 1e-9]:
            e_cks, a_cks = cks_eps(rho, delta)
            e_bs = rho + 2 * math.sqrt(rho * math.log(1 / delta))
            z.append({"rho": rho, "delta": delta, "epsilon_cks": e_cks, "order_cks": a_cks, "epsilon_bun_steinke": e_bs})
        for eps in [0.1, 1.0, 5.0]:
            d_cks, a_cks = cks_delta(rho, eps)
            d_bs = math.exp(-((eps - rho) ** 2) / (4 * rho)) if eps >= rho else 1.0
            z.append({"rho": rho, "epsilon": eps, "delta_cks": d_cks, "order_cks": a_cks, "delta_bun_steinke": d_bs})
    out["zcdp"] = z

    pure = []
    for eps, k, eps_total in [(0.1, 10, 0.5), (0.1, 100, 2.0), (0.1, 100, 3.0), (0.5, 20, 4.0), (1.0, 5, 2.0),
                              (0.01, 1000, 0.5), (0.05, 300, 2.5)]:
        pure.append({"epsilon": eps, "k": k, "epsilon_total": eps_total, "delta": pure_optimal_delta(eps, k, eps_total)})
    out["pure_optimal"] = pure

    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "accounting-fixtures.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for c in rdp_cases:
        print("rdp q=%g sigma=%g steps=%d delta=%g: eps=%.11f order=%g" % (c["q"], c["sigma"], c["steps"], c["delta"], c["epsilon"], c["order"]))
    print("heterogeneous:", out["rdp_heterogeneous"]["epsilon"], out["rdp_heterogeneous"]["order"])
    for c in mp_cases:
        print("log_a q=%g sigma=%g a=%g: mp %.12g series %.12g rel %.2e" % (c["q"], c["sigma"], c["order"], c["log_a"], c["log_a_series"],
                                                                          abs(c["log_a"] - c["log_a_series"]) / max(1e-300, abs(c["log_a"]))))


if __name__ == "__main__":
    main()
