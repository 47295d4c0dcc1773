#!/usr/bin/env bash
# The Python companions (lessons/python/): each compiles, runs alone in its quick mode, and in
# --json mode (what `--compare-python` reads) prints nothing but JSON lines.
set -uo pipefail
cd "$(dirname "$0")/../.."

command -v python3 >/dev/null 2>&1 || { echo "python3 is missing"; exit 1; }
# Nothing written beside the companions (no __pycache__ in the tree).
export PYTHONDONTWRITEBYTECODE=1
python3 --version
python3 -c 'import sys; [compile(open(f).read(), f, "exec") for f in sys.argv[1:]]' \
  lessons/python/*.py || exit 1

failed=0
for script in lessons/python/lesson[0-9].py; do
  start=$SECONDS
  if ! timeout 120 python3 "$script" --quick >/dev/null; then
    echo "FAILED: python3 $script --quick"
    failed=1
    continue
  fi
  if ! timeout 120 python3 "$script" --quick --json | python3 -c '
import json, sys
rows = [json.loads(line) for line in sys.stdin if line.strip()]
assert any("key" in r for r in rows), "no measurement"
assert any("digest" in r for r in rows), "no digest"
'; then
    echo "FAILED: python3 $script --quick --json (not JSON lines, or no measurement)"
    failed=1
    continue
  fi
  echo "ok: $script, quick and --json ($((SECONDS - start)) s)"
done
exit $failed
