#!/usr/bin/env bash
# Benchmarks plan against the bare sqlite3 shell on the same store, for 1k / 10k / 100k tasks.
#
#   apt-get install sqlite3 hyperfine     # once
#   bash benches/bench.sh [SIZES...]      # default: 1000 10000 100000 (tasks; 100 per file)
#   PLAN=/path/to/other/plan bash benches/bench.sh 100000   # time another build (say, the last release) instead
#
# Prints the median of each command and its ratio to the matching sqlite3 command (same run, same store).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null && command -v sqlite3 >/dev/null || { echo "needs hyperfine and sqlite3 (apt-get install sqlite3 hyperfine)"; exit 2; }
if [ -z "${PLAN:-}" ]; then
  cargo build --release --quiet
  PLAN="$PWD/target/release/plan"
fi
WORK="${BENCH_DIR:-/tmp/plan-bench}"
AS_OF=1/1/2025
SIZES=("${@:-1000 10000 100000}")
export PLAN_CONFIG=/dev/null
# The sqlite3 side prints what plan prints (the 17 columns of --format tsv, unit names included), so that the
# ratio is the cost of plan itself. SQLite picks its own plan for these; *_SCAN_SQL is the same query kept off the
# date index (plan's own choice, see src/store/stream.rs), shown for reference.
LEADS="(SELECT group_concat(u.name, '; ') FROM task_units tu JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
    WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
  (SELECT group_concat(tu.unit_id, '; ') FROM task_units tu WHERE tu.task_rid = t.rid AND tu.role = 'lead')"
DUE="o.due, CASE WHEN o.assumed THEN 'assumed' ELSE o.rule END, d.wording, o.period"
OVERDUE_SQL="SELECT t.plan_id, t.id, d.key, t.title, $LEADS, $DUE, 'overdue',
  julianday('2025-01-01') - julianday(o.last_day), NULL, NULL, p.percent, p.note, p.evidence
  FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid JOIN tasks t ON t.rid = d.task_rid
  LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = d.key AND p.period = o.period
  WHERE o.last_day < '2025-01-01' AND NOT t.withdrawn AND NOT d.withdrawn AND (p.done_on IS NULL OR p.done_on > '2025-01-01')
  ORDER BY o.last_day, t.plan_id, t.seq"
OVERDUE_SCAN_SQL="${OVERDUE_SQL/WHERE o.last_day/WHERE +o.last_day}"
OVERDUE_SCAN_SQL="${OVERDUE_SCAN_SQL/ORDER BY o.last_day/ORDER BY +o.last_day}"
COUNT_SQL="SELECT EXISTS (SELECT 1 FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid
  JOIN tasks t ON t.rid = d.task_rid LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = d.key AND p.period = o.period
  WHERE o.last_day < '2025-01-01' AND NOT t.withdrawn AND NOT d.withdrawn AND (p.done_on IS NULL OR p.done_on > '2025-01-01'))"
EXPORT_SQL="SELECT t.plan_id, t.id, d.key, t.title, $LEADS, $DUE,
  CASE WHEN o.due IS NULL THEN 'ongoing' WHEN p.done_on IS NULL AND o.last_day < '2025-01-01' THEN 'overdue'
    WHEN p.done_on IS NULL THEN 'open' WHEN p.done_on <= o.last_day THEN 'done_on_time' ELSE 'done_late' END,
  julianday('2025-01-01') - julianday(o.last_day), julianday(o.last_day) - julianday('2025-01-01'),
  p.done_on, p.percent, p.note, p.evidence
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
  # About 60% of the deadlines recorded done (most on time, some late), written straight into plan's history
  # and the summary it keeps of it (one event an occurrence: done on, first and last event on that day), since
  # 60,000 runs of plan record would take minutes.
  sqlite3 "$PLAN_DB" "INSERT INTO events (task_rid, deadline_key, period, kind, on_date, recorded_at)
    SELECT d.task_rid, d.key, nullif(o.period, ''), 'done', date(o.last_day, CASE WHEN o.rowid % 5 = 0 THEN '+3 days' ELSE '-2 days' END), '2025-01-01T00:00:00+07:00'
    FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid WHERE o.rowid % 10 < 6 AND o.last_day < '2025-06-01';
    INSERT INTO progress (task_rid, deadline_key, period, done_on, last_on, first_on)
    SELECT task_rid, deadline_key, coalesce(period, ''), on_date, on_date, on_date FROM events;"
  sqlite3 "$PLAN_DB" .dump > "$dir/dump.sql"
  size=$(du -sh "$dir/plans" | cut -f1)
  rows=$( ("$PLAN" overdue --as-of $AS_OF --format tsv || true) | wc -l)
  echo "== $tasks tasks in $files files ($size of TOML); overdue rows: $((rows - 1))"
  touch_one="sed -i 's/title = \"Kế hoạch thực hiện/title = \"Kế hoạch  thực hiện/' $dir/plans/bench-0001.toml"
  hyperfine -N -i --warmup 2 --runs 10 --export-json "$dir/q.json" \
    "$PLAN overdue --as-of $AS_OF --format tsv" "sqlite3 -separator '	' $PLAN_DB \"$OVERDUE_SQL\"" \
    "sqlite3 -separator '	' $PLAN_DB \"$OVERDUE_SCAN_SQL\"" \
    "$PLAN overdue --quiet --as-of $AS_OF" "sqlite3 $PLAN_DB \"$COUNT_SQL\"" \
    "$PLAN export --format csv --as-of $AS_OF" "sqlite3 -csv $PLAN_DB \"$EXPORT_SQL\"" \
    "$PLAN status --format tsv --as-of $AS_OF" \
    "$PLAN --version" "/bin/true" \
    "$PLAN record bench-0002/1.1 --note bench --as-of $AS_OF" >/dev/null 2>&1 || true
  hyperfine -i --runs 5 --export-json "$dir/l.json" \
    --prepare "rm -f $dir/cold.db*" "PLAN_DB=$dir/cold.db $PLAN load $dir/plans" \
    --prepare "rm -f $dir/imp.db*" "sqlite3 $dir/imp.db < $dir/dump.sql" \
    --prepare "true" "$PLAN load $dir/plans" \
    --prepare "$touch_one" "$PLAN load $dir/plans" >/dev/null 2>&1 || true
  read -r ov ovs ovt q qs ex exs st ver tru rec <<<"$(median "$dir/q.json")"
  read -r cold imp re one <<<"$(median "$dir/l.json")"
  python3 - "$ov" "$ovs" "$ovt" "$q" "$qs" "$ex" "$exs" "$st" "$ver" "$tru" "$cold" "$imp" "$re" "$one" "$rec" <<'PY'
import sys
ov, ovs, ovt, q, qs, ex, exs, st, ver, tru, cold, imp, re, one, rec = map(float, sys.argv[1:])
ms = lambda s: f"{s*1000:8.1f} ms"
print(f"  overdue --format tsv   {ms(ov)}  sqlite3 query  {ms(ovs)}  ratio {ov/ovs:5.2f} (target 1.5)")
print(f"    (reference: sqlite3, the same query in table order {ms(ovt)}; plan takes {ov/ovt:4.2f}x that)")
print(f"  overdue --quiet        {ms(q)}  sqlite3 count  {ms(qs)}  ratio {q/qs:5.2f} (target 2)")
print(f"  record one event       {ms(rec)}  sqlite3 count  {ms(qs)}  ratio {rec/qs:5.2f} (target 2)")
print(f"  export --format csv    {ms(ex)}  sqlite3 -csv   {ms(exs)}  ratio {ex/exs:5.2f} (target 1.5)")
print(f"  status --format tsv    {ms(st)}")
print(f"  cold load              {ms(cold)}  sqlite3 import {ms(imp)}  ratio {cold/imp:5.2f} (target 2.5)")
print(f"  unchanged re-load      {ms(re)}  {re/cold*100:5.1f}% of cold (target 10%)")
print(f"  one changed file       {ms(one)}  {one/cold*100:5.1f}% of cold (target 5%)")
print(f"  plan --version         {ms(ver)}  /bin/true {ms(tru)}  difference {(ver-tru)*1000:5.2f} ms (target 2)")
PY
  for cmd in "overdue --as-of $AS_OF --format tsv" "export --format csv --as-of $AS_OF" \
      "export --format csv --as-of $AS_OF -o $dir/export.csv"; do
    kb=$( { /usr/bin/time -f %M "$PLAN" $cmd >/dev/null || true; } 2>&1 | tail -1)
    echo "  peak memory, $cmd: $((kb / 1024)) MiB (target 20)"
  done
done
