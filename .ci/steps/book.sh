#!/usr/bin/env bash
# The course book: installs mdbook when missing, builds book/ into book/build, and fails on an
# include that did not resolve (mdbook only logs those), an anchor that matched nothing, or an
# internal link to a missing page or heading. The book's catalog tables, its exercise pages and
# its includes are also checked without mdbook, by `cargo test --test book`.
set -uo pipefail
cd "$(dirname "$0")/../.."

mdbook=$(command -v mdbook || echo "${CARGO_HOME:-$HOME/.cargo}/bin/mdbook")
if [ ! -x "$mdbook" ]; then
  echo "mdbook is missing: cargo install --locked mdbook (a few minutes, once)"
  cargo install --locked mdbook || exit 1
fi
"$mdbook" --version

log=$(mktemp)
trap 'rm -f "$log"' EXIT
rm -rf book/build
"$mdbook" build book >"$log" 2>&1
status=$?
cat "$log"
if [ $status -ne 0 ]; then
  echo "mdbook build failed"
  exit 1
fi
if grep -q "ERROR" "$log"; then
  echo "mdbook reported errors (an include that did not resolve?): see above"
  exit 1
fi
python3 .ci/steps/check_book.py book/build
