#!/usr/bin/env bash
# The pairing without quotas side by side on the same pairs: rmatch end to
# end (read, score, solve, certify, explain, write) and OR-Tools' C++
# min-cost flow (benches/peers/ortools_flow.py, its solve alone) on the
# pairs rmatch exports, in turn, RUNS times each. One Markdown row per
# roster; the last column says whether both found the same number of pairs
# and the same total score. Run it first on a new machine: the peer's times
# against BENCHMARKS.md's tell how much faster or slower the machine is.
#
#   python3 -m venv venv && venv/bin/pip install ortools numpy
#   PYTHON=venv/bin/python benches/peers/flows.sh 10000x20000/300 10000x10000/450 10000x10000
#
# A roster is SENIORSxJUNIORS (`rmatch generate`, default seed), or
# SENIORSxJUNIORS/CAP for the same roster made as sparse as the scale
# issue's (benches/peers/spread_topics.py with CAP; BENCHMARKS.md, "At the
# issue's own density"). The peer needs memory in proportion to the pairs
# (3.5 GB for the 17 M of 10000x10000).
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python3}
runs=${RUNS:-3}
cargo build --release --quiet --bin rmatch --example export_pairs
rmatch=target/release/rmatch
export_pairs=target/release/examples/export_pairs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo "| roster | allowed pairs | rmatch end to end: wall (median of $runs), peak | OR-Tools: solve alone (median of $runs) | same pairs and total score |"
echo "|---|---:|---|---|---|"
for spec in "$@"; do
  size=${spec%/*}
  seniors=${size%x*}; juniors=${size#*x}
  roster=$work/roster.csv
  "$rmatch" generate --seniors "$seniors" --juniors "$juniors" -o "$roster" --force
  if [ "$spec" != "$size" ]; then
    "$python" benches/peers/spread_topics.py "$roster" "$work/sparse.csv" "${spec#*/}" > /dev/null
    mv "$work/sparse.csv" "$roster"
  fi
  "$export_pairs" "$roster" > "$work/pairs.txt"
  allowed=$(head -n 1 "$work/pairs.txt" | awk '{ print $3 }')
  : > "$work/rmatch.times"
  : > "$work/peer.times"
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/time" "$rmatch" pair "$roster" \
      --format json --no-timing -q --force -o "$work/rmatch.json"
    cat "$work/time" >> "$work/rmatch.times"
    "$python" benches/peers/ortools_flow.py "$work/pairs.txt" | tail -n 1 > "$work/peer.out"
    awk '{ print $6 }' "$work/peer.out" >> "$work/peer.times"
  done
  wall=$(awk '{ print $1 }' "$work/rmatch.times" | median)
  peak=$(awk '{ print $2 }' "$work/rmatch.times" | sort -n | tail -n 1)
  peer=$(median < "$work/peer.times")
  same=$("$python" -c '
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
_, pairs, _, units, _, _ = open(sys.argv[2]).read().split()
ok = s["pairs"] == int(pairs) and abs(s["total_score"] - int(units) / 1e9) < 1e-4
print("yes" if ok else "no: rmatch %d pairs, %.4f; OR-Tools %s pairs, %.4f" % (s["pairs"], s["total_score"], pairs, int(units) / 1e9))
' "$work/rmatch.json" "$work/peer.out")
  echo "| $spec | $allowed | ${wall} s, $((peak / 1024)) MiB | ${peer} s | $same |"
done
