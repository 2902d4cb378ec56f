#!/usr/bin/env bash
# Linux build of REDI Desktop: the PyInstaller onedir bundle dist/redi-desktop/, checked by its own self test,
# and dist/redi-desktop-VERSION-linux-x86_64.tar.gz. Run from anywhere:
#
#   installer/build.sh                 # needs .venv with the dev extra (make setup; .venv/bin/pip install -e '.[dev]')
#   SKIP_CATALOGS=1 installer/build.sh # do not refresh resources/i18n first (a quick local build)
#
# Needs binutils (PyInstaller reads the libraries with objdump/readelf; strip shrinks them) and the libraries
# Qt needs (scripts/system-deps.sh). The bundle runs on a Linux with glibc as new as this machine's or newer.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
DIST=${DIST:-dist}
WORK=${WORK:-build/pyinstaller}

if ! "$PY" -c 'import PyInstaller' 2>/dev/null; then
  echo "PyInstaller is missing: .venv/bin/pip install -e '.[dev]'" >&2
  exit 1
fi
VERSION=$("$PY" -c 'import redi_desktop; print(redi_desktop.__version__)')

if [ "${SKIP_CATALOGS:-0}" != 1 ]; then
  # extract, merge and compile the catalogs; stops the build if a string is untranslated
  "$PY" -m redi_desktop.i18n.catalogs
fi

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK" installer/redi-desktop.spec
echo "built in $(( $(date +%s) - start )) s: $(du -sh "$DIST/redi-desktop" | cut -f1) in $DIST/redi-desktop"

# the frozen program proves itself, offscreen (no display needed)
QT_QPA_PLATFORM=offscreen "$DIST/redi-desktop/redi-desktop" selftest

tar -C "$DIST" -czf "$DIST/redi-desktop-$VERSION-linux-x86_64.tar.gz" redi-desktop
echo "$DIST/redi-desktop-$VERSION-linux-x86_64.tar.gz"
