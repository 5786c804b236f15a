#!/usr/bin/env bash
# Install Debian's Chromium and its ChromeDriver (packages chromium, chromium-driver) for the
# status page's browser test (tests/integration/test_status_page.py).
#
# Both come from the same Debian source package, so their versions always match; no test tool
# downloads a browser of its own (this machine's network refuses that). Installed already:
# nothing is done, so CI and developers may run this every time. Needs root or sudo.
#
# Prints the paths of chromium and chromedriver on stdout.
set -euo pipefail

have() { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }

if ! have; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_chromium: no apt-get here; install Chromium and ChromeDriver yourself" >&2
    exit 3
  fi
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "install_chromium: apt-get needs root, and sudo is not available" >&2
      exit 3
    fi
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Another apt process (or another engineer's install) may hold the lock: wait for it.
  apt=($sudo apt-get -o DPkg::Lock::Timeout=600 -y -q)
  if ! "${apt[@]}" install --no-install-recommends chromium chromium-driver >&2; then
    "${apt[@]}" update >&2
    "${apt[@]}" install --no-install-recommends chromium chromium-driver >&2
  fi
  have || { echo "install_chromium: chromium or chromedriver still missing" >&2; exit 1; }
fi
command -v chromium
command -v chromedriver
