#!/usr/bin/env bash
# National-scale benchmark. Generates the quarter at each scale once (kept for the next run),
# then times readiness end to end at each scale, the pandas + openpyxl baseline at the smallest,
# and at the largest: readiness on the CSV half, DuckDB alone on the CSV half (the floor and the
# full heatmap), reading the files (cells/s on one core) and a warehouse of 8 quarters (load and
# report one). Prints wall time, peak memory, the ratios against the targets and the scaling, and
# writes them to $WORK/results.txt. See bench/README.md.
#   SCALES="0.1 0.5 1" (default; 1 = 1.5 million respondents x 60 items in 220 files, half CSV
#   and half Excel). SCALES=0.01 for a quick check. WORK=/path for the data (default
#   /tmp/readiness-bench). JOBS="..." times only some jobs (the others keep their last figures).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALES=${SCALES:-0.1 0.5 1}
WORK=${WORK:-/tmp/readiness-bench}
ITEMS=60
QUARTERS=8
read -r -a scales <<< "$SCALES"
small=${scales[0]}
large=${scales[${#scales[@]}-1]}
mkdir -p "$WORK"

need() { dpkg -s "$1" >/dev/null 2>&1 || NEED="${NEED:-} $1"; }
need python3-pandas; need python3-openpyxl; need python3-yaml; need time
if [ -n "${NEED:-}" ]; then
  echo "== installing${NEED}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $NEED >/dev/null
fi

echo "== building readiness and the DuckDB stand-in"
go build -tags duckdb_arrow -o "$WORK/readiness" ./cmd/readiness
go build -tags duckdb_arrow -o "$WORK/duckdb-bench" ./bench/duckdb
R="$WORK/readiness"

respondents() { awk "BEGIN { printf \"%d\", 1500000 * $1 }"; }
trusts() { awk "BEGIN { t = int(220 * $1); if (t < 14) t = 14; if (t % 2) t++; print t }"; }
# data SCALE: the quarter at that scale, generated once per size and seed (REUSE=0: again).
data() {
  local dir="$WORK/data-$1" stamp
  stamp="$(respondents "$1") x $ITEMS in $(trusts "$1") files, seed 1"
  if [ "${REUSE:-1}" = 1 ] && [ -f "$dir/.generated" ] && [ "$(cat "$dir/.generated")" = "$stamp" ]; then
    echo "== reusing $dir ($stamp)" >&2
  else
    rm -rf "$dir"
    echo "== generating $stamp" >&2
    "$R" synth --respondents "$(respondents "$1")" --trusts "$(trusts "$1")" --items "$ITEMS" --formats csv,xlsx \
      --out "$dir" --seed 1 >&2
    echo "$stamp" > "$dir/.generated"
  fi
  echo "$dir"
}

ALL="readiness pandas_openpyxl readiness_csv_half duckdb_floor duckdb_heatmap read_files quarters_8"
JOBS=${JOBS:-$ALL}
want() { case " $JOBS " in *" $1 "*) return 0;; *) return 1;; esac; }
M="$WORK/measures"
[ "$JOBS" = "$ALL" ] && rm -f "$M"
touch "$M"
# record NAME SECONDS MB STATUS: one line per job, replacing the job's last figures.
record() {
  grep -v "^$1 " "$M" > "$M.new" || true
  echo "$*" >> "$M.new"
  mv "$M.new" "$M"
}
# measure NAME COMMAND...: wall seconds and peak resident memory (MB) of one command. A job that
# fails (the pandas baseline can run out of memory) is recorded as failed, with the time and
# memory it had used, and the run goes on.
measure() {
  local name=$1; shift
  local status=ok secs kb
  /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" > "$WORK/$name.log" 2>&1 || status=failed
  if grep -q "signal 9" "$WORK/$name.time"; then status=killed; fi
  read -r secs kb < <(grep -v "^Command" "$WORK/$name.time")
  record "$name" "$secs" $((kb / 1024)) "$status"
  printf "   %-28s %8.1f s %8d MB  %s\n" "$name" "$secs" $((kb / 1024)) "$status"
  if [ "$status" != ok ]; then tail -5 "$WORK/$name.log" | sed 's/^/     /'; fi
}

echo "== timing"
for s in "${scales[@]}"; do
  D=$(data "$s")
  if want readiness; then
    rm -rf "$WORK/out-$s"
    measure "readiness@$s" "$R" run --config "$D/readiness.yaml" --out "$WORK/out-$s" --quiet
  fi
  if [ "$s" = "$small" ] && want pandas_openpyxl && [ -f "$WORK/out-$s/readiness.duckdb" ]; then
    # Reference data an analyst would have: the framework's badges and the vocabularies' aliases.
    "$R" sql --warehouse "$WORK/out-$s/readiness.duckdb" --format csv --out "$WORK/capabilities.csv" \
      "SELECT capability_id, domain_id, archetypes FROM capabilities"
    "$R" sql --warehouse "$WORK/out-$s/readiness.duckdb" --format csv --out "$WORK/aliases.csv" \
      "SELECT kind, alias_key, code FROM vocab_aliases"
    rm -rf "$WORK/pandas"
    measure "pandas_openpyxl@$s" /usr/bin/python3 bench/baseline_pandas.py "$D" "$WORK/capabilities.csv" "$WORK/aliases.csv" "$WORK/pandas"
  fi
done

D=$(data "$large")
printf 'quarter: 2026Q3\ninputs:\n  - path: "*.csv"\nvocabularies:\n  organisations: [organisations.yaml]\n' > "$D/csv-only.yaml"
if want readiness_csv_half; then
  rm -rf "$WORK/out-csv"
  measure "readiness_csv_half@$large" "$R" run --config "$D/csv-only.yaml" --out "$WORK/out-csv" --quiet --set formats=xlsx
fi
WH="$WORK/out-$large/readiness.duckdb"
[ -f "$WH" ] || WH="$WORK/out-csv/readiness.duckdb"
if want duckdb_floor; then
  measure "duckdb_floor@$large" "$WORK/duckdb-bench" -data "$D" -sql bench/duckdb_floor.sql -out "$WORK/duckdb_floor.csv"
fi
if want duckdb_heatmap; then
  measure "duckdb_heatmap@$large" "$WORK/duckdb-bench" -warehouse "$WH" -data "$D" -sql bench/duckdb_heatmap.sql -out "$WORK/duckdb_heatmap.csv"
fi
if want read_files; then
  # The readers alone, on one core: every cell of every file, opening included.
  READINESS_BENCH_DATA="$D" go test -tags duckdb_arrow -run '^$' -bench '^BenchmarkRead(XLSX|CSV)$' -benchtime 1x -cpu 1 ./pipeline \
    > "$WORK/read_files.log" 2>&1 || { echo "   read_files failed"; tail -5 "$WORK/read_files.log"; }
  for f in XLSX CSV; do
    rate=$(awk -v f="BenchmarkRead$f" '$1 == f { for (i = 2; i < NF; i++) if ($(i+1) == "cells/s") print $i }' "$WORK/read_files.log")
    secs=$(awk -v f="BenchmarkRead$f" '$1 == f { print $3 / 1e9 }' "$WORK/read_files.log")
    [ -n "$rate" ] && record "read_$(echo $f | tr A-Z a-z)@$large" "$secs" 0 "ok" "$rate" && \
      printf "   %-28s %8.1f s  %12.0f cells/s on one core\n" "read_$(echo $f | tr A-Z a-z)@$large" "$secs" "$rate"
  done
fi
if want quarters_8; then
  # The quarter loaded as each of 8 quarters into one warehouse (a config per quarter that
  # relabels the files; run with no report format), then a report of the last quarter, every
  # format, as a planner runs it.
  Q8="$WORK/q8"
  rm -rf "$Q8"; mkdir -p "$Q8"
  qs="2025Q4 2026Q1 2026Q2 2026Q3 2026Q4 2027Q1 2027Q2 2027Q3"
  start=$(date +%s.%N)
  status=ok
  for q in $qs; do
    printf 'quarter: %s\ninputs:\n  - path: "%s/*.csv"\n    quarter: %s\n  - path: "%s/*.xlsx"\n    quarter: %s\nvocabularies:\n  organisations: [%s/organisations.yaml]\n' \
      "$q" "$D" "$q" "$D" "$q" "$D" > "$Q8/$q.yaml"
    rc=0
    "$R" run --config "$Q8/$q.yaml" --out "$Q8" --set formats= --quiet > "$Q8/ingest-$q.log" 2>&1 || rc=$?
    if [ "$rc" -gt 1 ]; then status=failed; tail -3 "$Q8/ingest-$q.log"; fi # 1: some rows rejected
  done
  record "ingest_8_quarters@$large" "$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')" 0 "$status"
  printf "   %-28s %8.1f s\n" "ingest_8_quarters@$large" "$(awk -v n="ingest_8_quarters@$large" '$1 == n { print $2 }' "$M")"
  measure "report_of_8_quarters@$large" "$R" report --config "$Q8/2027Q3.yaml" --warehouse "$Q8/readiness.duckdb" --out "$Q8/out" --quiet
fi

get() { awk -v n="$1" '$1 == n { print $2 }' "$M"; }
{
  echo "readiness national benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  for s in "${scales[@]}"; do
    d="$WORK/data-$s"
    [ -d "$d" ] || continue
    echo "data@$s: $(respondents "$s") respondents x $ITEMS items = $(( $(respondents "$s") * ITEMS )) answers in $(trusts "$s") files" \
      "($(ls "$d"/*.csv | wc -l) CSV, $(du -cm "$d"/*.csv | tail -1 | cut -f1) MB; $(ls "$d"/*.xlsx | wc -l) XLSX, $(du -cm "$d"/*.xlsx | tail -1 | cut -f1) MB)"
  done
  echo
  printf "%-28s %10s %10s  %s\n" "job" "wall s" "peak MB" "status"
  sort "$M" | awk '{ printf "%-28s %10.1f %10s  %s%s\n", $1, $2, ($3 == 0 ? "-" : $3), $4, ($5 != "" ? sprintf(" (%.0f cells/s)", $5) : "") }'
  echo
  echo "Targets:"
  awk -v ours="$(get "readiness@$large")" -v large="$large" -v cells="$(( $(respondents "$large") * ITEMS ))" 'BEGIN {
    if (ours > 0) printf "  readiness@%s: %.0f answers/s end to end\n", large, cells / ours
    if (large == 1 && ours > 0) printf "  national quarter in at most 60 s: %s (%.1f s)\n", (ours <= 60 ? "met" : "not met"), ours
    else printf "  national quarter in at most 60 s: not judged (the largest scale is %s; run with 1)\n", large }'
  awk -v ours="$(get "readiness@$small")" -v pandas="$(get "pandas_openpyxl@$small")" -v st="$(awk -v n="pandas_openpyxl@$small" '$1 == n { print $4 }' "$M")" -v s="$small" 'BEGIN {
    if (ours > 0 && pandas > 0) {
      if (st == "ok") printf "  pandas+openpyxl / readiness at scale %s: %.1fx (target at least 20x at 0.1): %s\n", s, pandas / ours, (pandas / ours >= 20 ? "met" : "not met")
      else printf "  pandas+openpyxl / readiness at scale %s: more than %.1fx (pandas %s after %.0f s; target at least 20x)\n", s, pandas / ours, st, pandas
    } }'
  awk -v half="$(get "readiness_csv_half@$large")" -v floor="$(get "duckdb_floor@$large")" -v heat="$(get "duckdb_heatmap@$large")" 'BEGIN {
    if (half > 0 && floor > 0) printf "  readiness on the CSV half / DuckDB floor: %.2fx (target at most 1.5x): %s\n", half / floor, (half / floor <= 1.5 ? "met" : "not met")
    if (half > 0 && heat > 0) printf "  readiness on the CSV half / DuckDB alone computing the heatmap: %.2fx\n", half / heat }'
  awk -v rate="$(awk -v n="read_xlsx@$large" '$1 == n { print $5 }' "$M")" 'BEGIN {
    if (rate > 0) printf "  Excel whole-file reading: %.2f million cells/s on one core (target at least 2.5): %s\n", rate / 1e6, (rate >= 2.5e6 ? "met" : "not met") }'
  awk -v rep="$(get "report_of_8_quarters@$large")" 'BEGIN {
    if (rep > 0) printf "  report of a quarter from a warehouse of 8 quarters: %.1f s (target under 10 s): %s\n", rep, (rep < 10 ? "met" : "not met") }'
  echo
  echo "Scaling (readiness run, every report; cost per file and per answer):"
  printf "  %-8s %10s %8s %12s %14s %14s\n" "scale" "answers" "files" "wall s" "ms per file" "s per M answers"
  for s in "${scales[@]}"; do
    t=$(get "readiness@$s"); [ -n "$t" ] || continue
    a=$(( $(respondents "$s") * ITEMS )); f=$(trusts "$s")
    awk -v s="$s" -v a="$a" -v f="$f" -v t="$t" 'BEGIN { printf "  %-8s %10d %8d %12.1f %14.0f %14.2f\n", s, a, f, t, 1000 * t / f, t / (a / 1e6) }'
  done
  # A straight line through the scales: fixed cost and cost per answer (files grow with answers).
  for s in "${scales[@]}"; do t=$(get "readiness@$s"); [ -n "$t" ] && echo "$(( $(respondents "$s") * ITEMS )) $t"; done | awk '
    { x[NR] = $1 / 1e6; y[NR] = $2; sx += x[NR]; sy += y[NR] }
    END { if (NR < 2) exit; mx = sx / NR; my = sy / NR
      for (i = 1; i <= NR; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ^ 2 }
      b = sxy / sxx; a = my - b * mx
      printf "  fit: %.1f s + %.2f s per million answers (about %.0f ms per file of 6,800 staff)\n", a, b, b * 6818 * 60 / 1e6 * 1000
      printf "  predicted: 2x the staff (180 M answers) %.0f s\n", a + b * 180 }'
  awk -v t="$(get "ingest_8_quarters@$large")" -v q="$QUARTERS" 'BEGIN {
    if (t > 0) printf "  %d quarters loaded one after another into one warehouse: %.0f s, %.0f s per quarter (each run also computes its report figures over every quarter loaded so far)\n", q, t, t / q }'
  echo
  echo "Heatmap check (profession x domain, all respondents, before suppression), first rows:"
  if [ -f "$WORK/duckdb_heatmap.csv" ]; then echo "  DuckDB alone:"; head -4 "$WORK/duckdb_heatmap.csv" | sed 's/^/    /'; fi
  if [ -f "$WORK/pandas/heatmap.csv" ]; then echo "  pandas:"; head -4 "$WORK/pandas/heatmap.csv" | sed 's/^/    /'; fi
} | tee "$WORK/results.txt"
echo "results: $WORK/results.txt"
