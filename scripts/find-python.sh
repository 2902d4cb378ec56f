#!/usr/bin/env bash
# Print the path of a Python 3.12 or newer. Qt for Python 6.12 releases a reference to None on every call
# that returns nothing; Python 3.12 made None immortal, so only there is that harmless (on 3.11 the
# application aborts after a while).
for candidate in "${PYTHON:-}" python3.13 python3.12 python3 \
                 "$(command -v pyenv >/dev/null 2>&1 && pyenv root)"/versions/3.1[2-9]*/bin/python3; do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
    command -v "$candidate" 2>/dev/null || echo "$candidate"
    exit 0
  fi
done
exit 1
