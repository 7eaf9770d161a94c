#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/site/test_browser.py), which drive
# /usr/bin/chromium through Playwright. Playwright's own browser download (`playwright install`)
# is never used. Run as root, or as a user with sudo. Does nothing if Chromium is present.
#   bash scripts/install_browser.sh
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "install_browser: $("$CHROMIUM" --version 2>/dev/null || echo chromium) already at $CHROMIUM"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install_browser: no apt-get here; install Chromium yourself and run the tests with" >&2
  echo "  KIT_CHROMIUM=/path/to/chromium make test-site" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install_browser: run as root (or install sudo) to apt-get install chromium" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# Debian names the package `chromium`; fonts-dejavu-core gives the screenshots readable text.
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core

if [ ! -x "$CHROMIUM" ]; then
  echo "install_browser: apt-get finished but $CHROMIUM is missing (is this Debian?)" >&2
  exit 1
fi
echo "install_browser: installed $("$CHROMIUM" --version 2>/dev/null || echo chromium)"
