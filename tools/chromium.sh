#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the docs browser test: Debian's packages, installed when missing.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then exit 0; fi
SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q chromium chromium-driver >/dev/null
echo "installed $(chromium --version)"
