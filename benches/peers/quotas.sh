#!/usr/bin/env bash
# Quotas side by side on the same pairs: rmatch's exact search, rmatch's
# integer-program backend (good_lp + microlp) given the same time, and an
# exact MIP solver (HiGHS, benches/peers/highs_quota.py) on the pairs rmatch
# exports. One Markdown row per roster and rule set.
#
#   python3 -m venv venv && venv/bin/pip install highspy numpy
#   PYTHON=venv/bin/python benches/peers/quotas.sh 250x500 2000x4000
#
# Times are whole runs of the binary by /usr/bin/time (read, score, solve,
# explain, write). HIGHS_LIMIT=0 leaves HiGHS out (it needs memory in
# proportion to the pairs). Sizes: SENIORSxJUNIORS; rosters are
# `rmatch generate --dominant-department 55` (seed 1).
set -euo pipefail
cd "$(dirname "$0")/../.."
python=${PYTHON:-python3}
highs_limit=${HIGHS_LIMIT:-600}
cargo build --release --quiet --bin rmatch --example export_pairs
rmatch=target/release/rmatch
export_pairs=target/release/examples/export_pairs
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rules=(
  "--max-same department=0.1"
  "--max-same department=0.05"
  "--fair generation"
  "--fair department=0.02"
  "--max-same location=0.05 --fair department"
)
summary() { # json file -> "pairs score status"
  "$python" -c 'import json,sys; s=json.load(open(sys.argv[1]))["summary"]; print(s["pairs"], "%.4f" % s["total_score"], s["status"].replace(" ", "_"))' "$1"
}
echo "| roster | rules | rmatch: pairs, total score, status | rmatch: wall, peak RSS | good_lp IP in that time | HiGHS: pairs, total score, status | HiGHS: solve |"
echo "|---|---|---|---|---|---|---|"
for size in "$@"; do
  seniors=${size%x*}; juniors=${size#*x}
  roster=$work/$size.csv
  "$rmatch" generate --seniors "$seniors" --juniors "$juniors" --dominant-department 55 -o "$roster"
  for rule in "${rules[@]}"; do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %M" -o "$work/time" "$rmatch" pair "$roster" $rule \
      --format json --no-timing -q -o "$work/rmatch.json"
    read -r wall kb < "$work/time"
    read -r pairs score status < <(summary "$work/rmatch.json")
    limit=$(awk -v w="$wall" 'BEGIN { l = w < 0.1 ? 0.1 : w; printf "%.2f", l }')
    # shellcheck disable=SC2086
    if "$rmatch" pair "$roster" $rule --solver ip --time-limit "$limit" \
        --format json --no-timing -q -o "$work/ip.json" 2> "$work/ip.err"; then
      ip=$(summary "$work/ip.json" | tr ' ' ',')
    else
      ip="failed: $(head -c 80 "$work/ip.err")"
    fi
    if [ "$highs_limit" = 0 ]; then
      echo "| $size | \`$rule\` | $pairs, $score, $status | ${wall} s, $((kb / 1024)) MiB | $ip | not run | |"
      continue
    fi
    # shellcheck disable=SC2086
    "$export_pairs" "$roster" $rule > "$work/pairs.txt"
    highs=$("$python" benches/peers/highs_quota.py "$work/pairs.txt" "$highs_limit" | tail -n 1)
    read -r hp hs hstat hsec < <(echo "$highs" | "$python" -c 'import json,sys; h=json.loads(sys.stdin.read()); print(h["pairs"], "%.4f" % h["total_score"], h["status"].replace(" ", "_"), h["seconds"])')
    echo "| $size | \`$rule\` | $pairs, $score, $status | ${wall} s, $((kb / 1024)) MiB | $ip | $hp, $hs, $hstat | ${hsec} s |"
  done
done
