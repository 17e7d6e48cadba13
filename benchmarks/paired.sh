#!/bin/sh
# Paired wall-clock timing of two commands: the tool for every start-up claim on a machine whose
# speed drifts within minutes. Runs A and B alternately (A B A B ...), after untimed warm-up runs of
# each, and prints every pair, the medians of A and of B, and the median of the per-pair ratios B/A,
# for wall time and for CPU time (user + system, the command and its children). A pair's two runs
# are a second apart, so a drift in machine speed moves both and cancels in B/A.
#
# Usage: benchmarks/paired.sh [-n PAIRS] [-w WARMUP] 'COMMAND A' 'COMMAND B'
#   -n PAIRS   timed pairs (default 15, at least 10)
#   -w WARMUP  untimed runs of each command first (default 2): file cache, page cache, JIT of nothing
# Each command runs under `sh -c` with its output discarded; its exit code is shown per run (a
# command that fails does not stop the run, but is flagged). The load average is printed before
# and after: report it with the figures.
# Needs GNU date (nanoseconds) and awk.
set -eu

pairs=15
warmup=2
while getopts n:w: opt; do
  case "$opt" in
    n) pairs="$OPTARG" ;;
    w) warmup="$OPTARG" ;;
    *) echo "usage: $0 [-n PAIRS] [-w WARMUP] 'COMMAND A' 'COMMAND B'" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ "$#" -ne 2 ]; then
  echo "usage: $0 [-n PAIRS] [-w WARMUP] 'COMMAND A' 'COMMAND B'" >&2
  exit 2
fi
case "$pairs$warmup" in *[!0-9]*) echo "error: -n and -w take whole numbers" >&2; exit 2 ;; esac
if [ "$pairs" -lt 10 ]; then
  echo "error: at least 10 pairs (-n)" >&2
  exit 2
fi
case "$(date +%N)" in *N*|'') echo "error: date +%N unsupported (GNU date needed)" >&2; exit 2 ;; esac

cmd_a="$1"
cmd_b="$2"
results=$(mktemp)
trap 'rm -f "$results"' EXIT INT TERM

# Runs one command; prints "<wall seconds> <exit code> <CPU seconds>". CPU is user + system time of
# the command and its children, from the shell's `times` (its resolution is the shell's: 10 ms in
# dash, 1 ms in bash); under load it moves less than wall time, which waits for a core.
time_one() {
  t0=$(date +%s%N)
  cpu=$( (rc=0; sh -c "$1" >/dev/null 2>&1 </dev/null || rc=$?; echo "rc $rc"; times) )
  t1=$(date +%s%N)
  printf '%s\n' "$cpu" | awk -v a="$t0" -v b="$t1" '
    function secs(s,  m) { m = s; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", s); sub(/s$/, "", s); return m * 60 + s }
    $1 == "rc" { rc = $2; next }
    NF == 2 { line++; if (line == 2) cpu = secs($1) + secs($2) }
    END { printf "%.4f %d %.3f\n", (b - a) / 1e9, rc, cpu }'
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime; }

echo "A: $cmd_a"
echo "B: $cmd_b"
echo "load average before: $(loadavg)"
i=0
while [ "$i" -lt "$warmup" ]; do
  time_one "$cmd_a" >/dev/null
  time_one "$cmd_b" >/dev/null
  i=$((i + 1))
done

i=1
while [ "$i" -le "$pairs" ]; do
  # Alternate which command goes first, so neither always runs right after the other.
  if [ $((i % 2)) -eq 1 ]; then
    ra=$(time_one "$cmd_a"); rb=$(time_one "$cmd_b")
  else
    rb=$(time_one "$cmd_b"); ra=$(time_one "$cmd_a")
  fi
  echo "$i $ra $rb" >> "$results"
  echo "$i $ra $rb" | awk '{ printf "pair %2d  A %.3f s%s  B %.3f s%s  B/A %.3f   CPU A %.2f s  B %.2f s  B/A %.3f\n", $1, $2, ($3 ? " (exit " $3 ")" : ""), $5, ($6 ? " (exit " $6 ")" : ""), $5 / $2, $4, $7, ($4 > 0 ? $7 / $4 : 0) }'
  i=$((i + 1))
done
echo "load average after: $(loadavg)"

# Medians (of A, of B, of the per-pair ratios B/A); sort -g then pick the middle.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med_a=$(awk '{ print $2 }' "$results" | median)
med_b=$(awk '{ print $5 }' "$results" | median)
med_r=$(awk '{ print $5 / $2 }' "$results" | median)
cpu_a=$(awk '{ print $4 }' "$results" | median)
cpu_b=$(awk '{ print $7 }' "$results" | median)
cpu_r=$(awk '$4 > 0 { print $7 / $4 }' "$results" | median)
fails=$(awk '$3 != 0 || $6 != 0' "$results" | wc -l)
printf 'wall: median A %.3f s   median B %.3f s   median of per-pair B/A %.3f   (%d pairs' "$med_a" "$med_b" "$med_r" "$pairs"
if [ "$fails" -gt 0 ]; then
  printf ', %d with a non-zero exit' "$fails"
fi
printf ')\n'
printf 'CPU:  median A %.3f s   median B %.3f s   median of per-pair B/A %.3f\n' "$cpu_a" "$cpu_b" "${cpu_r:-0}"
