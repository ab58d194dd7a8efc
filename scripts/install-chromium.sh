#!/usr/bin/env bash
# Installs Debian's Chromium for the console's browser tests (test/browser) when it is missing.
# Idempotent and quiet when done. CHROMIUM_PATH names another Chromium/Chrome binary to use instead.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
[ -n "${CHROMIUM_PATH:-}" ] && die "CHROMIUM_PATH=$CHROMIUM is not an executable" "point it at a Chromium or Chrome binary, or unset it"
command -v apt-get >/dev/null || die "Chromium is missing and this is not a Debian-like system" "install Chromium and set CHROMIUM_PATH to it"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "Chromium is missing and installing it needs root" "run: apt-get install -y chromium (as root)"
  SUDO="sudo"
fi
info "installing Chromium from Debian's packages (for the console's browser tests) ..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq chromium >/dev/null 2>&1 || {
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium >/dev/null
} || die "apt-get could not install chromium" "check access to Debian's package mirror, then rerun"
[ -x "$CHROMIUM" ] || die "chromium installed, but $CHROMIUM is missing" "set CHROMIUM_PATH to the installed binary"
