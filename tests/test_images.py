"""The image pipeline through real builds: renditions, `<picture>`, no metadata left, the cache.

Photos are made here by Pillow (large JPEGs carrying a GPS position, a turned photo, a
graphic with transparency), never added to content/ (the demo caps its images).
"""

from __future__ import annotations

import io
import os
import random
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageDraw, ImageFilter

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content
from domain.images import ImageFacts, plan_image
from domain.images.facts import Focus
from domain.images.framing import crop_box
from domain.images.renditions import MAX_WIDTH

SETTINGS = ROOT / "pelicanconf.py"
UNIT = "cdcs-dung"
SITE = "tp-dong"
GPS = (21.0, 2.0, 45.5)  # where members were photographed: must not leave the build


def photo(width: int, height: int, *, seed: int = 1, quality: int = 92) -> Image.Image:
    """A picture with a photo's detail: shapes, gradients and grain (compresses like a photo)."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(20, max(21, width // 6))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(image.filter(ImageFilter.GaussianBlur(2)), grain, 0.25)


def save_with_gps(image: Image.Image, path: Path, *, orientation: int = 1, quality: int = 92) -> None:
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: GPS, 3: "E", 4: (105.0, 46.0, 12.0)})
    image.save(path, "JPEG", quality=quality, exif=exif, icc_profile=None)


def write(content: Path, name: str, text: str) -> Path:
    path = content / UNIT / name
    path.write_text(text, encoding="utf-8")
    return path


def add_photos(content: Path) -> None:
    images = content / UNIT / "images"
    save_with_gps(photo(4000, 3000), images / "lon.jpg", quality=95)
    # Stored 1200 wide and 900 high, shown turned a quarter: 900 wide, 1200 high.
    save_with_gps(photo(1200, 900, seed=2), images / "xoay.jpg", orientation=6)
    graphic = Image.new("RGBA", (1000, 600), (0, 0, 0, 0))
    ImageDraw.Draw(graphic).rectangle((100, 100, 900, 500), fill=(179, 20, 27, 255))
    graphic.save(images / "do-hoa.png")
    save_with_gps(photo(500, 400, seed=3), images / "nho.jpg")
    write(content, "anh-lon.md", "Title: Hội thao công nhân có ảnh lớn\nDate: 2026-11-20 08:00\nImage: images/lon.jpg\n"
          "ImageAlt: Vận động viên kéo co trên sân\nImageFocus: 30% 40%\nImageCaption: Ảnh: Mỹ Ly\n"
          "Summary: Hội thao thu hút đông đảo công nhân.\n\n"
          "Đoạn đầu của bài viết.\n\n![Ảnh xoay](images/xoay.jpg)\n\n![Biểu đồ](images/do-hoa.png \"Biểu đồ số liệu\")\n\n"
          "[Tải ảnh gốc](images/lon.jpg)\n")
    write(content, "anh-nho.md", "Title: Bài có ảnh nhỏ\nDate: 2026-11-19 08:00\nImage: images/nho.jpg\nImageAlt: -\n\n"
          "Ảnh đầu bài nhỏ hơn 600 điểm ảnh. Câu thứ hai.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("images")
    content = copy_fixture_content(work)
    add_photos(content)
    output = work / "output"
    build(BuildOptions(content, output, SETTINGS, jobs=2))
    return content, output


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def local(output: Path, url: str) -> Path:
    """The output file of an absolute URL of the local build (http://127.0.0.1:8000/<site>/...)."""
    return output / unquote(urlparse(url).path).lstrip("/")


def article(output: Path, words: str) -> Path:
    return next((output / SITE / "tin").glob(f"{words}-*.html"))


def published_images(output: Path) -> list[Path]:
    return [p for p in output.rglob("*") if p.is_file() and p.suffix.lower() in (".jpg", ".png", ".webp", ".avif", ".gif")]


def test_every_image_is_offered_as_a_picture_with_its_size(built):
    content, output = built
    page = soup(article(output, "hoi-thao-cong-nhan-co-anh-lon"))
    figure = page.select_one("figure.article-figure picture")
    lead = figure.find("img")
    assert lead["fetchpriority"] == "high" and "loading" not in lead.attrs
    assert (lead["width"], lead["height"]) == (str(MAX_WIDTH), "1200")
    assert lead["alt"] == "Vận động viên kéo co trên sân"
    assert [s["type"] for s in figure.find_all("source")] == ["image/avif", "image/webp"]
    widths = [candidate.split()[1] for candidate in figure.find("source")["srcset"].split(", ")]
    assert widths == ["360w", "720w", "1200w", "1600w"]
    body = page.select(".article-body picture img")
    assert [(img["alt"], img["width"], img["height"]) for img in body] == [
        ("Ảnh xoay", "900", "1200"), ("Biểu đồ", "1000", "600")]
    assert all(img["loading"] == "lazy" and img["decoding"] == "async" for img in body)
    assert body[1]["title"] == "Biểu đồ số liệu"
    assert [s["type"] for s in body[1].find_parent("picture").find_all("source")] == ["image/avif", "image/webp"]
    assert body[1]["src"].endswith("/do-hoa.png") and body[1]["srcset"].split(", ")[0].endswith(".360w.png 360w")
    # The link to the photo itself leads to its capped copy, at the URL it always had.
    link = page.find("a", string="Tải ảnh gốc")
    assert link["href"].endswith(f"/{UNIT}/images/lon.jpg")


def test_every_srcset_file_exists_at_its_stated_width(built):
    _, output = built
    checked = 0
    for page in (output / SITE).rglob("*.html"):
        for tag in soup(page).find_all(["img", "source"]):
            if tag.name == "img":
                assert tag.get("width") and tag.get("height"), (page, tag)
            for candidate in filter(None, (tag.get("srcset") or "").split(", ")):
                url, width = candidate.split()
                with Image.open(local(output, url)) as image:
                    assert f"{image.width}w" == width, url
                checked += 1
    assert checked > 20


def test_no_published_image_keeps_its_metadata_and_none_is_the_original(built):
    content, output = built
    files = published_images(output)
    assert len(files) > 30
    for file in files:
        with Image.open(file) as image:
            assert not image.getexif(), file
            assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), (file, set(image.info))
        assert b"PhoneMaker" not in file.read_bytes()
    capped = output / SITE / UNIT / "images" / "lon.jpg"
    original = content / UNIT / "images" / "lon.jpg"
    with Image.open(capped) as image:
        assert image.size == (MAX_WIDTH, 1200)
    assert capped.stat().st_size < original.stat().st_size / 5
    with Image.open(output / SITE / UNIT / "images" / "xoay.jpg") as image:
        assert image.size == (900, 1200)  # turned as the photo's EXIF said, before the EXIF was dropped


def test_an_unchanged_image_is_never_encoded_again(built, tmp_path):
    content, output = built
    cache = output.parent / f".{output.name}-cache" / "images"

    def entries() -> dict[str, int]:
        return {str(p.relative_to(cache)): p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}

    before = entries()
    assert len([name for name in before if name.endswith("share.jpg")]) >= 3
    # A new article (its site is rebuilt): its card is new, every photo is found in the cache.
    write(content, "bai-moi.md", "Title: Bài mới không ảnh\nDate: 2026-11-21 08:00\n\nNội dung mới.\n")
    try:
        build(BuildOptions(content, output, SETTINGS))
        after = entries()
        assert {name: after[name] for name in before} == before
        assert len(set(after) - set(before)) == 1  # the new article's card
        lead = output / SITE / UNIT / "images" / "lon.jpg.720w.avif"
        assert lead.stat().st_ino in {p.stat().st_ino for p in cache.rglob("720w.avif")}  # linked, not copied
    finally:
        (content / UNIT / "bai-moi.md").unlink()
        build(BuildOptions(content, output, SETTINGS))  # the module's build as it was, for the other tests


def test_the_plan_never_enlarges_and_names_every_file_apart():
    small = plan_image(ImageFacts("u/images/a.png", 300, 200, True, False))
    assert [(r.path, r.format, r.width) for r in small.files] == [
        ("u/images/a.png", "PNG", 300), ("u/images/a.png.300w.avif", "AVIF", 300), ("u/images/a.png.300w.webp", "WEBP", 300)]
    jpeg = plan_image(ImageFacts("u/images/a.jpg", 2000, 1000, False, False))
    assert len({r.path for r in jpeg.files}) == len(jpeg.files) == 1 + 4 + 4 + 3
    assert max(r.width for r in jpeg.files) == MAX_WIDTH
    animated = plan_image(ImageFacts("u/images/a.gif", 400, 300, True, True))
    assert [r.path for r in animated.files] == ["u/images/a.gif"]


def test_the_crop_follows_the_focus_as_far_as_it_fits():
    assert crop_box(4000, 3000, Focus(0.5, 0.5)) == (0, 450, 4000, 2550)
    assert crop_box(4000, 3000, Focus(0.3, 0.1)) == (0, 0, 4000, 2100)
    assert crop_box(4000, 1000, Focus(0.0, 0.5)) == (0, 0, 1905, 1000)
    assert crop_box(4000, 1000, Focus(0.9, 0.5)) == (2095, 0, 4000, 1000)


def test_encoding_a_gps_tagged_jpeg_in_memory_keeps_no_position(tmp_path):
    from domain.images.encoding import encode_plan

    source = tmp_path / "u" / "images" / "a.jpg"
    source.parent.mkdir(parents=True)
    save_with_gps(photo(800, 600), source)
    with Image.open(source) as image:
        assert image.getexif().get_ifd(0x8825)  # the test photo does carry a position
    files = encode_plan(source, plan_image(ImageFacts("u/images/a.jpg", 800, 600, False, False)))
    for name, data in files.items():
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif().get_ifd(0x8825), name
    assert os.path.getsize(source) > 0


def test_the_files_of_each_article_are_a_pure_function_of_its_record(built):
    """article_files (what the URL inventory can list) is exactly what the site runs write."""
    from conftest import local_network, scan
    from domain.images import article_files

    content, output = built
    index, network = scan(content), local_network(content)
    listed = {f"{SITE}/{path}" for unit in network.site_units(network[SITE])
              for record in index.published_of(unit.id) for path in article_files(record.images, record.save_as, record.identity, record.image)}
    written = {p.relative_to(output).as_posix() for p in (output / SITE).rglob("*")
               if p.is_file() and ("/images/" in p.as_posix() or "/chia-se/" in p.as_posix()) and "/theme/" not in p.as_posix()}
    assert listed == written


def test_every_kind_of_source_loses_its_metadata(tmp_path):
    """GIF comments, EXIF in WebP, AVIF and PNG, CMYK and greyscale JPEGs: pixels only, whatever came in."""
    from domain.images import inspect_image
    from domain.images.encoding import encode_plan

    folder = tmp_path / "u" / "images"
    folder.mkdir(parents=True)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    frames = [Image.new("RGB", (200, 100), colour) for colour in ("red", "green", "blue")]
    frames[0].save(folder / "a.gif", save_all=True, append_images=frames[1:], duration=100, loop=0, comment=b"PhoneMaker")
    Image.new("CMYK", (900, 600), (0, 100, 200, 0)).save(folder / "cmyk.jpg", exif=exif)
    Image.new("L", (300, 300), 100).save(folder / "grey.jpg", exif=exif)
    Image.new("RGB", (1300, 700), "teal").save(folder / "w.webp", exif=exif)
    Image.new("RGB", (700, 500), "navy").save(folder / "a.avif", exif=exif)
    Image.new("RGBA", (640, 480), (1, 2, 3, 128)).save(folder / "x.png", exif=exif)
    Image.new("I;16", (500, 300), 30000).save(folder / "sau.png")  # 16-bit grey: 30000 of 65535
    for file in sorted(folder.iterdir()):
        facts = inspect_image(str(file), f"u/images/{file.name}", file.name)
        assert isinstance(facts, ImageFacts), facts
        for name, data in encode_plan(file, plan_image(facts)).items():
            assert b"PhoneMaker" not in data, (file.name, name)
            with Image.open(io.BytesIO(data)) as image:
                assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info), (file.name, name)
                assert image.mode in ("RGB", "RGBA", "P"), (file.name, name, image.mode)
                if file.name == "sau.png":
                    assert image.convert("L").getpixel((0, 0)) in range(110, 125)  # scaled, not clipped to white


def test_the_store_keeps_what_builds_use_and_prunes_the_rest(tmp_path):
    import time

    from domain.images.store import Store, prune_unused

    store = Store(tmp_path / "images")
    made = []
    used = store.entry("a" * 64, ["x.jpg"], lambda: made.append(1) or {"x.jpg": b"1"})
    old = store.entry("b" * 64, ["x.jpg"], lambda: made.append(1) or {"x.jpg": b"2"})
    assert store.entry("a" * 64, ["x.jpg"], lambda: made.append(1) or {}) == used and len(made) == 2 == store.encoded
    long_ago = time.time() - 40 * 86400
    os.utime(old, (long_ago, long_ago))
    os.utime(used / "x.jpg", (long_ago, long_ago))  # a file's own time (its output link's) never counts
    assert prune_unused(tmp_path / "images") == 1
    assert used.is_dir() and not old.exists()


def test_feeds_carry_plain_images_of_the_capped_copy(built):
    """Feed readers' sanitisers drop <picture>, <source> and srcset: a feed item keeps the plain <img>."""
    import feedparser

    _, output = built
    feed = feedparser.parse((output / SITE / "feeds" / "tat-ca.atom.xml").read_bytes())
    [entry] = [e for e in feed.entries if e.title == "Hội thao công nhân có ảnh lớn"]
    body = BeautifulSoup(entry.content[0].value, "lxml")
    assert body.find("picture") is None and body.find("source") is None
    assert [img["src"].rsplit("/", 1)[1] for img in body.find_all("img")] == ["xoay.jpg", "do-hoa.png"]


def _encode_and_publish(store_folder, key, target, barrier, errors):
    from domain.images.store import Store, publish

    store = Store(store_folder)
    barrier.wait()
    try:
        folder = store.entry(key, ["x.jpg"], lambda: {"x.jpg": b"the same picture"})
        publish(folder / "x.jpg", target)
    except OSError as error:
        errors.put(repr(error))


def test_two_workers_encoding_one_picture_at_once_both_publish_it(tmp_path):
    """Two sites' runs (forked workers) meeting the same photo at the same moment: neither may
    remove the entry the other has just renamed into place and is linking into its site (a cold
    build of the benchmark's network, one photo in every unit, failed so once in ~20 builds)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    errors = context.Queue()
    for round_ in range(150):
        key = f"{round_:064x}"
        barrier = context.Barrier(2)
        workers = [context.Process(target=_encode_and_publish,
                                   args=(tmp_path / "images", key, tmp_path / f"site-{n}" / f"{round_}.jpg", barrier, errors))
                   for n in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors.empty(), errors.get()
        assert all((tmp_path / f"site-{n}" / f"{round_}.jpg").read_bytes() == b"the same picture" for n in range(2))


def test_an_entry_damaged_by_hand_is_encoded_again(tmp_path):
    from domain.images.store import Store

    store = Store(tmp_path / "images")
    folder = store.entry("c" * 64, ["x.jpg", "y.jpg"], lambda: {"x.jpg": b"1", "y.jpg": b"2"})
    (folder / "y.jpg").unlink()
    again = store.entry("c" * 64, ["x.jpg", "y.jpg"], lambda: {"x.jpg": b"1", "y.jpg": b"2"})
    assert again == folder and (folder / "y.jpg").read_bytes() == b"2" and store.encoded == 2
    assert sorted(p.name for p in folder.parent.iterdir()) == [folder.name]  # nothing left aside


def test_a_build_prunes_old_entries_no_page_shows_and_keeps_an_unchanged_site_s(tmp_path):
    """A site that did not change is not run, so its entries' times grow old; its published files
    are hard links to them and keep them.  An entry no page shows (a replaced photo) goes after 30 days."""
    import time

    from incremental.cache_paths import CachePaths

    content = copy_fixture_content(tmp_path)
    add_photos(content)
    output = tmp_path / "output"
    build(BuildOptions(content, output, SETTINGS, jobs=1))
    images = CachePaths.beside(output.resolve()).images
    entries = sorted(p for shard in images.iterdir() for p in shard.iterdir())
    assert entries
    orphan = images / "ff" / ("f" * 64)  # what a photo replaced long ago left
    orphan.mkdir(parents=True)
    (orphan / "x.jpg").write_bytes(b"old")
    long_ago = time.time() - 40 * 86400
    for entry in [*entries, orphan]:
        os.utime(entry, (long_ago, long_ago))
    article = next(p for p in content.rglob("*.md") if "Title:" in p.read_text(encoding="utf-8"))
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    build(BuildOptions(content, output, SETTINGS, jobs=1))  # one article changed: most sites reused
    assert not orphan.exists()
    assert all(entry.is_dir() for entry in entries)


def test_each_width_is_resized_once_for_its_three_formats(tmp_path, monkeypatch):
    """Resizing is most of a photo's cost: one LANCZOS per width, shared by its AVIF, WebP and JPEG
    (a dict comprehension once made every rendition resize again: 12 resizes instead of 4)."""
    from domain.images import encoding

    source = tmp_path / "anh.jpg"
    Image.effect_noise((2400, 1800), 40).convert("RGB").save(source, "JPEG", quality=85)
    plan = plan_image(ImageFacts("cdcs/images/anh.jpg", 2400, 1800, False, False))
    sizes = {(r.width, r.height) for r in plan.files}
    calls: list[tuple[int, int]] = []
    resize = Image.Image.resize

    def counted(self, size, *args, **kwargs):
        calls.append(tuple(size))
        return resize(self, size, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "resize", counted)
    files = encoding.encode_plan(source, plan)
    assert set(files) == {r.name for r in plan.files} and len(plan.files) > len(sizes)
    assert sorted(calls) == sorted(size for size in sizes if size != (2400, 1800))
