#!/usr/bin/env bash
# Captures what each lesson prints on this machine, for the book's "Measured on this machine":
# every figure in book/src/measured/ comes from a real run of the lesson's own program.
#
#   book/capture.sh              every lesson, quick sizes, with --compare-python
#   book/capture.sh --full       full sizes: slower, steadier figures
#   book/capture.sh 2 3          only lessons 2 and 3
#
# For each lesson N it writes book/src/measured/lessonN/: about.md (when, on what machine,
# with which command), banner.txt, step-K.txt (what step K printed), python.txt (Rust beside
# Python) and done.txt. Colour is stripped; nothing else is changed. Then `mdbook build book`.
set -euo pipefail
cd "$(dirname "$0")/.."

size=--quick
lessons=()
for arg in "$@"; do
  case "$arg" in
    --full) size="" ;;
    [1-6]) lessons+=("$arg") ;;
    *) echo "usage: book/capture.sh [--full] [LESSON...]   (lessons 1 to 6)" >&2; exit 2 ;;
  esac
done
[ ${#lessons[@]} -gt 0 ] || lessons=(1 2 3 4 5 6)

cargo build --quiet --bins
rustc_version=$(rustc --version)
python_version=$(python3 --version 2>&1 || echo "no python3")
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
cpu=${cpu:-$(uname -m)}
today=$(date -u +%Y-%m-%d)
raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

for n in "${lessons[@]}"; do
  dir="book/src/measured/lesson$n"
  command="cargo run --bin lesson$n -- --yes${size:+ $size} --compare-python"
  echo "capturing lesson $n: $command"
  # The lesson's own output, stdout only (progress bars go to stderr), without colour.
  NO_COLOR=1 cargo run --quiet --bin "lesson$n" -- --yes $size --compare-python \
    </dev/null 2>/dev/null | sed -E 's/\x1b\[[0-9;]*[A-Za-z]//g' >"$raw"
  mkdir -p "$dir"
  rm -f "$dir"/*.txt "$dir"/about.md
  # Split at the lesson's own headings: "Step K/N: ...", "Rust beside Python", "Lesson N done".
  awk -v dir="$dir" '
    /^Step [0-9]+\/[0-9]+: / { split($2, k, "/"); file = dir "/step-" k[1] ".txt" }
    /^Rust beside Python$/   { file = dir "/python.txt" }
    /^Lesson [0-9]+ done in/ { file = dir "/done.txt" }
    { if (file == "") file = dir "/banner.txt"; print > file }
  ' "$raw"
  # No leading or trailing blank lines in any part.
  for part in "$dir"/*.txt; do
    sed -i -e '/./,$!d' "$part"
    sed -i -e ':a' -e '/^\n*$/{$d;N;ba' -e '}' "$part"
  done
  # The banner's lines after the title: cores, build, sizes (and a warning if the machine was busy).
  banner=$(sed -n '2,$p' "$dir/banner.txt" | tr '\n' ' ' |
    sed -E 's/ +$//; s/ +/ /g; s/ This machine is busy/. This machine is busy/')
  cat >"$dir/about.md" <<EOF
Captured on $today by \`book/capture.sh\` from \`$command\`, on $cpu: ${banner%.}. $rustc_version; $python_version.
EOF
done
echo "Done: book/src/measured/. Build the book with: mdbook build book"
