"""Copy the built files of the pinned npm packages into static/vendor/ (run by scripts/vendor-js).

Each package gets a folder named after it holding the files below and its
licence files, so the licence travels with the code that is served.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

# package -> files (relative to the package folder) that the pages load
FILES = {
    "react": ["umd/react.production.min.js"],
    "react-dom": ["umd/react-dom.production.min.js"],
    "graphiql": ["graphiql.min.js", "graphiql.min.css"],
    "d3-array": ["dist/d3-array.min.js"],
    "d3-geo": ["dist/d3-geo.min.js"],
    "topojson-client": ["dist/topojson-client.min.js"],
    "world-atlas": ["countries-50m.json"],
    "echarts": ["dist/echarts.min.js"],
    "cytoscape": ["dist/cytoscape.min.js"],
    "layout-base": ["layout-base.js"],
    "cose-base": ["cose-base.js"],
    "cytoscape-fcose": ["cytoscape-fcose.js"],
    # ISO 3166-1 alpha-2 / alpha-3 / numeric: joins states to the world-atlas shapes
    "i18n-iso-countries": ["codes.json"],
}
LICENCE_NAMES = ("LICENSE", "LICENSE.md", "LICENSE.txt", "LICENCE", "NOTICE")


def main(node_modules: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    manifest = []
    for package, files in FILES.items():
        source = node_modules / package
        meta = json.loads((source / "package.json").read_text())
        folder = target / package
        folder.mkdir(parents=True)
        copied = []
        for name in files:
            shutil.copy2(source / name, folder / Path(name).name)
            copied.append(Path(name).name)
        licences = [n for n in LICENCE_NAMES if (source / n).exists()]
        if not licences:
            raise SystemExit(f"{package}: no licence file found; refusing to vendor it")
        for n in licences:
            shutil.copy2(source / n, folder / n)
        manifest.append(
            {
                "package": package,
                "version": meta["version"],
                "license": meta.get("license"),
                "files": copied,
                "licenseFiles": licences,
            }
        )
    (target / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"vendored {len(manifest)} packages into {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
