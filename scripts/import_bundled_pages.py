"""Moved: the page tables are imported by tkgraph.importers.pages, run by
scripts/import_bundled_tables.py (which regenerates every generated file in
the right order). This name is kept for old instructions.

    .venv/bin/python scripts/import_bundled_pages.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bundled_tables import main

if __name__ == "__main__":
    sys.exit(main())
