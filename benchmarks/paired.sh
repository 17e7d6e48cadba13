#!/bin/sh
# Paired wall-clock timing of two commands: the tool for every start-up claim on a machine whose
# speed drifts within minutes. Runs A and B alternately (A B A B ...), after untimed warm-up runs of
# each, and prints every pair, the medians of A and of B, and the median of the per-pair ratios B/A.
# A pair's two runs are seconds apart, so a drift in machine speed moves both and cancels in B/A.
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

# Runs one command; prints "<seconds> <exit code>".
time_one() {
  t0=$(date +%s%N)
  rc=0
  sh -c "$1" >/dev/null 2>&1 </dev/null || rc=$?
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v rc="$rc" 'BEGIN { printf "%.4f %d\n", (b - a) / 1e9, rc }'
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
  echo "$i $ra $rb" | awk '{ printf "pair %2d  A %.3f s%s  B %.3f s%s  B/A %.3f\n", $1, $2, ($3 ? " (exit " $3 ")" : ""), $4, ($5 ? " (exit " $5 ")" : ""), $4 / $2 }'
  i=$((i + 1))
done
echo "load average after: $(loadavg)"

# Medians (of A, of B, of the per-pair ratios B/A); sort -g then pick the middle.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
med_a=$(awk '{ print $2 }' "$results" | median)
med_b=$(awk '{ print $4 }' "$results" | median)
med_r=$(awk '{ print $4 / $2 }' "$results" | median)
fails=$(awk '$3 != 0 || $5 != 0' "$results" | wc -l)
printf 'median A %.3f s   median B %.3f s   median of per-pair B/A %.3f   (%d pairs' "$med_a" "$med_b" "$med_r" "$pairs"
if [ "$fails" -gt 0 ]; then
  printf ', %d with a non-zero exit' "$fails"
fi
printf ')\n'
