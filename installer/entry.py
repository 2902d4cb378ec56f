"""The frozen program's entry point: the same as `redi-desktop` / `python -m redi_desktop`."""

import sys

from redi_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
