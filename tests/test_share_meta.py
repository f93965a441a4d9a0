"""Share previews and search results: the description, canonical URL, Open Graph and Twitter tags of every page,
and every og:image in output at the size it states (a crop of the lead photo, or a card)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from test_images import SITE, UNIT, add_photos, article, local, soup

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content

SETTINGS = ROOT / "pelicanconf.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("share")
    content = copy_fixture_content(work)
    add_photos(content)
    (content / UNIT / "tieu-de-la.md").write_text(
        "Title: Tiêu đề </script><script>alert(1)</script> & \"ngoặc\"\nDate: 2026-11-18 08:00\nAuthor: Mỹ Ly\n\n"
        "Một câu.\n", encoding="utf-8")
    output = work / "output"
    build(BuildOptions(content, output, SETTINGS, jobs=2))
    return content, output


def meta(page: BeautifulSoup, key: str) -> list[str]:
    return [tag["content"] for tag in page.find_all("meta") if tag.get("property") == key or tag.get("name") == key]


def theme_pages(output: Path) -> list[Path]:
    """Every page the sites' templates wrote (not the network page, not redirect pages)."""
    return [p for p in output.glob("*/**/*.html") if "http-equiv=\"refresh\"" not in p.read_text(encoding="utf-8")]


def test_every_page_has_its_description_canonical_url_and_share_tags(built):
    _, output = built
    pages = theme_pages(output)
    assert len(pages) > 40
    for path in pages:
        page = soup(path)
        [canonical] = [link["href"] for link in page.find_all("link", rel="canonical")]
        url = "http://127.0.0.1:8000/" + path.relative_to(output).as_posix()
        assert canonical == url.removesuffix("index.html"), path
        for key in ("description", "og:title", "og:description", "og:type", "og:site_name", "og:image",
                    "og:image:width", "og:image:height", "twitter:card", "twitter:image"):
            assert len(meta(page, key)) == 1 and meta(page, key)[0].strip(), (path, key)
        # The image's own alt text, or for a card what it shows; never an empty one (a photo without ImageAlt).
        assert all(alt.strip() for alt in meta(page, "og:image:alt")), path
        assert meta(page, "og:url") == [canonical]
        assert meta(page, "og:locale") == ["vi_VN"]
        assert meta(page, "twitter:card") == ["summary_large_image"]
        assert meta(page, "og:type") == (["article"] if "/tin/" in url else ["website"])
        [image] = meta(page, "og:image")
        assert image.startswith("http://127.0.0.1:8000/")
        with Image.open(local(output, image)) as shown:
            assert [str(shown.width), str(shown.height)] == meta(page, "og:image:width") + meta(page, "og:image:height")
            assert shown.format == "JPEG"


def test_an_article_says_when_where_and_what_about(built):
    _, output = built
    page = soup(article(output, "hoi-thao-cong-nhan-co-anh-lon"))
    assert meta(page, "description") == ["Hội thao thu hút đông đảo công nhân."]  # the Summary
    assert meta(page, "og:title") == ["Hội thao công nhân có ảnh lớn"]
    assert meta(page, "article:published_time") == ["2026-11-20T08:00:00+07:00"]
    assert meta(page, "article:section") and meta(page, "og:image:alt") == ["Vận động viên kéo co trên sân"]
    # The fixture's article has tags and a Modified date.
    fixture = soup(article(output, "hoi-nghi-nguoi-lao-dong-nam-2026"))
    assert meta(fixture, "article:tag") == ["hội nghị", "dân chủ cơ sở"]
    assert meta(fixture, "article:modified_time") == ["2026-03-06T10:15:00+07:00"]
    small = soup(article(output, "bai-co-anh-nho"))
    assert meta(small, "description") == ["Ảnh đầu bài nhỏ hơn 600 điểm ảnh."]  # the body's first sentence


def test_the_share_image_is_the_lead_photos_crop_or_a_card(built):
    _, output = built
    crop = local(output, meta(soup(article(output, "hoi-thao-cong-nhan-co-anh-lon")), "og:image")[0])
    with Image.open(crop) as image:
        assert image.size == (1200, 630)
    # The fixture's lead photo is 800×450: cropped to 1.91:1 at its own width.
    fixture = soup(article(output, "hoi-nghi-nguoi-lao-dong-nam-2026"))
    assert (meta(fixture, "og:image:width"), meta(fixture, "og:image:height")) == (["800"], ["420"])
    # Narrower than 600 px, or no lead image: a card with the site's name and the title.
    for words in ("bai-co-anh-nho", "ban-tin-so-1"):
        path = article(output, words)
        page = soup(path)
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == (["1200"], ["630"])
        assert "/tp-dong/tin/chia-se/" in meta(page, "og:image")[0]
        assert meta(page, "og:image:alt")[0].endswith(page.find("h1").get_text())


def test_the_card_is_drawn_with_every_vietnamese_letter():
    from PIL import ImageFont

    from domain.images.share import FONT

    font = ImageFont.truetype(str(FONT), 40)
    letters = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    missing = font.getmask("\uffff").getbbox()  # what the font draws for a letter it lacks
    for letter in letters + letters.upper():
        assert font.getmask(letter).getbbox() != missing, letter
    assert (FONT.parent / "LICENSE-DejaVu.txt").is_file()
    assert UNIT and SITE  # the network the other tests build


def linked_data(page: BeautifulSoup) -> list[dict]:
    found = []
    for script in page.find_all("script", type="application/ld+json"):
        document = json.loads(script.string)
        assert document["@context"] == "https://schema.org"
        found += document.get("@graph", [document])
    return found


def test_every_article_has_a_news_article_and_its_breadcrumbs_as_json_ld(built):
    _, output = built
    pages = [p for p in (output / SITE / "tin").glob("*.html")]
    assert len(pages) > 10
    for path in pages:
        page = soup(path)
        items = {item["@type"]: item for item in linked_data(page)}
        news, trail = items["NewsArticle"], items["BreadcrumbList"]
        # What Google's article guidelines read, as the page itself shows it.
        assert news["headline"] == page.find("h1").get_text()[:110]
        assert news["url"] == news["mainEntityOfPage"]["@id"] == meta(page, "og:url")[0]
        assert news["image"][-1] == meta(page, "og:image")[0] and all(local(output, url).is_file() for url in news["image"])
        assert news["datePublished"] == meta(page, "article:published_time")[0] and news["datePublished"].endswith("+07:00")
        assert news["dateModified"].endswith("+07:00") and news["author"]["name"]
        assert news["publisher"]["@type"] == "Organization" and local(output, news["publisher"]["logo"]["url"]).is_file()
        # The trail the page shows, then the page itself (its h1: not repeated in the visible trail).
        shown = [a.get_text() for a in page.select("nav.breadcrumbs li")] + [page.find("h1").get_text()]
        assert [item["name"] for item in trail["itemListElement"]] == shown
        assert [item["position"] for item in trail["itemListElement"]] == list(range(1, len(shown) + 1))
        assert trail["itemListElement"][-1]["item"] == news["url"]


def test_a_title_cannot_close_the_json_ld_script(built):
    _, output = built
    path = article(output, "tieu-de-alert1-ngoac")
    page = soup(path)
    [news] = [item for item in linked_data(page) if item["@type"] == "NewsArticle"]
    assert news["headline"] == 'Tiêu đề </script><script>alert(1)</script> & "ngoặc"'
    assert news["author"] == {"@type": "Person", "name": "Mỹ Ly"}
    scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    assert [s["src"].rsplit("/", 1)[-1] for s in scripts] == ["trang.js"] and scripts[0].string is None  # the theme's


def test_each_front_page_describes_its_federation_up_the_hierarchy(built):
    _, output = built
    [city] = linked_data(soup(output / SITE / "index.html"))
    assert city["@type"] == "Organization" and city["url"] == f"http://127.0.0.1:8000/{SITE}/"
    assert city["parentOrganization"]["name"] == "Liên đoàn Lao động tỉnh Mẫu"
    assert "parentOrganization" not in city["parentOrganization"]
    assert linked_data(soup(next((output / SITE / "danh-ba").glob("index.html")))) == []


def test_json_ld_offers_the_lead_photo_in_the_ratios_google_asks_for(built):
    _, output = built
    shown = {}
    for name in ("hoi-thao-cong-nhan-co-anh-lon", "hoi-nghi-nguoi-lao-dong-nam-2026", "bai-co-anh-nho"):
        [news] = [item for item in linked_data(soup(article(output, name))) if item["@type"] == "NewsArticle"]
        sizes = []
        for url in news["image"]:
            with Image.open(local(output, url)) as image:
                sizes.append(image.size)
        shown[name] = sizes
    assert shown == {
        "hoi-thao-cong-nhan-co-anh-lon": [(1200, 675), (1200, 900), (1200, 1200), (1200, 630)],
        "hoi-nghi-nguoi-lao-dong-nam-2026": [(800, 450), (600, 450), (800, 420)],  # 800×450: no 1:1 of 600 px
        "bai-co-anh-nho": [(1200, 630)],  # 500 px wide: the card only
    }
