#!/usr/bin/python3
"""Golden values for SharpeInferenceTest, computed independently of the service's Java code.

Moments with numpy; the normal CDF with math.erf and its inverse with statistics.NormalDist (Wichura's AS241), both
from Python's standard library. Formulas: Bailey & Lopez de Prado 2012 (PSR) and 2014 (DSR); every Sharpe ratio is
per period (per day), not annualised, and the trials' variance is in the same unit.

Inputs:  daily-returns.csv  (policy,date,daily_return) -- the service's own daily returns of two demo policies over
         the synthetic demo market 2025-07-01..2026-06-30 (see SharpeInferenceTest, which checks they still match).
Output:  golden.csv         one row per case.
Run:     cd src/test/resources/selection && /usr/bin/python3 golden.py
"""
import csv
import math
from statistics import NormalDist

import numpy as np

EULER_GAMMA = 0.5772156649015329
PHI = NormalDist()


def cdf(x):
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def moments(x):
    x = np.asarray(x, dtype=np.float64)
    d = x - x.mean()
    m2, m3, m4 = (d ** 2).mean(), (d ** 3).mean(), (d ** 4).mean()
    return len(x), x.mean() / x.std(ddof=1), m3 / m2 ** 1.5, m4 / m2 ** 2


def psr(sr, t, skew, kurt, benchmark):
    return cdf((sr - benchmark) * math.sqrt(t - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr ** 2))


def expected_max(n, variance):
    if n == 1:
        return 0.0
    return math.sqrt(variance) * ((1 - EULER_GAMMA) * PHI.inv_cdf(1 - 1 / n)
                                  + EULER_GAMMA * PHI.inv_cdf(1 - 1 / (n * math.e)))


rows = []
# Bailey & Lopez de Prado 2014, numerical example: annualised SR 2.5 over T = 1250 daily returns (250 a year),
# N = 100 trials whose annualised Sharpe ratios have variance 1/2, skewness -3, kurtosis 10.
# Per day: SR = 2.5 / sqrt(250), V = 0.5 / 250. The paper reports SR0 = 0.1132 (per day) and DSR = 0.9004.
sr, t, skew, kurt, n, v = 2.5 / math.sqrt(250), 1250, -3.0, 10.0, 100, 0.5 / 250
sr0 = expected_max(n, v)
rows.append(["paper_2014", n, v, t, sr, skew, kurt, psr(sr, t, skew, kurt, 0.0), sr0, psr(sr, t, skew, kurt, sr0)])

returns = {}
with open("daily-returns.csv") as f:
    for r in csv.DictReader(f):
        returns.setdefault(r["policy"], []).append(float(r["daily_return"]))
for policy in sorted(returns):
    t, sr, skew, kurt = moments(returns[policy])
    for n, v in [(1, 0.0), (10, 0.002), (40, 0.002), (40, 0.0005), (1000, 0.002)]:
        sr0 = expected_max(n, v)
        rows.append([policy, n, v, t, sr, skew, kurt, psr(sr, t, skew, kurt, 0.0), sr0, psr(sr, t, skew, kurt, sr0)])

with open("golden.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["case", "trials", "variance", "observations", "sharpe", "skewness", "kurtosis", "psr",
                "expected_max_sharpe", "dsr"])
    for r in rows:
        w.writerow([repr(x) if isinstance(x, float) else x for x in r])
