#!/usr/bin/env bash
# Paired benchmark: `streamlab stream FILE --interval 0` (default flags, stdout redirected to a file) against the
# course's Python loop on the same generated file, alternating, REPS times each. Prints the median wall time and the
# median peak RSS of each, from /usr/bin/time -v.
#
# Usage: src/jmh/scripts/stream-vs-python.sh CLASSPATH [ROWS] [REPS]
#   CLASSPATH  target/classes plus the dependencies, e.g. from
#              ./mvnw -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt; then "target/classes:$(cat /tmp/cp.txt)"
#   BEFORE_CP  (environment, optional) the class path of an older build, run as a third contestant ("before")
set -euo pipefail
cp="$1"
rows="${2:-1000000}"
reps="${3:-5}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
src="$work/rows.csv"
python3 - "$src" "$rows" <<'PY'
import sys
path, rows = sys.argv[1], int(sys.argv[2])
with open(path, "w", encoding="utf-8", newline="") as w:
    w.write("\ufeffYear,Month,Day,Time,TempF\r\n")
    for i in range(rows):
        m = i % 1440
        w.write(f"2023,{1 + i % 12},{1 + i % 28},{m // 60}:{m % 60:02d},{i % 97 - 10}\r\n")
PY
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
measure() { # name, command...
    local name="$1"; shift
    /usr/bin/time -v -o "$work/time.txt" "$@" > "$work/stdout.txt" 2> "$work/stderr.txt"
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    echo "$name $wall $rss" >> "$work/results.txt"
    printf '%-10s %6.2f s %7d KB (%s lines out)\n' "$name" "$wall" "$rss" "$(wc -l < "$work/out.txt")"
}
for ((r = 1; r <= reps; r++)); do
    measure python python3 "$here/course_loop.py" "$src" "$work/out.txt"
    measure streamlab "$java" -cp "$cp" streamlab.Main stream "$src" --interval 0 --out "$work/out.txt"
    if [[ -n "${BEFORE_CP:-}" ]]; then
        measure before "$java" -cp "$BEFORE_CP" streamlab.Main stream "$src" --interval 0 --out "$work/out.txt"
    fi
done
echo "median of $reps runs, $rows rows:"
for name in python streamlab ${BEFORE_CP:+before}; do
    wall=$(awk -v n="$name" '$1 == n {print $2}' "$work/results.txt" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    rss=$(awk -v n="$name" '$1 == n {print $3}' "$work/results.txt" | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
    printf '%-10s %6.2f s  peak RSS %4d MB\n' "$name" "$wall" "$((rss / 1024))"
done
