#!/usr/bin/env bash
# National-scale benchmark: generates a quarter once, then times readiness end to end, the same
# job in pandas + openpyxl, and DuckDB alone on the CSV half; prints wall time, peak memory and
# the ratios, and writes them to $WORK/results.txt. See bench/README.md.
#   SCALE=1 (default: 1.5 million respondents x 60 items in 220 files, half CSV, half Excel)
#   SCALE=0.01 for a quick check. WORK=/path for the data (default /tmp/readiness-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${SCALE:-1}
WORK=${WORK:-/tmp/readiness-bench}
RESPONDENTS=$(awk "BEGIN { printf \"%d\", 1500000 * $SCALE }")
TRUSTS=$(awk "BEGIN { t = int(220 * $SCALE); if (t < 14) t = 14; if (t % 2) t++; print t }")
ITEMS=60

need() { dpkg -s "$1" >/dev/null 2>&1 || NEED="${NEED:-} $1"; }
need python3-pandas; need python3-openpyxl; need python3-yaml; need time
if [ -n "${NEED:-}" ]; then
  echo "== installing${NEED}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq $NEED >/dev/null
fi

echo "== building readiness"
go build -tags duckdb_arrow -o "$WORK/readiness" ./cmd/readiness 2>/dev/null || { mkdir -p "$WORK"; go build -tags duckdb_arrow -o "$WORK/readiness" ./cmd/readiness; }
R="$WORK/readiness"
DATA="$WORK/data"
# The data is generated once per size and seed and kept (REUSE=0 generates it again).
stamp="$RESPONDENTS x $ITEMS in $TRUSTS files, seed 1"
if [ "${REUSE:-1}" = 1 ] && [ -f "$DATA/.generated" ] && [ "$(cat "$DATA/.generated")" = "$stamp" ]; then
  echo "== reusing $DATA ($stamp)"
else
  rm -rf "$DATA"
  echo "== generating $RESPONDENTS respondents x $ITEMS items in $TRUSTS files"
  "$R" synth --respondents "$RESPONDENTS" --trusts "$TRUSTS" --items "$ITEMS" --formats csv,xlsx --out "$DATA" --seed 1
  echo "$stamp" > "$DATA/.generated"
fi
cells=$((RESPONDENTS * ITEMS))
csv_mb=$(du -cm "$DATA"/*.csv | tail -1 | cut -f1)
xlsx_mb=$(du -cm "$DATA"/*.xlsx | tail -1 | cut -f1)

# JOBS picks the jobs to time (default all); the figures of jobs not run this time are kept from
# the last run, so that one job can be timed again alone.
JOBS=${JOBS:-readiness readiness_csv_half pandas_openpyxl duckdb_csv_only}
want() { case " $JOBS " in *" $1 "*) return 0;; *) return 1;; esac; }

# measure NAME COMMAND...: wall seconds and peak resident memory (MB) of one command. A job that
# fails (the pandas baseline can run out of memory at full scale) is recorded as failed, with the
# time and memory it had used, and the run goes on.
measure() {
  local name=$1; shift
  want "$name" || return 0
  local status=ok
  /usr/bin/time -f "%e %M" -o "$WORK/$name.time" "$@" > "$WORK/$name.log" 2>&1 || status=failed
  if grep -q "signal 9" "$WORK/$name.time"; then status=killed; fi
  read -r secs kb < <(grep -v "^Command" "$WORK/$name.time")
  touch "$WORK/measures"
  grep -v "^$name " "$WORK/measures" > "$WORK/measures.new" || true
  printf "%s %s %d %s\n" "$name" "$secs" $((kb / 1024)) "$status" >> "$WORK/measures.new"
  mv "$WORK/measures.new" "$WORK/measures"
  printf "   %-28s %8.1f s %8d MB  %s\n" "$name" "$secs" $((kb / 1024)) "$status"
  if [ "$status" != ok ]; then tail -5 "$WORK/$name.log" | sed 's/^/     /'; fi
}
[ "$JOBS" = "readiness readiness_csv_half pandas_openpyxl duckdb_csv_only" ] && rm -f "$WORK/measures"
echo "== timing"
want readiness && rm -rf "$WORK/out"
want readiness_csv_half && rm -rf "$WORK/out-csv"
want pandas_openpyxl && rm -rf "$WORK/pandas"
measure readiness "$R" run --config "$DATA/readiness.yaml" --out "$WORK/out" --quiet
printf 'quarter: 2026Q3\ninputs:\n  - path: "*.csv"\nvocabularies:\n  organisations: [organisations.yaml]\n' > "$DATA/csv-only.yaml"
measure readiness_csv_half "$R" run --config "$DATA/csv-only.yaml" --out "$WORK/out-csv" --quiet --set formats=xlsx
# Reference data an analyst would have: the framework's badges and the vocabularies' aliases.
"$R" sql --warehouse "$WORK/out/readiness.duckdb" --format csv --out "$WORK/capabilities.csv" \
  "SELECT capability_id, domain_id, archetypes FROM capabilities"
"$R" sql --warehouse "$WORK/out/readiness.duckdb" --format csv --out "$WORK/aliases.csv" \
  "SELECT kind, alias_key, code FROM vocab_aliases"
measure pandas_openpyxl /usr/bin/python3 bench/baseline_pandas.py "$DATA" "$WORK/capabilities.csv" "$WORK/aliases.csv" "$WORK/pandas"
measure duckdb_csv_only "$R" sql --warehouse "$WORK/out/readiness.duckdb" --format csv --out "$WORK/duckdb_heatmap.csv" -- \
  "$(sed "s#DATA_DIR#$DATA#g" bench/duckdb_heatmap.sql)"

get() { awk -v n="$1" '$1 == n { print $2 }' "$WORK/measures"; }
status() { awk -v n="$1" '$1 == n { print $4 }' "$WORK/measures"; }
{
  echo "readiness national benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB"
  echo "data: $RESPONDENTS respondents x $ITEMS items = $cells answers in $TRUSTS files ($((TRUSTS / 2)) CSV, $csv_mb MB; $((TRUSTS / 2)) XLSX, $xlsx_mb MB)"
  echo
  printf "%-28s %10s %10s  %s\n" "job" "wall s" "peak MB" "status"
  awk '{ printf "%-28s %10.1f %10d  %s\n", $1, $2, $3, ($4 == "" ? "ok" : $4) }' "$WORK/measures"
  echo
  awk -v ours="$(get readiness)" -v pandas="$(get pandas_openpyxl)" -v pstatus="$(status pandas_openpyxl)" \
      -v half="$(get readiness_csv_half)" -v duck="$(get duckdb_csv_only)" -v cells="$cells" -v scale="$SCALE" 'BEGIN {
    if (ours > 0) printf "readiness: %.0f answers/s end to end\n", cells / ours
    if (pandas > 0 && ours > 0) {
      if (pstatus == "ok" || pstatus == "") printf "pandas+openpyxl / readiness: %.1fx (target at least 20x)\n", pandas / ours
      else printf "pandas+openpyxl / readiness: more than %.1fx (pandas %s after %.0f s without a result; target at least 20x)\n", pandas / ours, pstatus, pandas
    }
    if (half > 0 && duck > 0) printf "readiness on the CSV half / DuckDB alone: %.1fx (target at most 2x)\n", half / duck
    if (scale == 1) printf "1.5 million respondents in at most 60 s: %s (%.0f s)\n", (ours <= 60 ? "met" : "not met"), ours
    else printf "1.5 million respondents in at most 60 s: not judged at SCALE=%s (run SCALE=1)\n", scale
  }'
  echo
  echo "Heatmap check (profession x domain, all respondents, before suppression), first rows:"
  if [ -f "$WORK/duckdb_heatmap.csv" ]; then echo "  DuckDB alone:"; head -4 "$WORK/duckdb_heatmap.csv" | sed 's/^/    /'; fi
  if [ -f "$WORK/pandas/heatmap.csv" ]; then echo "  pandas:"; head -4 "$WORK/pandas/heatmap.csv" | sed 's/^/    /'; fi
} | tee "$WORK/results.txt"
echo "results: $WORK/results.txt"
