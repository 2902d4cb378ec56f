#!/usr/bin/env bash
# Install what the program and its tests need from the system, only what is missing (Debian / Ubuntu):
# the libraries Qt needs, pdftoppm to look at the sheets, binutils for the bundle test, PostgreSQL for the
# office tests (they start their own throwaway server from it). Elsewhere, say so.
set -euo pipefail
packages=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core poppler-utils binutils postgresql)
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "Not a Debian-like system: make sure Qt's libraries are installed (${packages[*]})."
  exit 0
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing the system libraries Qt needs: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
