"""Almost Stochastic Order (del Barrio, Cuesta-Albertos & Matrán 2018; Dror, Shlomov & Reichart 2019) in NumPy, written
from the formulas in the form the deep-significance package (Ulmer et al. 2022, deepsig 1.2.8 `aso`) computes them, not
from Repro's code nor from deepsig's.

ε_W2(X, Y) on the grid t = dt, 2dt, … (< 1): with the empirical quantile Q(p) = sorted[ceil(n p) − 1] (clipped to the
sample) and d(t) = Q_Y(t) − Q_X(t), the share Σ_{t ≠ dt, d > 0} d² / Σ_t d² (0.5 when every d is 0), i.e. deepsig's
violation ratio with X = `scores_a`. ε_min = clip(ε_W2 − σ̂ / c · Φ⁻¹(1 − confidence), 0, 1), c = √(nm / (n + m)),
σ̂ the population standard deviation of c (ε_W2(X*, Y*) − ε_W2(X, Y)) over bootstrap samples X* = Q_X(U), U uniform,
where iteration i (1-based) seeds NumPy's global generator with seed + i and draws X*'s uniforms before Y*'s.

Command:
  readme   regenerates the score samples of the deep-significance README's examples (np.random.seed(1234)) and prints
           {"scenario1": case, "scenario3": [case, …], "scenario4": [case, …]}, a case being {"x", "y", "violation",
           "eps_min"} with ε_min computed as above with the README's arguments (x is `scores_a`, the suspected better).
           Scenario 3 is all 9 (x, y) pairs, scenario 4 the upper triangle (i < j) of multi_aso's matrix.
Everything is float64.
"""
import itertools
import json
import math
import sys
from statistics import NormalDist

import numpy as np

README_SEED = 1234


def quantile(scores, p):
    ordered = np.sort(np.asarray(scores, dtype=np.float64))
    index = np.ceil(len(ordered) * np.asarray(p, dtype=np.float64)).astype(np.int64) - 1
    return ordered[np.clip(index, 0, len(ordered) - 1)]


def violation_ratio(x, y, dt=0.005):
    count = math.ceil((1 - dt) / dt)
    t = np.array([dt + i * dt for i in range(count)])
    qx, qy = quantile(x, t), quantile(y, t)
    d = qy - qx
    total = float(np.sum(d * d * dt))
    if total == 0:
        return 0.5
    violated = np.where(qy > qx, d, 0.0)[1:]
    return float(np.sum(violated * violated * dt)) / total


def eps_min(x, y, seed, confidence=0.95, comparisons=1, iterations=1000, dt=0.005):
    if comparisons > 1:
        confidence += (1 - confidence) / comparisons
    observed = violation_ratio(x, y, dt)
    boot = []
    for i in range(1, iterations + 1):
        np.random.seed(seed + i)
        bx = quantile(x, np.random.uniform(0, 1, len(x)))
        by = quantile(y, np.random.uniform(0, 1, len(y)))
        boot.append(violation_ratio(bx, by, dt))
    c = math.sqrt(len(x) * len(y) / (len(x) + len(y)))
    sigma = float(np.std(c * (np.array(boot) - observed)))
    return float(np.clip(observed - sigma / c * NormalDist().inv_cdf(1 - confidence), 0, 1))


def case(x, y, **kwargs):
    return {"x": list(map(float, x)), "y": list(map(float, y)), "violation": violation_ratio(x, y),
            "eps_min": eps_min(x, y, README_SEED, **kwargs)}


def readme():
    np.random.seed(README_SEED)
    model, baseline = np.random.normal(0.9, 0.8, 5), np.random.normal(0, 1, 5)
    scenario1 = case(model, baseline)
    np.random.seed(README_SEED)
    models = [np.random.normal(0.3, 0.8, 40) for _ in range(3)]
    baselines = [np.random.normal(0, 1, 40) for _ in range(3)]
    scenario3 = [case(x, y, comparisons=9) for x, y in itertools.product(models, baselines)]
    np.random.seed(README_SEED)
    scores = [np.random.normal(loc, 0.8, 5) for loc in np.arange(0.1, 0.1 + 0.05 * 3, step=0.05)]
    scenario4 = [case(scores[i], scores[j], comparisons=3) for i, j in [(0, 1), (0, 2), (1, 2)]]
    return {"scenario1": scenario1, "scenario3": scenario3, "scenario4": scenario4}


if __name__ == "__main__":
    if sys.argv[1:] != ["readme"]:
        sys.exit(__doc__)
    json.dump(readme(), sys.stdout)
