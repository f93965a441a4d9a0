"""Article headers, identity, slugs and the editors' error messages (no Pelican build)."""

from datetime import datetime
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st

from conftest import LAYOUT, scan
from domain.articles import scan_articles, short_id, slugify_vi, url_slug
from domain.articles.headers import parse_header
from domain.registry import ProblemsFound, load_network


def problems_after_writing(content: Path, relative: str, text: str) -> list:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    return caught.value.problems


@pytest.mark.parametrize(("title", "slug"), [
    ("Đại hội Công đoàn", "dai-hoi-cong-doan"),
    ("Ưu đãi cho đoàn viên: giảm 50%!", "uu-dai-cho-doan-vien-giam-50"),
    ("Tết Sum vầy – Xuân 2026", "tet-sum-vay-xuan-2026"),
    ("  Nhiều   khoảng trắng  ", "nhieu-khoang-trang"),
    ("ĐOÀN VIÊN", "doan-vien"),
])
def test_slugs_drop_diacritics_and_d_becomes_d(title, slug):
    assert slugify_vi(title) == slug


@pytest.mark.parametrize("text", [
    "Đại hội Công đoàn", "<b>Tin</b> &amp; ảnh", "ﬁ ligature ＡＢＣ", "Tab\tand\nnewline", "-- dashes --", "中文 标题",
    "Chính sách - Pháp luật", "Văn hóa - Thể thao", "a_b c", "İstanbul ǅ", "",
])
def test_slugs_are_exactly_pelicans(text):
    """domain/ writes Pelican's slugify out (it imports no Pelican): category and tag URLs
    computed by feeds, redirects and sitemaps must be the ones Pelican's pages are written at."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    assert slugify_vi(text) == slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


def test_url_slug_is_readable_and_unique_per_identity():
    first = url_slug("Hội nghị người lao động", "cdcs-a/hoi-nghi.md")
    second = url_slug("Hội nghị người lao động", "cdcs-b/hoi-nghi.md")
    assert first.startswith("hoi-nghi-nguoi-lao-dong-") and second.startswith("hoi-nghi-nguoi-lao-dong-")
    assert first != second
    assert first == url_slug("Hội nghị người lao động", "cdcs-a/hoi-nghi.md")  # stateless, stable
    assert len(short_id("x")) == 6 and short_id("x").isalnum()


def test_long_titles_are_cut_between_words():
    slug = url_slug("Công đoàn " * 30, "u/a.md")
    words = slug.rsplit("-", 1)[0]
    assert len(words) <= 80 and words.endswith("doan")


def test_header_keeps_line_numbers_and_continuations():
    header = parse_header("Title: Tiêu đề\nSummary: dòng một\n    dòng hai\nDate: 2026-01-01\n\nThân bài\n")
    assert header.get("title") == "Tiêu đề"
    assert header.get("Summary") == "dòng một dòng hai"
    assert header.line_of("Date") == 4
    assert header.body_line == 6


def test_fixture_articles_are_indexed(content):
    index = scan(content)
    dung = index.by_source["cdcs-dung/hoi-nghi-nguoi-lao-dong.md"]
    assert dung.identity == "cdcs-dung/hoi-nghi-nguoi-lao-dong.md"
    assert dung.image == "cdcs-dung/images/hoi-nghi.jpg"
    assert dung.tags == ("hội nghị", "dân chủ cơ sở")
    assert dung.date.utcoffset().total_seconds() == 7 * 3600
    assert index.by_source["cdcs-dong/ban-nhap.md"].status == "draft"
    assert [r.unit_id for r in index.published_of("cdcs-dong")] == ["cdcs-dong"]
    assert index.by_source["tinh-mau/thong-bao-dai-hoi.md"].category == "Tin tức - Sự kiện"


def test_explicit_id_is_the_identity(content):
    path = content / "tp-dong" / "co-id.md"
    path.write_text("Title: Có ID\nDate: 2026-01-01\nID: tp-dong-2026-0001\n\nNội dung.\n", encoding="utf-8")
    assert scan(content).by_source["tp-dong/co-id.md"].identity == "tp-dong-2026-0001"


def test_missing_date_is_an_error_not_a_skipped_file(content):
    problems = problems_after_writing(content, "cdcs-dung/khong-ngay.md", "Title: Không có ngày\n\nNội dung.\n")
    assert [(p.field, p.code) for p in problems] == [("Date", "missing-date")]
    assert str(problems[0]).startswith(str(problems[0].path) + ":1: Date: ")
    assert problems[0].path.endswith("cdcs-dung/khong-ngay.md")


def test_bad_date_points_at_its_line(content):
    problems = problems_after_writing(content, "cdcs-dung/sai-ngay.md", "Title: Sai ngày\nAuthor: A\nDate: 31/02/2026 8h\n\nx\n")
    assert [(p.line, p.field, p.code) for p in problems] == [(3, "Date", "bad-date")]


def test_missing_title(content):
    problems = problems_after_writing(content, "cdcs-dung/khong-tieu-de.md", "Date: 2026-01-01\n\nx\n")
    assert [p.code for p in problems] == ["missing-title"]


def test_article_cannot_publish_as_another_unit(content):
    problems = problems_after_writing(content, "cdcs-dung/mao-danh.md", "Title: T\nDate: 2026-01-01\nUnit: tinh-mau\n\nx\n")
    assert [(p.line, p.field, p.code) for p in problems] == [(3, "Unit", "unit-mismatch")]
    assert "tinh-mau" in problems[0].message and "cdcs-dung" in problems[0].message


def test_unknown_field_suggests_the_right_name(content):
    problems = problems_after_writing(content, "cdcs-dung/go-sai.md", "Title: T\nDate: 2026-01-01\nTittle: T\n\nx\n")
    assert [(p.line, p.code) for p in problems] == [(3, "unknown-field")]
    assert "`Title`" in problems[0].message


def test_missing_and_remote_images(content):
    problems = problems_after_writing(
        content, "cdcs-dung/anh.md",
        "Title: T\nDate: 2026-01-01\nImage: images/khong-co.jpg\n\nDòng một\n\n![a](images/cung-khong-co.png)\n\n![b](https://example.com/x.jpg)\n",
    )
    assert [(p.line, p.code) for p in problems] == [(3, "missing-image"), (7, "missing-file"), (9, "remote-image")]


def test_folder_that_is_not_a_unit(content):
    problems = problems_after_writing(content, "khong-phai-don-vi/bai.md", "Title: T\nDate: 2026-01-01\n\nx\n")
    assert [p.code for p in problems] == ["unknown-unit-folder"]


def test_duplicate_explicit_ids(content):
    (content / "tp-dong" / "mot.md").write_text("Title: Một\nDate: 2026-01-01\nID: tp-dong-trung\n\nx\n", encoding="utf-8")
    problems = problems_after_writing(content, "tp-dong/hai.md", "Title: Hai\nDate: 2026-01-02\nID: tp-dong-trung\n\nx\n")
    assert [p.code for p in problems] == ["duplicate-id"]


@pytest.mark.parametrize("taken", ["tp-tay/mot.md", "tp-tay-2026-1", "tinh-mau/thong-bao-dai-hoi.md", "x", "tp-dongx-1"])
def test_an_id_cannot_speak_for_another_unit(content, taken):
    """Not even the identity of another unit's deleted article: redirects and posts follow identities."""
    problems = problems_after_writing(content, "tp-dong/gia.md", f"Title: Giả\nDate: 2026-01-02\nID: {taken}\n\nx\n")
    assert [(p.line, p.code) for p in problems] == [(3, "id-outside-unit")]


def test_every_problem_of_every_file_is_reported_at_once(content):
    (content / "tp-dong" / "mot.md").write_text("Title: Một\n\nx\n", encoding="utf-8")
    problems = problems_after_writing(content, "tp-tay/hai.md", "Date: 2026-01-02\nStatus: nháp\n\nx\n")
    assert {p.code for p in problems} == {"missing-date", "missing-title", "bad-status"}


def test_a_field_name_with_diacritics_is_reported_not_read_as_body(content):
    problems = problems_after_writing(content, "cdcs-dung/dau.md", "Title: T\nTiêu đề: T\nDate: 2026-01-01\n\nx\n")
    assert [(p.line, p.field, p.code) for p in problems] == [(2, "Tiêu đề", "unknown-field")]


def test_day_month_dates_are_refused_as_ambiguous(content):
    problems = problems_after_writing(content, "cdcs-dung/ngay.md", "Title: T\nDate: 05/11/2026\n\nx\n")
    assert [(p.line, p.code) for p in problems] == [(2, "bad-date")]
    assert "2026-11-24 08:00" in problems[0].message


def test_article_files_with_the_wrong_extension_are_reported(content):
    for name in ("bai.MD", "bai.markdown", "bai.txt"):
        (content / "cdcs-dung" / name).write_text("Title: T\nDate: 2026-01-01\n\nx\n", encoding="utf-8")
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    assert sorted((Path(p.path).name, p.code) for p in caught.value.problems) == [
        ("bai.MD", "wrong-extension"), ("bai.markdown", "wrong-extension"), ("bai.txt", "wrong-extension")]


def test_category_spellings_are_unified(content):
    (content / "tp-dong" / "hoa.md").write_text("Title: A\nDate: 2026-01-01\nCategory: Hoạt động Công đoàn\n\nx\n", encoding="utf-8")
    (content / "tp-dong" / "la.md").write_text("Title: B\nDate: 2026-01-02\nCategory: Gương  sáng\n\nx\n", encoding="utf-8")
    (content / "tp-tay" / "la2.md").parent.mkdir(exist_ok=True)
    (content / "tp-tay" / "la2.md").write_text("Title: C\nDate: 2026-01-03\nCategory: gương sáng\n\nx\n", encoding="utf-8")
    index = scan_articles(content, load_network(content / "network.yml"), default_category="Tin tức - Sự kiện",
                          timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, main_categories=("Hoạt động công đoàn",))
    assert index.by_source["tp-dong/hoa.md"].category == "Hoạt động công đoàn"
    assert index.by_source["tp-tay/la2.md"].category == index.by_source["tp-dong/la.md"].category == "Gương  sáng"


def test_a_file_not_in_utf8_is_reported(content):
    (content / "cdcs-dung" / "latin1.md").write_bytes("Title: Tiêu đề\nDate: 2026-01-01\n\nx\n".encode("cp1258", errors="replace"))
    with pytest.raises(ProblemsFound) as caught:
        scan(content)
    assert [(Path(p.path).name, p.code) for p in caught.value.problems] == [("latin1.md", "not-utf8")]


def test_markdown_is_read_by_one_reused_instance_with_the_same_result(content):
    from pelican.readers import Readers
    from pelican.settings import read_settings

    import plugins.articles
    from builder.config import load_config
    from plugins.articles.reader import ReusingMarkdownReader
    from plugins.site_context import SITE_CONTEXT_KEY, SiteContext

    plugins.articles.register()
    index = scan(content)
    settings_file = Path(__file__).parent.parent / "pelicanconf.py"
    config, network = load_config(settings_file), load_network(content / "network.yml")
    context = SiteContext(network, network.roots[0], index, config.main_categories, config.news_from_below_count,
                          config.feeds, layout=config.layout, feed_items=content, memo=None)
    settings = read_settings(str(settings_file),
                             override={"PATH": str(content), SITE_CONTEXT_KEY: context, "SITEURL": "http://127.0.0.1:8000/x"})
    readers = Readers(settings)
    assert type(readers.readers["md"]) is ReusingMarkdownReader
    reused = readers.readers["md"]
    files = [content / record.source for record in index.records if record.published]
    for path in files + files:  # twice: state must not leak from one document to the next
        html, metadata = reused.read(str(path))
        assert (html, metadata) == ReusingMarkdownReader(settings).read(str(path))
        # Pelican learns only the documented fields, never a setting
        assert set(metadata) <= {"title", "date", "modified", "slug", "category", "status", "tags", "author", "summary"}
    assert id(reused._md) == id(readers.readers["md"]._md)


def test_the_index_cache_never_hides_a_file_that_went_missing(content):
    cache: dict = {}
    network = load_network(content / "network.yml")
    scan_articles(content, network, default_category="Tin tức", timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, cache=cache)
    assert "cdcs-dung/hoi-nghi-nguoi-lao-dong.md" in cache
    (content / "cdcs-dung" / "images" / "hoi-nghi.jpg").unlink()
    with pytest.raises(ProblemsFound) as caught:
        scan_articles(content, network, default_category="Tin tức", timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, cache=cache)
    assert {p.code for p in caught.value.problems} == {"missing-image", "missing-file"}


def test_a_large_scan_parsed_by_processes_equals_a_serial_one(tmp_path):
    """From PARALLEL_FROM new files on, the scan parses in a process pool: same index, same errors."""
    from benchmarks.runner import IMAGE
    from benchmarks.synthetic import Size, generate
    from builder.workers import scan_pool
    from domain.articles.index import PARALLEL_FROM

    articles = generate(tmp_path / "content", Size(articles=PARALLEL_FROM + 50, grassroots=10, cities=2), IMAGE)
    network = load_network(tmp_path / "content" / "network.yml")

    def scan(jobs: int, cache: dict):
        with scan_pool(jobs) as parallel_map:
            return scan_articles(tmp_path / "content", network, default_category="Tin tức - Sự kiện",
                                 timezone="Asia/Ho_Chi_Minh", layout=LAYOUT, cache=cache, parallel_map=parallel_map)

    serial_cache, parallel_cache = {}, {}
    assert scan(2, parallel_cache).records == scan(1, serial_cache).records
    assert {path: entry[:3] for path, entry in parallel_cache.items()} == {path: entry[:3] for path, entry in serial_cache.items()}
    broken = articles[123]
    broken.write_text(broken.read_text(encoding="utf-8").replace("Date: ", "Date: 31/12/", 1), encoding="utf-8")
    with pytest.raises(ProblemsFound) as found:
        scan(2, {})
    assert [(tuple(p.path.rsplit("/", 2)[-2:]), p.field) for p in found.value.problems] == [(broken.parts[-2:], "Date")]


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]))
def test_dates_read_by_the_fast_path_equal_pelicans(moment, form):
    from pelican.readers import MarkdownReader
    from pelican.settings import DEFAULT_CONFIG

    from plugins.articles.reader import ReusingMarkdownReader

    text = moment.strftime(form)
    ours = ReusingMarkdownReader(DEFAULT_CONFIG.copy()).process_metadata("date", text)
    pelicans = MarkdownReader(DEFAULT_CONFIG.copy()).process_metadata("date", text)
    assert (ours, type(ours), ours.tzinfo) == (pelicans, type(pelicans), pelicans.tzinfo)
