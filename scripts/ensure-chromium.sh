#!/usr/bin/env bash
# The e2e specs run in Debian's Chromium (Playwright never downloads a browser here).
# Installs it when missing and this is root on Debian; otherwise says what to do.
set -euo pipefail
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Chromium from Debian for the e2e specs…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "The e2e specs need Chromium at $chromium: run 'sudo apt-get install chromium', or set CHROMIUM_PATH." >&2
exit 1
