"""OR-Tools' C++ min-cost flow on exactly the pairs and scores rmatch sees.

Reads the pairs written by
`cargo run --release --example export_pairs -- ROSTER > pairs.txt` (no quota
rules) and solves the pairing without quotas as OR-Tools'
`SimpleMinCostFlow.solve_max_flow_with_min_cost`: the most pairs, then the
least cost (cost = -score units), which is rmatch's default objective
(pairs, then score). Prints the pairs, the total score and the time of the
solve alone (building the network and reading the file are not counted).

    pip install ortools numpy
    python benches/peers/ortools_flow.py pairs.txt
"""

import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def main() -> None:
    with open(sys.argv[1], "rb") as f:
        n_s, n_j, n_pairs, n_quotas = (int(x) for x in f.readline().split())
        if n_quotas:
            sys.exit("quota rules are not supported here: export without them")
        senior_cap = np.array(f.readline().split(), dtype=np.int64)
        junior_cap = np.array(f.readline().split(), dtype=np.int64)
        body = np.array(f.read().split(), dtype=np.int64).reshape(n_pairs, 4)
    s, j, units = body[:, 0], body[:, 1], body[:, 2]
    source, sink = n_s + n_j, n_s + n_j + 1
    tails = np.concatenate([np.full(n_s, source), s, n_s + np.arange(n_j)])
    heads = np.concatenate([np.arange(n_s), n_s + j, np.full(n_j, sink)])
    caps = np.concatenate([senior_cap, np.ones(n_pairs, dtype=np.int64), junior_cap])
    costs = np.concatenate([np.zeros(n_s, dtype=np.int64), -units, np.zeros(n_j, dtype=np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    total = int(senior_cap.sum())
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    started = time.perf_counter()
    status = flow.solve_max_flow_with_min_cost()
    seconds = time.perf_counter() - started
    if status != flow.OPTIMAL:
        sys.exit(f"status {status}")
    print(f"pairs {flow.maximum_flow()} total_units {-flow.optimal_cost()} solve_seconds {seconds:.3f}")


if __name__ == "__main__":
    main()
