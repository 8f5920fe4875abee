#!/usr/bin/env python3
"""The quota problem rmatch solves, given to an exact MIP solver (HiGHS).

Reads the allowed pairs written by `cargo run --release --example
export_pairs -- ROSTER RULES...` and solves the same integer program rmatch
does: at most each person's capacity, for every quota
min_share * n - 1e-7 <= pairs in its group <= max_share * n + 1e-7 with n
the number of pairs, the most pairs first, then the highest total score
among pairings with that many. HiGHS's relative gap is set to 0, so
"optimal" is exact (to HiGHS's feasibility tolerance). Prints one JSON
line: pairs, total score (exact units summed over the chosen pairs),
status, seconds (model building and both solves), and the dual bound.

Needs `pip install highspy numpy` (a venv); rmatch's tests never run this.
"""
import json
import sys
import time

import highspy
import numpy as np


def load(path):
    with open(path) as f:
        n_s, n_j, m, n_q = map(int, f.readline().split())
        quotas = []
        for _ in range(n_q):
            lo, hi, rule = f.readline().split()
            quotas.append((float(lo), float(hi), rule))
        senior_cap = list(map(int, f.readline().split()))
        junior_cap = list(map(int, f.readline().split()))
        pairs = np.loadtxt(f, dtype=np.int64, ndmin=2) if m else np.zeros((0, 4), np.int64)
    return quotas, senior_cap, junior_cap, pairs


def solve(path, time_limit):
    quotas, senior_cap, junior_cap, pairs = load(path)
    started = time.time()
    m = len(pairs)
    s, j, units, groups = pairs[:, 0], pairs[:, 1], pairs[:, 2], pairs[:, 3]
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", float(time_limit))
    inf = highspy.kHighsInf
    every = np.arange(m, dtype=np.int32)
    h.addVars(m, np.zeros(m), np.ones(m))
    h.changeColsIntegrality(m, every, np.ones(m, dtype=np.uint8))
    for side, caps in ((s, senior_cap), (j, junior_cap)):
        order = np.argsort(side, kind="stable")
        starts = np.searchsorted(side[order], np.arange(len(caps) + 1))
        for p, cap in enumerate(caps):
            cols = order[starts[p]:starts[p + 1]].astype(np.int32)
            if len(cols):
                h.addRow(-inf, cap, len(cols), cols, np.ones(len(cols)))
    slack = 1e-7
    for q, (lo, hi, _) in enumerate(quotas):
        member = ((groups >> q) & 1).astype(float)
        if hi < 1.0:
            h.addRow(-inf, slack, m, every, member - hi)
        if lo > 0.0:
            h.addRow(-slack, inf, m, every, member - lo)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    # Stage 1: the most pairs.
    h.changeColsCost(m, every, np.ones(m))
    h.run()
    most = round(h.getInfo().objective_function_value)
    stage1 = h.getModelStatus()
    # Stage 2: the best total score with that many.
    h.addRow(most - 0.5, inf, m, every, np.ones(m))
    h.changeColsCost(m, every, units.astype(float) / 1e9)
    h.run()
    chosen = np.array(h.getSolution().col_value) > 0.5
    info = h.getInfo()
    return {
        "pairs": int(chosen.sum()),
        "units": int(units[chosen].sum()),
        "total_score": round(int(units[chosen].sum()) / 1e9, 4),
        "status": str(h.getModelStatus()).split(".")[-1] + ("" if stage1 == h.getModelStatus() else f" (pairs stage {str(stage1).split('.')[-1]})"),
        "seconds": round(time.time() - started, 3),
        "score_bound": info.mip_dual_bound,
    }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: highs_quota.py PAIRS.txt [TIME_LIMIT_SECONDS]")
    print(json.dumps(solve(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else 600)))
