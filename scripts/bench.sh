#!/usr/bin/env bash
# Benchmarks `opsaudit scan` (release build) on three targets and prints a Markdown table:
#   corpus     ../shared/corpus copied to a temporary plain directory (no git: the walker lists it)
#   generated  a ~20k-file repository from scripts/gen-repo.py, as a git work tree (git ls-files)
#              and again as a plain directory (walker with .gitignore semantics)
#   self       this repository
# Timing with hyperfine when installed, else a loop of N runs; peak memory and CPU from
# /usr/bin/time -v when present. See docs/benchmarks.md.
#
# Usage: scripts/bench.sh [--runs N] [--files N] [--no-build]
set -euo pipefail

runs=10
files=20000
build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --files) files="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${OPSAUDIT_CORPUS:-$root/../shared/corpus}"
if [ ! -d "$corpus" ] && [ -d /work/shared/corpus ]; then corpus=/work/shared/corpus; fi

if [ "$build" = 1 ]; then
  echo "building release…" >&2
  (cd "$root" && swift build -c release --product opsaudit >&2)
fi
bin="$root/.build/release/opsaudit"
[ -x "$bin" ] || { echo "bench.sh: $bin missing (build with swift build -c release)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/opsaudit-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

targets=()
if [ -d "$corpus" ]; then
  mkdir -p "$work/corpus"
  cp -R "$corpus/." "$work/corpus/"
  targets+=("corpus:$work/corpus")
else
  echo "bench.sh: no corpus at $corpus; skipping it" >&2
fi

echo "generating $files files…" >&2
python3 "$root/scripts/gen-repo.py" "$work/generated-git" --files "$files" >&2
cp -R "$work/generated-git" "$work/generated-plain"
(cd "$work/generated-git" && git init -q && git add -A \
  && git -c user.email=bench@example.com -c user.name=bench -c commit.gpgsign=false commit -qm bench)
targets+=("generated (git):$work/generated-git" "generated (plain dir):$work/generated-plain" "self:$root")

have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1
have_time=0
[ -x /usr/bin/time ] && have_time=1

# Mean wall seconds of `runs` scans of $1 (after one warm-up run).
measure() {
  local dir="$1"
  if [ "$have_hyperfine" = 1 ]; then
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$work/h.json" \
      "'$bin' scan '$dir' -f json > /dev/null" >&2
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']:.3f} {r['stddev'] or 0:.3f}\")" "$work/h.json"
  else
    "$bin" scan "$dir" -f json >/dev/null
    local start end
    start=$(date +%s.%N)
    for _ in $(seq "$runs"); do "$bin" scan "$dir" -f json >/dev/null; done
    end=$(date +%s.%N)
    python3 -c "print(f'{($end - $start) / $runs:.3f} n/a')"
  fi
}

printf '| target | files seen | files read | wall (mean ± sd) | files/s | CPU time (user+sys) | CPU share | max RSS |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
for entry in "${targets[@]}"; do
  name="${entry%%:*}"
  dir="${entry#*:}"
  # The scan's own count of what it saw and read.
  counts=$("$bin" scan "$dir" -f json | python3 -c "import json,sys; i=json.load(sys.stdin)['inventory']; print(i['files_seen'], i['files_read'])")
  seen="${counts% *}"
  read_count="${counts#* }"
  read -r mean sd < <(measure "$dir")
  rss="n/a"; cpu="n/a"; cpu_time="n/a"
  if [ "$have_time" = 1 ]; then
    /usr/bin/time -v "$bin" scan "$dir" -f json >/dev/null 2>"$work/time.txt" || true
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$work/time.txt")
    cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$work/time.txt")
    cpu_time=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f s", u+s}' "$work/time.txt")
  fi
  rate=$(python3 -c "print(f'{$seen / $mean:,.0f}')")
  printf '| %s | %s | %s | %s s ± %s | %s | %s | %s | %s |\n' "$name" "$seen" "$read_count" "$mean" "$sd" "$rate" "$cpu_time" "$cpu" "$rss"
done
printf '\n%s runs each after a warm-up; %s; %s cores, load average %s; %s\n' "$runs" \
  "$([ "$have_hyperfine" = 1 ] && hyperfine --version || echo 'time loop')" "$(nproc 2>/dev/null || echo '?')" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" "$("$bin" --version)"
