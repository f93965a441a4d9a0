"""The layout's import rules: which package may import which, read from the source with `ast`.

Nothing is imported: a rule is about what a module's text asks for, so a broken
import fails here with its file and line rather than as an ImportError elsewhere.
Every import counts, including those inside functions (a lazy import of Pelican
from the domain still makes the domain depend on Pelican).
"""

from __future__ import annotations

import ast
import runpy
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("domain", "plugins", "stages", "incremental", "builder", "checks", "social", "preview", "scripts")
SCRIPT_MAX_LINES = 120  # a script parses arguments and calls importable code; more is code to move


@dataclass(frozen=True)
class Import:
    """One module an import statement names, absolute, with where the statement is."""

    file: Path
    line: int
    module: str

    @property
    def top(self) -> str:
        return self.module.split(".")[0]

    def within(self, *prefixes: str) -> bool:
        """Whether the module is one of `prefixes` or inside one of them."""
        return any(self.module == prefix or self.module.startswith(prefix + ".") for prefix in prefixes)

    def __str__(self) -> str:
        return f"{self.file.relative_to(ROOT)}:{self.line}: import {self.module}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def module_file(name: str) -> Path | None:
    """The project file that defines module `name`, or None (a third-party module or a name)."""
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def imports(path: Path) -> Iterator[Import]:
    """Every module `path` imports; `from x import y` names x.y when y is a module of the project."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield Import(path, node.lineno, submodule if module_file(submodule) else base)


def package_files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def broken(files: Iterable[Path], forbidden: tuple[str, ...],
           allowed: dict[str, tuple[str, ...]] | None = None) -> list[str]:
    """The imports of `files` within `forbidden`, unless `allowed[file]` lists them."""
    allowed = allowed or {}
    found = []
    for path in files:
        permitted = allowed.get(str(path.relative_to(ROOT)), ())
        found += [str(i) for i in imports(path) if i.within(*forbidden) and not i.within(*permitted)]
    return found


def assert_none(found: list[str], rule: str) -> None:
    assert not found, f"{rule}:\n  " + "\n  ".join(found)


def test_the_domain_imports_no_pelican_and_nothing_downstream():
    assert_none(broken(package_files("domain"),
                       ("pelican", "plugins", "builder", "stages", "incremental", "social", "checks", "preview",
                        "scripts")),
                "domain/ imports only itself and third-party libraries other than Pelican")


def test_plugins_never_import_the_build_or_what_runs_after_it():
    assert_none(broken(package_files("plugins"), ("builder", "stages", "social", "checks", "preview", "scripts")),
                "plugins/ runs inside a Pelican run: it never imports builder, stages, social, checks or scripts")


@pytest.mark.parametrize("package", ["stages", "incremental", "checks", "social", "preview"])
def test_packages_outside_pelican_never_import_it(package):
    assert_none(broken(package_files(package), ("plugins", "pelican")),
                f"{package}/ works on the written output and the domain, never through Pelican or its plugins")


def test_the_builder_reaches_pelican_only_through_its_door():
    # sites.py runs Pelican with the plugins; config.py reads the settings file with Pelican's reader.
    assert_none(broken(package_files("builder"), ("plugins", "pelican"),
                       allowed={"builder/sites.py": ("plugins", "pelican"), "builder/config.py": ("pelican.settings",)}),
                "builder/ imports Pelican or a plugin only in builder/sites.py (and pelican.settings in config.py)")


def test_social_depends_on_the_builder_only_for_the_config():
    assert_none(broken(package_files("social"), ("builder",), allowed={
        str(p.relative_to(ROOT)): ("builder.config",) for p in package_files("social")}),
        "social/ uses only builder.config from the builder (never its internals)")


def test_the_preview_reaches_the_build_only_through_its_phases():
    # The preview is a client of the build (builder.build, its config and its failures), never inside it.
    assert_none(broken(package_files("preview"), ("builder",), allowed={
        str(p.relative_to(ROOT)): ("builder.build", "builder.config", "builder.quick_lists", "builder.quick_page",
                                       "builder.sites")
        for p in package_files("preview")}),
        "preview/ uses builder.build (BuildOptions, build), builder.quick_page and quick_lists, builder.config "
        "and builder.sites' failure and warm-up only")
    assert_none(broken(package_files("domain", "plugins", "stages", "incremental", "builder", "checks", "social"),
                       ("preview",)), "nothing the build runs imports the preview: a publish build never has it")


@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "scripts").glob("*.py") if p.name != "__init__.py"))
def test_scripts_are_thin_entry_points(script):
    path = ROOT / "scripts" / script
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= SCRIPT_MAX_LINES, f"scripts/{script} has {lines} lines: move the work into a package"
    functions = {node.name for node in ast.parse(path.read_text(encoding="utf-8")).body
                 if isinstance(node, ast.FunctionDef)}
    assert "main" in functions, f"scripts/{script} has no main(): a script is one entry point"


def modules_run_from(roots: Iterable[str]) -> dict[str, Import | None]:
    """Every project module reachable from `roots` by imports, with the import that first reached it.

    Importing a.b.c runs a/__init__.py and a/b/__init__.py too, so parents count.
    """
    reached: dict[str, Import | None] = {}
    pending: list[tuple[str, Import | None]] = [(root, None) for root in roots]
    while pending:
        name, via = pending.pop()
        parts = name.split(".")
        for depth in range(1, len(parts) + 1):
            prefix = ".".join(parts[:depth])
            path = module_file(prefix)
            if prefix in reached or path is None:
                continue
            reached[prefix] = via
            pending += [(i.module, i) for i in imports(path)]
    return reached


def test_every_package_a_build_runs_is_in_the_code_fingerprint():
    # A package the build runs but the fingerprint leaves out would let a code change reuse stale sites.
    from incremental.reuse import RECIPE_FOLDERS

    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    reached = modules_run_from(["builder.build", *plugins])
    assert "builder.sites" in reached and plugins[0] in reached, "the import graph lost the build"
    missing = sorted(str(via or name) for name, via in reached.items()
                     if (ROOT / name.split(".")[0]).is_dir() and name.split(".")[0] not in RECIPE_FOLDERS)
    assert_none(missing, f"the build runs packages that incremental.reuse.RECIPE_FOLDERS {RECIPE_FOLDERS} leaves out")


def _readme_tree() -> set[str]:
    """The paths README.md's architecture tree names: an entry is the first word of a line
    indented two spaces per level (deeper lines continue the description above)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Architecture", 1)[1].split("```", 2)[1]
    paths, parents = set(), []
    for line in block.splitlines()[1:]:
        indent = len(line) - len(line.lstrip(" "))
        word = line.split()[0] if line.strip() else ""
        if indent % 2 or indent > 2 * len(parents) or not (word.endswith("/") or word.endswith(".py")):
            continue
        parents = parents[: indent // 2]
        path = "".join(parents) + word
        paths.add(path.rstrip("/"))
        if word.endswith("/"):
            parents.append(word)
    return paths


def test_the_readme_tree_is_the_tree_of_the_folders():
    """Every path the README's tree names exists, and a folder whose children it lists lists them all."""
    named = _readme_tree()
    assert {"domain", "plugins", "stages", "incremental", "builder", "domain/url_layout.py"} <= named
    missing = sorted(path for path in named if not (ROOT / path).exists())
    assert not missing, f"README.md's tree names what does not exist: {missing}"
    for folder in sorted(p for p in named if (ROOT / p).is_dir()):
        listed = {p for p in named if p.rpartition("/")[0] == folder}
        if not listed:
            continue  # described as a whole
        present = {f"{folder}/{child.name}" for child in (ROOT / folder).iterdir()
                   if (child.suffix == ".py" and child.name != "__init__.py")
                   or (child.is_dir() and (child / "__init__.py").is_file())}
        assert present <= listed, f"README.md's tree of {folder}/ lacks {sorted(present - listed)}"
