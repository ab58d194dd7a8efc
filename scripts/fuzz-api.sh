#!/usr/bin/env bash
# Bounded schema-driven fuzz of the whole API with schemathesis (PyPI), against the real stack: a
# Temporal dev server, FerretDB, the worker, the analytical worker and the API on throw-away data and free ports, all
# stopped afterwards. Fails on any 5xx, any error that is not problem+json, any answer the OpenAPI
# document does not declare (status, content type, headers, body schema), an undeclared method not
# answered 405, invalid data accepted, or a missing key not refused.
#   scripts/fuzz-api.sh [report-dir]     FUZZ_MAX_TIME (s, default 90) bounds the fuzzing itself,
#                                        FUZZ_MAX_EXAMPLES (default 12) the cases per operation.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SCHEMATHESIS_VERSION=4.32.5
VENV="${SCHEMATHESIS_VENV:-$TOOLS/venv}"
ST="$VENV/bin/schemathesis"
REPORTS="${1:-$ROOT/.data/fuzz}"

if [ ! -x "$ST" ] || [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null)" != "$SCHEMATHESIS_VERSION" ]; then
  info "installing schemathesis $SCHEMATHESIS_VERSION into $VENV ..."
  [ -x "$VENV/bin/pip" ] || python3 -m venv "$VENV" || die "could not create a Python virtualenv at $VENV" "apt-get install python3-venv"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
    || die "pip could not install schemathesis (needs Python 3.11+)" "check access to PyPI and the Python version, then rerun"
fi

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/saga-fuzz-XXXXXX")
export SAGA_DATA_DIR="$WORK/data" TEMPORAL_PORT=$(free_port) TEMPORAL_UI_PORT=$(free_port) FERRETDB_PORT=$(free_port) PORT=$(free_port)
export LOG_LEVEL=warn NODE_ENV=development DATA_ENCRYPTION_KEYS="fuzz:$(head -c 32 /dev/urandom | base64)"
FUZZ_KEY="fuzz_$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32)"
# Every scope for one key; limits above what the run sends (the fuzzer sends hundreds of requests
# without a key on purpose), so that every answer is about the request itself.
export API_KEYS="$FUZZ_KEY:*" API_RATE_LIMIT_PER_KEY=0 API_AUTH_FAILURE_LIMIT=0 ORDER_DISPATCH_AFTER='5 seconds'
unset TEMPORAL_ADDRESS MONGODB_URI
PIDS=()

cleanup() {
  local code=$?
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash "$ROOT/scripts/stack.sh" down >/dev/null || true
  rm -rf "$WORK"
  exit "$code"
}
trap cleanup EXIT INT TERM

started_at=$SECONDS
bash "$ROOT/scripts/stack.sh" up >/dev/null
export WORKER_HEALTH_PORT=$(free_port) DATA_PRODUCTS_METRICS_PORT=$(free_port) DATA_PRODUCTS_REFRESH_MS=500
for process in workers/temporal-worker.ts workers/data-products.ts api/server.ts; do
  node --import tsx "$ROOT/$process" > "$WORK/$(basename "$process" .ts).log" 2>&1 &
  PIDS+=($!)
done
wait_until 120 api curl -sf "http://127.0.0.1:$PORT/health" \
  || { tail -5 "$WORK"/*.log >&2; die "the API did not become healthy" "read the lines above"; }
# The data products answer 503 until the analytical worker has built them once (an empty store builds
# quickly): wait until every product has a generation ("rebuilding" before the first build has none).
every_product_built() {
  curl -sf -H "Authorization: Bearer $FUZZ_KEY" "http://127.0.0.1:$PORT/data-products" | python3 -c '
import json, sys
items = json.load(sys.stdin)["items"]
sys.exit(0 if items and all(i["status"]["generation"] is not None for i in items) else 1)'
}
wait_until 120 "data products" every_product_built \
  || { tail -5 "$WORK"/*.log >&2; die "the analytical worker did not build the data products" "read the lines above"; }
info "stack up in $((SECONDS - started_at)) s; fuzzing http://127.0.0.1:$PORT for at most ${FUZZ_MAX_TIME:-90} s ..."

mkdir -p "$REPORTS"
REPORTS=$(cd "$REPORTS" && pwd)
set +e
# From the throw-away folder: schemathesis keeps its example database in the working directory.
cd "$WORK"
"$ST" run "http://127.0.0.1:$PORT/openapi.json" \
  -H "Authorization: Bearer $FUZZ_KEY" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,missing_required_header,unsupported_method,allow_header_conformance,ignored_auth \
  --phases examples,coverage,fuzzing \
  --max-examples "${FUZZ_MAX_EXAMPLES:-12}" --max-time "${FUZZ_MAX_TIME:-90}" \
  --continue-on-failure --seed "${FUZZ_SEED:-1}" --no-color --warnings off \
  --report json --report-json-path "$REPORTS/schemathesis.json"
status=$?
set -e
info "fuzz finished in $((SECONDS - started_at)) s in all (report: $REPORTS/schemathesis.json)"
exit $status
