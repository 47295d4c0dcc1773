#!/usr/bin/env bash
# End-to-end test of the runner in a real terminal (tmux): the menu, watch mode, q, Ctrl-C.
#
# Works on a scratch copy of this working tree (the real exercises are never touched), with a
# target folder of its own under target/e2e (kept between runs, so the second run is quick).
# Usage: tests/e2e_menu.sh        (CI runs it; installs tmux when it is missing)
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v tmux >/dev/null || ! command -v pgrep >/dev/null; then
    echo "e2e: installing tmux and procps"
    SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo "sudo")
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq tmux procps >/dev/null
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/parlings-e2e.XXXXXX")
SESSION="parlings-e2e-$$"
export CARGO_TARGET_DIR="${PARLINGS_E2E_TARGET:-$REPO/target/e2e}"
# A tmux server of our own: a clean environment, and nothing of the user's is touched.
tmux() { command tmux -L "$SESSION" "$@"; }
cleanup() {
    tmux kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

tar -C "$REPO" --exclude=./target --exclude=./.git --exclude='./.parlings-progress*' -cf - . \
    | tar -C "$WORK" -xmf -   # -m: fresh mtimes, so cargo rebuilds what changed
cd "$WORK"
# Start from the unsolved stubs, as a fresh clone does.
for stub in src/runner/stubs/*.rs; do cp "$stub" "exercises/$(basename "$stub")"; done
echo "e2e: building in $CARGO_TARGET_DIR"
cargo build --quiet --bins
cargo test --quiet --no-run --test e01_io_bound 2>/dev/null

STEP=""
fail() {
    echo "e2e FAILED at: $STEP ($1)" >&2
    echo "----- screen -----" >&2
    tmux capture-pane -p -t "$SESSION" -S -100 >&2 || true
    exit 1
}
step() { STEP=$1; echo "e2e: $1"; }
screen() { tmux capture-pane -p -t "$SESSION" -S -300; }
send() { tmux send-keys -t "$SESSION" "$@"; }
# Waits until the screen shows a fixed string.
wait_for() {
    local deadline=$((SECONDS + ${2:-90}))
    until screen | grep -qF -- "$1"; do
        [ "$SECONDS" -lt "$deadline" ] || fail "never saw: $1"
        sleep 0.2
    done
}
# Runs a shell command in the pane and waits for its own marker line.
RUNS=0
shell() {
    RUNS=$((RUNS + 1))
    tmux clear-history -t "$SESSION" # an earlier step's output must not answer for this one
    # The marker is split in the typed line, so only the command's own output can match it.
    send "clear; $1; echo \"@@done-\"$RUNS\"@@\"" Enter
    wait_for "@@done-$RUNS@@"
}
# The terminal is sane again: echo and canonical mode on, cursor visible.
terminal_is_restored() {
    shell "stty -a | tr ' ;' '\n\n' | grep -xE 'echo|icanon' | sort | tr '\n' ' '"
    screen | grep -qF "echo icanon" || fail "terminal modes not restored"
    [ "$(tmux display -p -t "$SESSION" '#{cursor_flag}')" = 1 ] || fail "cursor left hidden"
}
exit_code_was() {
    shell "echo \"@@exit=\$CODE@@\""
    screen | grep -qF "@@exit=$1@@" || fail "exit code was not $1"
}

tmux new-session -d -s "$SESSION" -x 120 -y 40 \
    "env -u CI CARGO_TARGET_DIR='$CARGO_TARGET_DIR' PS1='$ ' bash --norc --noprofile"
send "cd '$WORK'" Enter

step "the menu opens and offers e01 first"
send "clear; cargo run; CODE=\$?" Enter
wait_for "exercises done"
wait_for "▶ Next: e01 io_bound"

step "picking e01 and checking it shows its failure"
send Enter
wait_for "Check it"
send Enter
wait_for "┌─ parlings check e01"
wait_for "e01 io_bound (failing)"

step "watch shows the failure, a hint on h"
send Down Down Enter
wait_for "h: hint · r: re-run · n: next · q: quit"
wait_for "checks fail"
send h
wait_for "Hint 1 of 3 for e01 io_bound"

step "writing a solution turns watch green and moves on to the next exercise"
cp solutions/e01_io_bound.rs exercises/e01_io_bound.rs
wait_for "✔ e01 io_bound:" 60
wait_for "On to e02"

step "q leaves watch, Esc and q leave the menus, and the runner exits 0"
send q
wait_for "e01 io_bound (done)"
send Escape
wait_for "parlings · 1/"
send q
sleep 0.5
exit_code_was 0
terminal_is_restored
[ "$(md5sum <solutions/e01_io_bound.rs)" = "$(md5sum <exercises/e01_io_bound.rs)" ] \
    || fail "the learner's file changed"
grep -q "^e01_io_bound pass " .parlings-progress || fail "progress did not record e01"

step "Ctrl-C in the menu leaves cleanly with exit code 130"
send "clear; cargo run; CODE=\$?" Enter
wait_for "exercises done"
send C-c
wait_for "Interrupted"
exit_code_was 130
terminal_is_restored

step "Ctrl-C in watch mode leaves cleanly"
send "clear; cargo run -- watch e02; CODE=\$?" Enter
wait_for "q: quit"
send C-c
wait_for "Interrupted"
exit_code_was 130
terminal_is_restored

step "Ctrl-C during a check kills the check and loses nothing"
cat > exercises/e01_io_bound.rs <<'RUST'
/// Hangs: sleeps far longer than any check waits.
pub fn fetch_all<F>(urls: &[String], _limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    std::thread::sleep(std::time::Duration::from_secs(600));
    urls.iter().map(|u| fetch(u)).collect()
}
RUST
before=$(md5sum exercises/e01_io_bound.rs .parlings-progress)
send "clear; cargo run -- check e01; CODE=\$?" Enter
deadline=$((SECONDS + 90))
until pgrep -f "$CARGO_TARGET_DIR/debug/deps/e01_io_bound-" >/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || fail "the check never started"
    sleep 0.2
done
sleep 1
send C-c
wait_for "the check was stopped"
exit_code_was 130
terminal_is_restored
sleep 1
if pgrep -f "$CARGO_TARGET_DIR/debug/deps/e01_io_bound-" >/dev/null; then fail "the test process survived"; fi
[ "$before" = "$(md5sum exercises/e01_io_bound.rs .parlings-progress)" ] || fail "files changed"

echo "e2e: all steps passed"
