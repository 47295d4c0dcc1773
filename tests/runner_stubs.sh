#!/bin/sh
# For maintainers: refreshes the runner's pristine stubs (what `reset` restores) from
# exercises/, and names any exercise still missing from the STUBS table in
# src/runner/stubs.rs. `PARLINGS_MAINTAINER=1 cargo test --bin parlings stubs` then checks
# that both copies match byte for byte.
# It refuses to run over edited exercises: those would become the "unsolved" stubs.
set -eu
cd "$(dirname "$0")/.."
if git status --porcelain -- exercises | grep -q '^.M'; then
    echo "exercises/ has edits (git status): a learner's work must not become a stub." >&2
    exit 1
fi
missing=0
for file in exercises/*.rs; do
    stem=$(basename "$file" .rs)
    cp "$file" "src/runner/stubs/$stem.rs"
    if ! grep -qF "stub!(\"$stem\")" src/runner/stubs.rs; then
        echo "add this line to STUBS in src/runner/stubs.rs:    stub!(\"$stem\"),"
        missing=1
    fi
done
exit "$missing"
