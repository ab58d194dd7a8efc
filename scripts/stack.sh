#!/usr/bin/env bash
# Local stack: Temporal dev server (SQLite file, Web UI) and FerretDB (SQLite or PostgreSQL backend).
#   stack.sh up                 start what is not running, wait until it answers
#   stack.sh down [server...]   stop the processes this script started (pid files): all, or those named
#   stack.sh status             print what runs where
# STACK_STARTED_FILE, when set, names a file `up` appends the servers it started to (one a line), so
# a caller can later stop those and only those (npm start never stops servers another run started).
# TEMPORAL_ADDRESS or MONGODB_URI, when set, name servers to use instead: nothing is started for them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
FERRETDB_PORT="${FERRETDB_PORT:-27017}"
FERRETDB_BACKEND="${FERRETDB_BACKEND:-sqlite}"
POSTGRES_PORT="${POSTGRES_PORT:-54329}"
START_TIMEOUT="${STACK_START_TIMEOUT:-90}"

mkdir -p "$RUN" "$LOGS"

started() { [ -n "${STACK_STARTED_FILE:-}" ] && echo "$1" >> "$STACK_STARTED_FILE"; return 0; }

temporal_up() {
  if [ -n "${TEMPORAL_ADDRESS:-}" ]; then
    wait_until 15 temporal "$TEMPORAL_BIN" operator cluster health --address "$TEMPORAL_ADDRESS" \
      || die "Temporal at TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS does not answer" "start it, or unset TEMPORAL_ADDRESS to use the local dev server"
    info "temporal: using $TEMPORAL_ADDRESS"; return
  fi
  if pid_alive "$RUN/temporal.pid"; then info "temporal: already running (pid $(cat "$RUN/temporal.pid"))"; return; fi
  [ -x "$TEMPORAL_BIN" ] || die "Temporal CLI missing at $TEMPORAL_BIN" "run: bash scripts/install-tools.sh"
  port_busy "$TEMPORAL_PORT" && die "port $TEMPORAL_PORT (Temporal gRPC) is in use by another process" "stop that process or set TEMPORAL_PORT"
  port_busy "$TEMPORAL_UI_PORT" && die "port $TEMPORAL_UI_PORT (Temporal Web UI) is in use by another process" "stop that process or set TEMPORAL_UI_PORT"
  local sa=()
  while IFS= read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    sa+=(--search-attribute "$line")
  done < "$ROOT/scripts/search-attributes.txt"
  local codec=()
  [ -n "${TEMPORAL_UI_CODEC_ENDPOINT:-}" ] && codec=(--ui-codec-endpoint "$TEMPORAL_UI_CODEC_ENDPOINT")
  setsid "$TEMPORAL_BIN" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" \
    --db-filename "$DATA/temporal.sqlite" --log-level warn "${sa[@]}" "${codec[@]}" \
    > "$LOGS/temporal.log" 2>&1 < /dev/null &
  echo $! > "$RUN/temporal.pid"
  started temporal
  wait_until "$START_TIMEOUT" temporal "$TEMPORAL_BIN" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" \
    || { stop_pid temporal; die "Temporal dev server did not come up within ${START_TIMEOUT}s (log: $LOGS/temporal.log)" "read the log; raise STACK_START_TIMEOUT on a slow machine"; }
  info "temporal: 127.0.0.1:$TEMPORAL_PORT, Web UI http://localhost:$TEMPORAL_UI_PORT"
}

postgres_up() {
  if pid_alive "$RUN/postgres.pid"; then return; fi
  local bindir; bindir=$(dirname "$(ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | tail -1)")
  [ -x "$bindir/postgres" ] || die "PostgreSQL is not installed" "run: FERRETDB_BACKEND=postgresql bash scripts/install-tools.sh"
  port_busy "$POSTGRES_PORT" && die "port $POSTGRES_PORT (PostgreSQL) is in use by another process" "stop that process or set POSTGRES_PORT"
  local pgdata="$DATA/postgres" runas=()
  [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"; [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
    "${runas[@]}" "$bindir/initdb" -D "$pgdata" -A trust -U postgres > "$LOGS/postgres-init.log" 2>&1 \
      || die "initdb failed (log: $LOGS/postgres-init.log)" "remove $pgdata and retry"
  fi
  "${runas[@]}" setsid "$bindir/postgres" -D "$pgdata" -p "$POSTGRES_PORT" -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off \
    > "$LOGS/postgres.log" 2>&1 < /dev/null &
  echo $! > "$RUN/postgres.pid"
  started postgres
  wait_until "$START_TIMEOUT" postgres "$bindir/pg_isready" -h 127.0.0.1 -p "$POSTGRES_PORT" \
    || die "PostgreSQL did not come up (log: $LOGS/postgres.log)" "read the log"
  "$bindir/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" | grep -q 1 \
    || "$bindir/createdb" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres ferretdb
}

ferretdb_up() {
  if [ -n "${MONGODB_URI:-}" ]; then info "mongodb: using MONGODB_URI"; return; fi
  if pid_alive "$RUN/ferretdb.pid"; then info "ferretdb: already running (pid $(cat "$RUN/ferretdb.pid"))"; return; fi
  [ -x "$FERRETDB_BIN" ] || die "FerretDB missing at $FERRETDB_BIN" "run: bash scripts/install-tools.sh"
  port_busy "$FERRETDB_PORT" && die "port $FERRETDB_PORT (MongoDB wire) is in use by another process" "stop that process, set FERRETDB_PORT, or set MONGODB_URI to use it"
  local backend=()
  case "$FERRETDB_BACKEND" in
    sqlite) mkdir -p "$DATA/ferretdb"; backend=(--handler sqlite --sqlite-url "file:$DATA/ferretdb/") ;;
    postgresql)
      if [ -z "${FERRETDB_POSTGRESQL_URL:-}" ]; then postgres_up; FERRETDB_POSTGRESQL_URL="postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb"; fi
      backend=(--handler postgresql --postgresql-url "$FERRETDB_POSTGRESQL_URL") ;;
    *) die "FERRETDB_BACKEND must be sqlite or postgresql, not '$FERRETDB_BACKEND'" "set FERRETDB_BACKEND=sqlite" ;;
  esac
  setsid "$FERRETDB_BIN" --listen-addr "127.0.0.1:$FERRETDB_PORT" "${backend[@]}" > "$LOGS/ferretdb.log" 2>&1 < /dev/null &
  echo $! > "$RUN/ferretdb.pid"
  started ferretdb
  wait_until "$START_TIMEOUT" ferretdb port_busy "$FERRETDB_PORT" \
    || { stop_pid ferretdb; die "FerretDB did not come up (log: $LOGS/ferretdb.log)" "read the log"; }
  info "ferretdb: mongodb://127.0.0.1:$FERRETDB_PORT/ ($FERRETDB_BACKEND backend)"
}

stop_pid() {
  local name=$1 f="$RUN/$1.pid"
  [ -f "$f" ] || return 0
  local pid; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    info "$name: stopped"
  fi
  rm -f "$f"
}

status() {
  for n in temporal ferretdb postgres; do
    if pid_alive "$RUN/$n.pid"; then info "$n: running (pid $(cat "$RUN/$n.pid"))"; else info "$n: not started by this script"; fi
  done
}

case "${1:-}" in
  up) temporal_up; ferretdb_up ;;
  down)
    shift
    [ $# -eq 0 ] && set -- ferretdb postgres temporal
    for server in ferretdb postgres temporal; do
      case " $* " in *" $server "*) stop_pid "$server" ;; esac
    done ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
