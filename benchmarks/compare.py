"""Before and after a change, in one run: this project's cold and one-edit builds at two commits.

A refactoring must not cost speed; on a shared VM two separate benchmark runs differ by ±10%,
so both trees are measured alternately on the same generated network (`make bench
BASELINE=<commit>`, `python -m scripts.bench --baseline <commit>`), each row the median of
`repeat` runs.  The baseline's code is exported with `git archive` (no worktree is left behind).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .measure import Measurement, measure
from .runner import IMAGE, ROOT, _check
from .synthetic import Size, generate


def _export(commit: str, target: Path) -> Path:
    """The tree of `commit`, exported into `target` (which must not exist)."""
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", commit],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def _settings(work: Path, name: str, tree: Path) -> Path:
    theme = work / f"theme-{name}"
    shutil.copytree(tree / "themes" / "congdoan", theme)
    settings = work / f"benchconf-{name}.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(tree)!r})\nfrom pelicanconf import *\nTHEME = {str(theme)!r}\n",
                        encoding="utf-8")
    return settings


def _median(runs: list[Measurement]) -> Measurement:
    return sorted(runs, key=lambda m: m.seconds)[len(runs) // 2]


def compare(work: Path, size: Size, jobs: int, baseline: str, repeat: int = 3) -> str:
    """The table of cold and one-edit builds, baseline commit against the working tree."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    content = work / "content"
    articles = generate(content, size, IMAGE)
    trees = {"before": _export(baseline, work / "code-before"), "after": ROOT}
    settings = {name: _settings(work, name, tree) for name, tree in trees.items()}

    def build(name: str, output: Path) -> Measurement:
        command = [sys.executable, "-m", "scripts.build", "--content", str(content), "--output", str(output),
                   "--settings", str(settings[name]), "--jobs", str(jobs), "--as-of", "2030-01-01"]
        return _check(f"{name} build", measure(command, trees[name]))

    cold: dict[str, list[Measurement]] = {name: [] for name in trees}
    edit: dict[str, list[Measurement]] = {name: [] for name in trees}
    for k in range(repeat):  # alternate, so a slow minute of the VM burdens both
        for name in trees:
            cold[name].append(build(name, work / f"output-{name}-{k}"))
    for k in range(repeat):
        edited = articles[(k + 1) * len(articles) // (repeat + 2)]  # one sentence of a different body each time
        header, _, body = edited.read_text(encoding="utf-8").partition("\n\n")
        edited.write_text(f"{header}\n\n{body.replace('. ', '. Một câu đã sửa. ', 1)}", encoding="utf-8")
        for name in trees:
            edit[name].append(build(name, work / f"output-{name}-{repeat - 1}"))
    lines = [f"{size.articles} articles, --jobs {jobs}; before = {baseline}, after = working tree; "
             f"median of {repeat}", "",
             "| run | before (s) | after (s) | after / before | peak RSS before / after (MB) |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for label, rows in (("cold", cold), ("one article edited", edit)):
        before, after = _median(rows["before"]), _median(rows["after"])
        lines.append(f"| {label} | {before.seconds:.2f} | {after.seconds:.2f} | {after.seconds / before.seconds:.3f} "
                     f"| {before.peak_mb:.0f} / {after.peak_mb:.0f} |")
    lines += ["", "Runs: " + "; ".join(
        f"{label} {name} " + ", ".join(f"{m.seconds:.2f}" for m in rows[name])
        for label, rows in (("cold", cold), ("edit", edit)) for name in trees) + " s."]
    return "\n".join(lines)
