"""Copy the front-end assets from node_modules (installed by `npm ci`) into static/vendor.

Run by `make assets`: `python -m openbook.web.assets [node_modules] [target]`. The NHS.UK
stylesheet is rewritten to load its images from here and to drop the Frutiger web font
(it is served from the NHS CDN, and nothing is loaded from a CDN at run time: Arial is
the design system's own fallback).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

DEFAULT_TARGET = Path(__file__).parent / "static" / "vendor"
FILES = {
    "vega/build/vega.min.js": "vega.min.js",
    "vega-lite/build/vega-lite.min.js": "vega-lite.min.js",
    "vega-embed/build/vega-embed.min.js": "vega-embed.min.js",
    "axe-core/axe.min.js": "axe.min.js",
    "nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js": "nhsuk/nhsuk-frontend.min.js",
}
FONT_FACE = re.compile(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}")
SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+")


def rewrite_css(css: str) -> str:
    css = FONT_FACE.sub("", css)
    css = css.replace("url(/assets/", "url(/static/vendor/nhsuk/assets/")
    return SOURCE_MAP.sub("", css)


def build_assets(node_modules: Path, target: Path = DEFAULT_TARGET) -> list[Path]:
    """Copy every asset; returns what was written. Raises FileNotFoundError with a hint."""
    if not (node_modules / "nhsuk-frontend").is_dir():
        raise FileNotFoundError(f"{node_modules}/nhsuk-frontend is missing: run 'npm ci' first")
    written = []
    for source, name in FILES.items():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = (node_modules / source).read_text(encoding="utf-8")
        destination.write_text(SOURCE_MAP.sub("", text), encoding="utf-8")
        written.append(destination)
    nhsuk = node_modules / "nhsuk-frontend" / "dist" / "nhsuk"
    css = rewrite_css((nhsuk / "nhsuk-frontend.min.css").read_text(encoding="utf-8"))
    (target / "nhsuk" / "nhsuk-frontend.min.css").write_text(css, encoding="utf-8")
    written.append(target / "nhsuk" / "nhsuk-frontend.min.css")
    shutil.copytree(nhsuk / "assets", target / "nhsuk" / "assets", dirs_exist_ok=True)
    written.append(target / "nhsuk" / "assets")
    return written


def main(argv: list[str]) -> int:
    node_modules = Path(argv[0]) if argv else Path("node_modules")
    target = Path(argv[1]) if len(argv) > 1 else DEFAULT_TARGET
    try:
        written = build_assets(node_modules, target)
    except FileNotFoundError as error:
        sys.stderr.write(f"error: {error}\n")
        return 1
    sys.stdout.write(f"Copied {len(written)} front-end assets to {target}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
