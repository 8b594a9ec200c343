#!/usr/bin/env bash
# Fuzzes one parser or scanner with libFuzzer (see docs/robustness.md).
#
# Usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options...]
#   TARGET: dockerfile | dotenv | ignore | yaml | toml | secrets | signals
#   scripts/fuzz.sh --build      only build the fuzzer
# The fuzzer is a release build with -sanitize=fuzzer,address in its own scratch directory
# (.build/fuzz), so it never disturbs the normal debug and release builds. Seeds come from
# Tests/Fuzz/corpus/TARGET (read-only); new inputs go to .build/fuzz-corpus/TARGET, crashes to
# .build/fuzz-crashes/TARGET. Replay a crash without the sanitizer toolchain:
#   swift run OpsAuditFuzz TARGET crash-file
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
scratch="$root/.build/fuzz"
build() {
  (cd "$root" && swift build -c release --scratch-path "$scratch" --product OpsAuditFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -DOPSAUDIT_FUZZ >&2)
}
if [ "${1:-}" = "--build" ]; then build; exit 0; fi
[ $# -ge 2 ] || { sed -n '2,12p' "$0"; exit 2; }
target="$1"; seconds="$2"; shift 2
[ -d "$root/Tests/Fuzz/corpus/$target" ] || { echo "fuzz.sh: no seed corpus Tests/Fuzz/corpus/$target" >&2; exit 2; }
bin="$scratch/release/OpsAuditFuzz"
[ -x "$bin" ] && [ "${OPSAUDIT_FUZZ_NO_BUILD:-0}" = 1 ] || build
work="$root/.build/fuzz-corpus/$target"
crashes="$root/.build/fuzz-crashes/$target"
mkdir -p "$work" "$crashes"
# -rss_limit_mb and -timeout turn memory blow-ups and hangs into findings, not just crashes.
OPSAUDIT_FUZZ_TARGET="$target" exec "$bin" "$work" "$root/Tests/Fuzz/corpus/$target" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$crashes/" -print_final_stats=1 "$@"
