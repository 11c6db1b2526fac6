#!/usr/bin/env bash
# How plan's costs grow with the size of its input: each size doubles the last, so a ratio near 2 is linear
# and near 4 is quadratic. Prints the median of each run and its ratio to the size before it (same run).
#
#   apt-get install hyperfine             # once
#   bash benches/scale.sh                 # extract on 1, 2, 4 MB of text (two shapes); validate and load
#                                         # on one file of 2,500 to 20,000 tasks
#   PLAN=/path/to/other/plan bash benches/scale.sh   # time another build instead
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 2; }
if [ -z "${PLAN:-}" ]; then
  cargo build --release --quiet
  PLAN="$PWD/target/release/plan"
fi
WORK="${BENCH_DIR:-/tmp/plan-scale}"
rm -rf "$WORK"; mkdir -p "$WORK"
export PLAN_CONFIG=/dev/null

# One hyperfine run over the given commands; prints "label median ratio" for each, in order.
series() {
  local name=$1; shift
  local labels=() cmds=()
  while [ $# -gt 0 ]; do labels+=("$1"); cmds+=("$2"); shift 2; done
  hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$WORK/$name.json" "${cmds[@]}" >/dev/null
  python3 - "$WORK/$name.json" "$name" "${labels[@]}" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
name, labels = sys.argv[2], sys.argv[3:]
last = None
for label, r in zip(labels, results):
    m = r["median"]
    ratio = f"x{m / last:.2f}" if last else ""
    print(f"{name:<16} {label:>14} {m * 1000:>9.0f} ms  {ratio}")
    last = m
EOF
}

for shape in many long; do
  args=()
  for mb in 1 2 4; do
    python3 benches/gen_text.py "$WORK/$shape-$mb.txt" "$mb" "$shape"
    args+=("$mb MB" "$PLAN extract $WORK/$shape-$mb.txt -o $WORK/$shape-$mb.toml")
  done
  RUNS=3 series "extract-$shape" "${args[@]}"
done

validate=() load=()
for tasks in 2500 5000 10000 20000; do
  mkdir -p "$WORK/tasks-$tasks"
  python3 benches/gen_plans.py "$WORK/tasks-$tasks" 1 "$tasks"
  validate+=("$tasks tasks" "$PLAN validate $WORK/tasks-$tasks")
  load+=("$tasks tasks" "env PLAN_DB=$WORK/load-$tasks.db sh -c 'rm -f $WORK/load-$tasks.db*; $PLAN load $WORK/tasks-$tasks >/dev/null'")
done
series validate "${validate[@]}"
series load "${load[@]}"
