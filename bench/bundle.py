"""`make bench-bundle`: the JavaScript a customer's browser downloads once they touch the
widget, module by module, the ten largest first (docs/performance.md keeps the last report).

Builds a copy of the production frontend (.web, as the last build left it) with source maps,
follows the imports of the French standalone page's route module, React's start-up and the
root, and attributes each chunk's brotli size to the modules in it, in proportion to the
minified bytes source-map-explorer finds for each (a module's share of its chunk).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from harness.servers import ROOT

WEB = ROOT / ".web"
EXPLORER = ROOT / ".tools" / "node_modules" / ".bin" / "source-map-explorer"
_IMPORT = re.compile(r"""(?:from|import)\s*["']\./([\w.-]+\.js)["']""")
_PACKAGE = re.compile(r"node_modules/((?:@[^/]+/)?[^/]+)")
STARTS = ("entry.client-", "root-", "_fr_._index-")


def _build_with_maps(work: Path) -> Path:
    copy = work / "web"
    skipped = shutil.ignore_patterns("build", "node_modules")
    shutil.copytree(WEB, copy, symlinks=True, ignore=skipped)
    (copy / "node_modules").symlink_to(WEB / "node_modules")
    config = copy / "vite.config.js"
    config.write_text(config.read_text().replace("sourcemap: false", "sourcemap: true"))
    subprocess.run(["bun", "run", "export"], cwd=copy, check=True, capture_output=True)
    return copy / "build" / "client" / "assets"


def _touched_chunks(assets: Path) -> list[Path]:
    """The chunks a widget page loads once touched: its start-up's imports, followed."""
    todo = [p for p in assets.glob("*.js") if p.name.startswith(STARTS)]
    seen: dict[str, Path] = {}
    while todo:
        chunk = todo.pop()
        if chunk.name in seen:
            continue
        seen[chunk.name] = chunk
        todo += [assets / name for name in _IMPORT.findall(chunk.read_text(encoding="utf-8"))]
    return sorted(seen.values())


def _brotli(paths: list[Path]) -> dict[str, int]:
    """Each chunk's size compressed as the production build does (brotli, highest level),
    without its source map comment."""
    program = """
      const zlib = require("zlib"), fs = require("fs"), sizes = {};
      for (const path of process.argv.slice(1)) {
        const code = fs.readFileSync(path, "utf8").replace(/\\n\\/\\/# sourceMappingURL=.*$/, "");
        const quality = {[zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY};
        const compressed = zlib.brotliCompressSync(code, {params: quality});
        sizes[require("path").basename(path)] = compressed.length;
      }
      console.log(JSON.stringify(sizes));
    """
    done = subprocess.run(
        ["node", "-e", program, *map(str, paths)], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout)


def _module(source: str) -> str:
    package = _PACKAGE.search(source)
    if package:
        return package[1]
    return re.sub(r"^(\.\./)+", "", source)


def report() -> tuple[list[tuple[str, float, float]], float]:
    """(module, minified KB, brotli KB) by brotli size, and the brotli total in KB."""
    with tempfile.TemporaryDirectory(prefix="alma-bundle-") as work:
        assets = _build_with_maps(Path(work))
        chunks = _touched_chunks(assets)
        found = subprocess.run(
            [str(EXPLORER), *map(str, chunks), "--json", "--no-border-checks"],
            check=True,
            capture_output=True,
            text=True,
        )
        raw: Counter[str] = Counter()
        compressed: Counter[str] = Counter()
        total = 0
        sizes = _brotli(chunks)
        for result in json.loads(found.stdout)["results"]:
            size = sizes[Path(result["bundleName"]).name]
            total += size
            files = result["files"]
            mapped = sum(f["size"] for f in files.values()) or 1
            for source, figures in files.items():
                name = _module(source)
                raw[name] += figures["size"]
                compressed[name] += size * figures["size"] / mapped
    rows = [(name, raw[name] / 1024, compressed[name] / 1024) for name in compressed]
    rows.sort(key=lambda row: -row[2])
    return rows, total / 1024


def main() -> None:
    rows, total = report()
    print(f"JavaScript once touched: {total:.1f} KB (brotli), by module:")
    print("| module | minified (KB) | brotli, share of its chunk (KB) |")
    print("|---|---|---|")
    for name, minified, compressed in rows[:10]:
        print(f"| {name} | {minified:.1f} | {compressed:.1f} |")


if __name__ == "__main__":
    main()
