#!/usr/bin/env bash
# Installs the Debian 12 packages the centre needs to build, run and test.
# Idempotent: installs only what is missing; run as root (or with sudo).
set -euo pipefail

packages=(
  cmake g++ make pkg-config ninja-build
  libsqlite3-dev sqlite3 libsodium-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev
  libspdlog-dev libfmt-dev libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  clang libclang-rt-14-dev
  libboost-dev libsystemd-dev curl
  chromium
  libsdl2-dev libimgui-dev libfreetype-dev libgl-dev libgl1-mesa-dri fonts-noto-core
  libqrencode-dev libpng-dev espeak-ng libespeak-ng-dev
  xvfb xauth libzbar-dev tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
