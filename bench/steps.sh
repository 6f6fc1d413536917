#!/usr/bin/env bash
# Sums the step times of a READINESS_DEBUG=1 log (load steps per file, report steps), largest first:
#   READINESS_DEBUG=1 readiness run ... 2> debug.log; bash bench/steps.sh debug.log
set -euo pipefail
awk '{
  step=""; took="";
  if (match($0, /step="[^"]*"/)) step=substr($0, RSTART+6, RLENGTH-7); else if (match($0, /step=[^ ]+/)) step=substr($0, RSTART+5, RLENGTH-5);
  if (match($0, /took=[^ ]+/)) took=substr($0, RSTART+5, RLENGTH-5);
  if (step=="" || took=="") next;
  s=took; v=0;
  if (s ~ /ms$/) v=substr(s,1,length(s)-2)/1000; else if (s ~ /µs$/) v=substr(s,1,length(s)-2)/1e6; else if (s ~ /[0-9]m[0-9]/) { split(s,a,"m"); v=a[1]*60+substr(a[2],1,length(a[2])-1) } else if (s ~ /s$/) v=substr(s,1,length(s)-1);
  t[step]+=v; n[step]++
} END { for (k in t) printf "%8.2f s %5d  %s\n", t[k], n[k], k }' "$1" | sort -rn
