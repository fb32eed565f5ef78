"""The UNTC part of scripts/import_bundled_tables.py (kept for its callers).

    .venv/bin/python scripts/import_bundled_untc.py [--check]

The tables and their curation live in tkgraph.importers.bundled_untc; this
script runs the whole regeneration (UNTC tables, page tables, data/tables),
which is what keeps the generated files consistent with each other.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tkgraph.importers.bundled_untc import DECLARATIONS, TABLES, Bundle, build_bundle

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_bundled_tables import main

__all__ = ["DECLARATIONS", "TABLES", "Bundle", "build_bundle", "main"]

if __name__ == "__main__":
    sys.exit(main())
