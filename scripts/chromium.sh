#!/usr/bin/env bash
# Install Debian's Chromium and its WebDriver, which the browser tests drive (wasm-bindgen-test
# through chromedriver, the package tests through playwright-core). Silent when present.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
echo "chromium: installing chromium and chromium-driver" >&2
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq chromium chromium-driver >&2
