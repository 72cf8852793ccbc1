"""`python -m zfxxgk` runs the command line."""

from __future__ import annotations

import sys

from zfxxgk.cli import main

sys.exit(main())
