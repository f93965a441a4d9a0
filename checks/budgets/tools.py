"""Where the measuring tools are: installed by the project (`make tools`), never downloaded here.

npm installs lighthouse, axe-core and vnu-jar into node_modules/ from
package-lock.json; Java and Chromium are Debian's (`make java`, `make chromium`).
A missing tool is an error that says how to install it, never a skipped check.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = Path("/usr/bin/chromium")
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"


class ToolMissing(RuntimeError):
    """A tool the checks need is not installed; the message says how to install it."""


def require(path: Path, install: str) -> Path:
    if not path.is_file():
        raise ToolMissing(f"Thiếu {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {install}")
    return path


def executable(name: str, install: str) -> str:
    found = shutil.which(name)
    if not found:
        raise ToolMissing(f"Thiếu chương trình {name}: {install}")
    return found


def npm_version(package: str) -> str:
    """The installed version of an npm package (for the report)."""
    manifest = NODE_MODULES / package / "package.json"
    return json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else "?"


MAKE_TOOLS = "chạy `make tools` (npm ci theo package-lock.json)"
MAKE_JAVA = "chạy `make java` (Debian: sudo apt-get install default-jre-headless)"
MAKE_CHROMIUM = "chạy `make chromium` (Debian: sudo apt-get install chromium)"
