#!/usr/bin/env bash
# Benchmarks plan against the bare sqlite3 shell on the same store, for 1k / 10k / 100k tasks.
#
#   apt-get install sqlite3 hyperfine     # once
#   bash benches/bench.sh [SIZES...]      # default: 1000 10000 100000 (tasks; 100 per file)
#
# Prints the median of each command and its ratio to the matching sqlite3 command (same run, same store).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null && command -v sqlite3 >/dev/null || { echo "needs hyperfine and sqlite3 (apt-get install sqlite3 hyperfine)"; exit 2; }
cargo build --release --quiet
PLAN="$PWD/target/release/plan"
WORK="${BENCH_DIR:-/tmp/plan-bench}"
AS_OF=1/1/2025
SIZES=("${@:-1000 10000 100000}")
export PLAN_CONFIG=/dev/null
OVERDUE_SQL="SELECT t.plan_id, t.id, d.key, t.title, o.due, o.period, julianday('2025-01-01') - julianday(o.last_day)
  FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid JOIN tasks t ON t.rid = d.task_rid
  LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = d.key AND p.period = o.period
  WHERE o.last_day < '2025-01-01' AND NOT t.withdrawn AND NOT d.withdrawn AND p.done_on IS NULL
  ORDER BY o.last_day, t.plan_id, t.seq"
COUNT_SQL="SELECT EXISTS (SELECT 1 FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid
  JOIN tasks t ON t.rid = d.task_rid LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = d.key AND p.period = o.period
  WHERE o.last_day < '2025-01-01' AND NOT t.withdrawn AND NOT d.withdrawn AND p.done_on IS NULL)"
EXPORT_SQL="SELECT t.plan_id, t.id, d.key, t.title, o.due, o.period, p.done_on, p.evidence,
  (SELECT group_concat(u.name, '; ') FROM task_units tu JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
    WHERE tu.task_rid = t.rid AND tu.role = 'lead')
  FROM tasks t LEFT JOIN deadlines d ON d.task_rid = t.rid LEFT JOIN occurrences o ON o.deadline_rid = d.rid
  LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.key, '') AND p.period = coalesce(o.period, '')
  ORDER BY t.plan_id, t.seq, d.seq, o.due"

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(str(x['median']) for x in r))" "$1"; }

for tasks in ${SIZES[@]}; do
  files=$((tasks / 100))
  dir="$WORK/$tasks"; rm -rf "$dir"; mkdir -p "$dir"
  python3 benches/gen_plans.py "$dir/plans" "$files"
  export PLAN_DB="$dir/plan.db"
  "$PLAN" load "$dir/plans" >/dev/null
  # About 60% of the deadlines recorded done (most on time, some late), through plan's own history tables.
  sqlite3 "$PLAN_DB" "INSERT INTO events (task_rid, deadline_key, period, kind, on_date, recorded_at)
    SELECT d.task_rid, d.key, nullif(o.period, ''), 'done', date(o.last_day, CASE WHEN o.rowid % 5 = 0 THEN '+3 days' ELSE '-2 days' END), '2025-01-01T00:00:00+07:00'
    FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid WHERE o.rowid % 10 < 6 AND o.last_day < '2025-06-01';
    INSERT INTO progress (task_rid, deadline_key, period, done_on, last_on)
    SELECT task_rid, deadline_key, coalesce(period, ''), on_date, on_date FROM events;"
  sqlite3 "$PLAN_DB" .dump > "$dir/dump.sql"
  size=$(du -sh "$dir/plans" | cut -f1)
  rows=$( ("$PLAN" overdue --as-of $AS_OF --format tsv || true) | wc -l)
  echo "== $tasks tasks in $files files ($size of TOML); overdue rows: $((rows - 1))"
  touch_one="sed -i 's/title = \"Kế hoạch thực hiện/title = \"Kế hoạch  thực hiện/' $dir/plans/bench-0001.toml"
  hyperfine -N -i --warmup 2 --runs 10 --export-json "$dir/q.json" \
    "$PLAN overdue --as-of $AS_OF --format tsv" "sqlite3 -separator '	' $PLAN_DB \"$OVERDUE_SQL\"" \
    "$PLAN overdue --quiet --as-of $AS_OF" "sqlite3 $PLAN_DB \"$COUNT_SQL\"" \
    "$PLAN export --format csv --as-of $AS_OF" "sqlite3 -csv $PLAN_DB \"$EXPORT_SQL\"" \
    "$PLAN status --format tsv --as-of $AS_OF" \
    "$PLAN --version" "/bin/true" >/dev/null 2>&1 || true
  hyperfine -i --runs 5 --export-json "$dir/l.json" \
    --prepare "rm -f $dir/cold.db*" "PLAN_DB=$dir/cold.db $PLAN load $dir/plans" \
    --prepare "rm -f $dir/imp.db*" "sqlite3 $dir/imp.db < $dir/dump.sql" \
    --prepare "true" "$PLAN load $dir/plans" \
    --prepare "$touch_one" "$PLAN load $dir/plans" \
    --prepare "true" "$PLAN record bench-0002/1.1 --note bench --as-of $AS_OF" >/dev/null 2>&1 || true
  read -r ov ovs q qs ex exs st ver tru <<<"$(median "$dir/q.json")"
  read -r cold imp re one rec <<<"$(median "$dir/l.json")"
  python3 - "$ov" "$ovs" "$q" "$qs" "$ex" "$exs" "$st" "$ver" "$tru" "$cold" "$imp" "$re" "$one" "$rec" <<'PY'
import sys
ov, ovs, q, qs, ex, exs, st, ver, tru, cold, imp, re, one, rec = map(float, sys.argv[1:])
ms = lambda s: f"{s*1000:8.1f} ms"
print(f"  overdue --format tsv   {ms(ov)}  sqlite3 query  {ms(ovs)}  ratio {ov/ovs:5.2f} (target 1.5)")
print(f"  overdue --quiet        {ms(q)}  sqlite3 count  {ms(qs)}  ratio {q/qs:5.2f} (target 2)")
print(f"  record one event       {ms(rec)}  sqlite3 count  {ms(qs)}  ratio {rec/qs:5.2f} (target 2)")
print(f"  export --format csv    {ms(ex)}  sqlite3 -csv   {ms(exs)}  ratio {ex/exs:5.2f} (target 1.5)")
print(f"  status --format tsv    {ms(st)}")
print(f"  cold load              {ms(cold)}  sqlite3 import {ms(imp)}  ratio {cold/imp:5.2f} (target 2.5)")
print(f"  unchanged re-load      {ms(re)}  {re/cold*100:5.1f}% of cold (target 10%)")
print(f"  one changed file       {ms(one)}  {one/cold*100:5.1f}% of cold (target 5%)")
print(f"  plan --version         {ms(ver)}  /bin/true {ms(tru)}  difference {(ver-tru)*1000:5.2f} ms (target 2)")
PY
  for cmd in "overdue --as-of $AS_OF --format tsv" "export --format csv --as-of $AS_OF"; do
    kb=$( { /usr/bin/time -f %M "$PLAN" $cmd >/dev/null || true; } 2>&1 | tail -1)
    echo "  peak memory, $cmd: $((kb / 1024)) MiB (target 20)"
  done
done
