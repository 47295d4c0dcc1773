#!/usr/bin/env bash
# Measures warm edit → verdict: edit an exercise, then `cargo run -- check ID`, N times; prints
# the median and the range. Works on a scratch copy (the real exercises are never touched).
# Usage: tests/bench_check.sh [ID] [RUNS]     (defaults: e01, 10)
set -euo pipefail

ID=${1:-e01}
RUNS=${2:-10}
REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/parlings-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export CARGO_TARGET_DIR="${PARLINGS_BENCH_TARGET:-$REPO/target/bench}"

tar -C "$REPO" --exclude=./target --exclude=./.git --exclude='./.parlings-progress*' -cf - . \
    | tar -C "$WORK" -xmf -   # -m: fresh mtimes, so cargo rebuilds what changed
cd "$WORK"
STEM=$(basename "$(ls exercises/"$ID"_*.rs)" .rs)
cargo build --quiet --bins
cargo test --quiet --no-run --test "$STEM" 2>/dev/null

# Times RUNS edits of `exercises/$STEM.rs` (starting from $1), each followed by a check.
measure() {
    cp "$1" "exercises/$STEM.rs"
    cargo run --quiet -- check "$ID" >/dev/null 2>&1 || true   # warm: the same content once
    local times=()
    for i in $(seq "$RUNS"); do
        echo "// edit $i" >>"exercises/$STEM.rs"
        local start end
        start=$(date +%s%N)
        cargo run --quiet -- check "$ID" >/dev/null 2>&1 || true
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk -v what="$2" '
        { t[NR] = $1 }
        END {
            median = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
            printf "%-28s median %5.2f s   min %5.2f s   max %5.2f s   (%d runs)\n",
                what, median / 1000, t[1] / 1000, t[NR] / 1000, NR
        }'
}

echo "edit → verdict of $ID on $(nproc) cores (cargo run -- check $ID, warm):"
measure "solutions/$STEM.rs" "solved (all checks pass)"
measure "src/runner/stubs/$STEM.rs" "unsolved stub (todo!)"
