#!/usr/bin/env bash
# The PostgreSQL column of the benchmarks: plan against a shared store beside bare psql on the same database,
# over loopback.
#
#   apt-get install postgresql hyperfine sqlite3 python3   # once
#   bash benches/bench_pg.sh [SIZES...]                    # default: 100000 (tasks; 100 per file)
#   PLAN_BENCH_POSTGRES=postgresql://postgres@127.0.0.1:5432/postgres bash benches/bench_pg.sh
#
# Without PLAN_BENCH_POSTGRES a throw-away server is started (.ci/postgres) and removed at the end. The store is
# the synthetic one of bench.sh (about 60% of the deadlines done), built in SQLite and copied whole into the
# database with plan backup postgresql://…. psql prints what plan prints (the columns of overdue --format tsv,
# lead unit names included), with the query plan runs, so a ratio is the cost of plan itself.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine sqlite3 psql python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install postgresql hyperfine sqlite3)"; exit 2; }
done
if [ -z "${PLAN:-}" ]; then
  cargo build --release --quiet
  PLAN="$PWD/target/release/plan"
fi
if [ -z "${PLAN_BENCH_POSTGRES:-}" ]; then
  read -r pg_dir PLAN_BENCH_POSTGRES < <(.ci/postgres)
  trap '.ci/postgres stop "$pg_dir"' EXIT
fi
WORK="${BENCH_DIR:-/tmp/plan-bench-pg}"
AS_OF=1/1/2025
SIZES=("${@:-100000}")
export PLAN_CONFIG=/dev/null
admin="$PLAN_BENCH_POSTGRES"
base="${admin%%\?*}"
base="${base%/*}"

LEADS="(SELECT string_agg(u.name, '; ' ORDER BY tu.seq) FROM task_units tu JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
    WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
  (SELECT string_agg(tu.unit_id, '; ' ORDER BY tu.seq) FROM task_units tu WHERE tu.task_rid = t.rid AND tu.role = 'lead')"
DUE="o.due, CASE WHEN o.assumed THEN 'assumed' ELSE o.rule END, d.wording, o.period"
OVERDUE_SQL="SELECT t.plan_id, t.id, d.key, t.title, $LEADS, $DUE, 'overdue',
  DATE '2025-01-01' - CAST(o.last_day AS date), NULL, NULL, p.percent, p.note, p.evidence
  FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid JOIN tasks t ON t.rid = d.task_rid
  LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.history_key, '')
       AND p.period = coalesce(o.period, '') AND p.member = ''
  WHERE o.earliest_last_day < '2025-01-01' AND NOT t.withdrawn AND NOT d.withdrawn
    AND (p.done_on IS NULL OR p.last_on > '2025-01-01')
  ORDER BY o.earliest_last_day, t.plan_id, t.seq, d.seq"
INSERT_SQL="INSERT INTO events (task_rid, deadline_key, kind, on_date, note, recorded_at)
  VALUES ((SELECT rid FROM tasks WHERE plan_id = 'bench-0002' AND id = '1.1'), NULL, 'note', '2025-01-01', 'bench',
          '2025-01-01T00:00:00+07:00')"

median() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results']; print(' '.join(str(x['median']) for x in r))" "$1"; }

for tasks in "${SIZES[@]}"; do
  files=$((tasks / 100))
  dir="$WORK/$tasks"; rm -rf "$dir"; mkdir -p "$dir"
  python3 benches/gen_plans.py "$dir/plans" "$files"
  lite="$dir/plan.db"
  PLAN_DB="$lite" "$PLAN" load "$dir/plans" >/dev/null
  # The events of bench.sh, and their summaries, written straight into the SQLite store.
  sqlite3 "$lite" "INSERT INTO events (task_rid, deadline_key, period, kind, on_date, recorded_at)
    SELECT d.task_rid, d.key, nullif(o.period, ''), 'done', date(o.last_day, CASE WHEN o.rowid % 5 = 0 THEN '+3 days' ELSE '-2 days' END), '2025-01-01T00:00:00+07:00'
    FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid WHERE o.rowid % 10 < 6 AND o.last_day < '2025-06-01';
    INSERT INTO progress (task_rid, deadline_key, period, done_on, last_on, first_on)
    SELECT task_rid, deadline_key, coalesce(period, ''), on_date, on_date, on_date FROM events;"
  db="bench_$tasks"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  url="$base/$db?sslmode=disable"
  start=$(date +%s.%N)
  "$PLAN" --db "$lite" backup "$url" 2>/dev/null
  copied=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
  psql -q "$url" -c "VACUUM ANALYZE"
  rows=$( ("$PLAN" --db "$url" overdue --as-of $AS_OF --format tsv || true) | wc -l)
  prows=$(psql -At -F '	' "$url" -c "$OVERDUE_SQL" | wc -l)
  echo "== $tasks tasks in $files files, copied into PostgreSQL in ${copied} s; overdue rows: plan $((rows - 1)), psql $prows"
  hyperfine -N -i --warmup 2 --runs 10 --export-json "$dir/q.json" \
    "$PLAN --db $url overdue --as-of $AS_OF --format tsv" \
    "psql -At -F '	' $url -c \"$OVERDUE_SQL\"" \
    "$PLAN --db $url record bench-0002/1.1 --note bench --as-of $AS_OF" \
    "psql -q $url -c \"$INSERT_SQL\"" >/dev/null 2>&1 || true
  read -r ov ovp rec ins <<<"$(median "$dir/q.json")"
  python3 - "$ov" "$ovp" "$rec" "$ins" <<'PY'
import sys
ov, ovp, rec, ins = map(float, sys.argv[1:])
ms = lambda s: f"{s*1000:8.1f} ms"
print(f"  overdue --format tsv   {ms(ov)}  psql query   {ms(ovp)}  ratio {ov/ovp:5.2f} (target 1.5)")
print(f"  record one event       {ms(rec)}  psql insert  {ms(ins)}  ratio {rec/ins:5.2f} (target 2)")
PY
  kb=$( { /usr/bin/time -f %M "$PLAN" --db "$url" overdue --as-of $AS_OF --format tsv >/dev/null || true; } 2>&1 | tail -1)
  echo "  peak memory, overdue --format tsv: $((kb / 1024)) MiB"
  psql -q "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
