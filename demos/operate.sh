#!/usr/bin/env bash
# The operations demo: the real server and CLI (bin/modulets) on a temporary folder. Two versions of a module arrive,
# jobs run on both, `history` and `jobs` show them, `rollback` makes the first current again while a job of the second
# finishes on its own code, and the server stops cleanly on SIGTERM. Every step checks what the CLI printed: the
# script exits non-zero as soon as one did not show what it should.
#   demos/operate.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/modulets-operate-XXXXXX")"
SERVER_PID=""
LONG_PID=""

cleanup() {
  [ -z "$LONG_PID" ] || kill "$LONG_PID" 2>/dev/null || true
  [ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

fail() {
  echo "FAILED: $*" >&2
  if [ -f "$TMP/server.log" ]; then
    echo "--- the server's log:" >&2
    tail -n 40 "$TMP/server.log" >&2
  fi
  exit 1
}

modulets() { "$ROOT/bin/modulets" --state-dir "$TMP/state" "$@"; }

# Runs the CLI, shows its output indented, and checks that it matches the extended regex $1.
LAST=""
LAST_COMMAND=""
show() {
  local expect="$1"
  shift
  echo "\$ modulets $*"
  LAST_COMMAND="modulets $*"
  LAST="$(modulets "$@")" || fail "$LAST_COMMAND exited $?"
  printf '%s\n' "$LAST" | sed 's/^/    /'
  also "$expect"
}

# Checks that the output of the last `show` also matches the extended regex $1.
also() {
  printf '%s\n' "$LAST" | grep -Eq -- "$1" || fail "$LAST_COMMAND did not show /$1/"
}

# Waits up to 60 s until `modulets $2...` prints something matching $1.
await() {
  local expect="$1" i
  shift
  for i in $(seq 1 120); do
    if modulets "$@" 2>/dev/null | grep -Eq -- "$expect"; then return 0; fi
    if [ -n "$SERVER_PID" ] && ! kill -0 "$SERVER_PID" 2>/dev/null; then fail "the server exited"; fi
    sleep 0.5
  done
  fail "after 60 s, modulets $* still did not show /$expect/"
}

# Drops greet-$1.jar into the watched folder as greet.jar, by atomic rename.
drop() {
  cp "$TMP/jars/greet-$1.jar" "$TMP/staging/greet.jar"
  mv "$TMP/staging/greet.jar" "$TMP/modules/greet.jar"
}

mkdir -p "$TMP/modules" "$TMP/staging"
echo "Building the demo's module jars, the server and the CLI (the first run fetches Maven and the dependencies)..."
"$ROOT/demos/launch.sh" io.modulets.demos.OperateModule "$TMP/jars" >/dev/null
"$ROOT/bin/modulets" --version >/dev/null

echo "Starting the server on $TMP/modules (state in $TMP/state)"
"$ROOT/bin/modulets" server --watch-dir "$TMP/modules" --state-dir "$TMP/state" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
await 'running jobs' status
show 'current +ns-[0-9]+' status

echo
echo "greet 1 arrives in the watched folder"
drop 1
await '"version":"1"' modules --json
show '^greet +1 ' modules
echo "A job on greet 1, waited for:"
show '^hello from greet 1$' submit greet greet.Hello --wait

echo
echo "greet 2 arrives"
drop 2
await '"version":"2"' modules --json
show '^greet +2 ' modules
echo "A long job on greet 2 (it ends when $TMP/release exists), waited for in the background:"
"$ROOT/bin/modulets" --state-dir "$TMP/state" submit greet greet.Wait "release=$TMP/release" --wait --timeout=2m \
  >"$TMP/long.out" 2>"$TMP/long.err" &
LONG_PID=$!
await 'greet\.Wait +ns-[0-9]+\{greet=2@[0-9a-f]+\} +RUNNING' jobs
show 'greet\.Wait +ns-[0-9]+\{greet=2@[0-9a-f]+\} +RUNNING' jobs
show '^2 +[0-9a-f]{12} +CURRENT ' history greet
also '^1 +[0-9a-f]{12} +(RETIRED|ALIVE) '

echo
echo "Rolling greet back: version 1 is current again; the long job keeps version 2's code"
show '^rolled greet back to 1 ' rollback greet
show '^greet +1 +[0-9a-f]{12} +pinned ' modules
show '^2 +[0-9a-f]{12} +ALIVE +1 ' history greet
also '^1 +[0-9a-f]{12} +CURRENT +1 +pinned '
echo "(version 2 is ALIVE: the long job's namespace holds it)"
echo "A new job runs version 1:"
show '^hello from greet 1$' submit greet greet.Hello --wait

echo
echo "Releasing the long job:"
touch "$TMP/release"
wait "$LONG_PID" || fail "the long job's submit --wait exited $?: $(cat "$TMP/long.err")"
LONG_PID=""
sed 's/^/    /' "$TMP/long.out"
grep -q "^released: greet 2's code finished the job$" "$TMP/long.out" || fail "the long job did not finish on version 2's code"
show 'greet\.Wait .*SUCCEEDED' jobs
also 'greet\.Hello +ns-[0-9]+\{greet=1@[0-9a-f]+\} +SUCCEEDED'

echo
echo "Stopping the server with SIGTERM:"
kill -TERM "$SERVER_PID"
set +e
wait "$SERVER_PID"
STATUS=$?
set -e
SERVER_PID=""
[ "$STATUS" -eq 0 ] || fail "the server exited $STATUS on SIGTERM, not 0"
echo "    the server exited 0"
if modulets status >/dev/null 2>"$TMP/after.err"; then fail "a server still answers after SIGTERM"; fi
grep -q "no process file" "$TMP/after.err" || fail "the stopped server left its process file: $(cat "$TMP/after.err")"
echo "    and left no process file behind"
echo
echo "Done: every step showed what it should."
