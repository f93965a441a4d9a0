"""Search: folding and tokens, the index files and their ranking, and the index of a real build."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from domain.search import (
    SearchDocument,
    SiteInfo,
    clean_text,
    fold,
    index_files,
    query_terms,
    search,
    term_hash,
    tokens,
)
from domain.search import index as search_index
from domain.search.layout import NETWORK_INDEX, index_folder
from domain.search.network import network_files, site_readers

SITE = SiteInfo("tp-a", "http://127.0.0.1:8000/tp-a")
UNITS = {"cdcs-a": "CĐCS A", "cdcs-b": "CĐCS B"}


def doc(number: int, title: str, text: str, day: str = "2026-05-01", unit: str = "cdcs-a",
        category: str = "Tin tức") -> SearchDocument:
    return SearchDocument(f"{unit}/bai-{number}", "tp-a", clean_text(title), f"tin/bai-{number}.html",
                          f"{day}T08:00:00+07:00", unit, category, "", clean_text(text))


def found(files: dict[str, bytes], query: str, newest_first: bool = False) -> list[str]:
    """The titles `query` finds, in order."""
    rows = {}
    for number in range(json.loads(files["meta.json"])["docs"]):
        shard = json.loads(files[f"d/{number // search_index.DOCS_PER_SHARD}.json"])
        rows[number] = shard[number % search_index.DOCS_PER_SHARD][0]
    return [rows[n] for _, n in search([files.__getitem__], query, newest_first)]


# --- folding ---------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, written", [
    ("cong doan", "Công Đoàn"), ("doan", "đoàn"), ("duong", "ĐƯỜNG"), ("dong nai", "Đồng Nai"),
    ("nguoi lao dong", "người lao động"), ("thoa uoc", "thỏa ước"), ("thoa uoc", "thoả ước"),
])
def test_vietnamese_typed_without_diacritics_folds_like_the_written_words(typed, written):
    assert fold(written) == typed
    assert [folded for folded, _ in query_terms(written)] == typed.split()


def test_decomposed_and_composed_text_give_the_same_tokens():
    composed = "Công đoàn Đồng Nai"
    decomposed = unicodedata.normalize("NFD", composed)
    assert tokens(clean_text(decomposed)) == tokens(clean_text(composed)) == ["công", "đoàn", "đồng", "nai"]


def test_hostile_text_huge_tokens_and_control_characters():
    huge = "a" * 10_000
    text = clean_text(f"đoàn\x00viên\x1b[31m {huge} \u202eđảo\u200bngược\ufeff")
    assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text and "\u200b" not in text
    words = tokens(text)
    assert huge not in words and max(len(word) for word in words) <= 40
    assert words[:2] == ["đoàn", "viên"] and "đảo" in words and "ngược" in words
    assert query_terms("\x00\x01  ") == []


# --- the index and its ranking -----------------------------------------------------------------

def test_queries_without_diacritics_find_the_written_words_and_only_them():
    docs = [doc(1, "Hội nghị công đoàn", "Bàn về tiền lương."), doc(2, "Đường mới", "Con đường vào khu công nghiệp."),
            doc(3, "Tỉnh Đồng Nai", "Lao động ở Đồng Nai."), doc(4, "Dòng sông", "Không có từ nào khác.")]
    files = index_files(docs, SITE, UNITS)
    assert found(files, "cong doan") == ["Hội nghị công đoàn"]
    assert found(files, "duong") == ["Đường mới"]
    assert found(files, "dong nai") == ["Tỉnh Đồng Nai"]
    assert set(found(files, "dong")) == {"Tỉnh Đồng Nai", "Dòng sông"}  # đồng, động, dòng
    assert found(files, "khong co tu nao") == ["Dòng sông"]
    assert found(files, "xyz") == [] and found(files, "") == []


def test_a_query_with_its_diacritics_ranks_the_exact_spelling_first():
    docs = [doc(1, "Đoán trước", "đoán đoán đoán đoán"), doc(2, "Một đoạn", "đoạn đoạn đoạn"),
            doc(3, "Công đoàn", "đoàn"), doc(4, "Doan", "Doãn")]
    files = index_files(docs, SITE, UNITS)
    assert found(files, "đoàn")[0] == "Công đoàn"
    assert found(files, "đoạn")[0] == "Một đoạn"
    assert len(found(files, "doan")) == 4  # without marks: every spelling


def test_adjacent_words_rank_above_scattered_ones():
    docs = [doc(1, "Bài một", "công nhân và đoàn viên"), doc(2, "Bài hai", "hoạt động công đoàn")]
    files = index_files(docs, SITE, UNITS)
    assert found(files, "cong doan") == ["Bài hai", "Bài một"]


def test_newest_first_and_each_article_once():
    docs = [doc(1, "Cũ", "công đoàn", day="2024-01-02"), doc(2, "Mới", "công đoàn", day="2026-03-04"),
            doc(2, "Mới", "công đoàn", day="2026-03-04")]
    files = index_files(docs, SITE, UNITS)
    meta = json.loads(files["meta.json"])
    assert meta["docs"] == 2 and meta["days"] == [20260304, 20260304 - 20240102]
    assert found(files, "cong doan", newest_first=True) == ["Mới", "Cũ"]


def test_the_same_documents_in_any_order_give_the_same_bytes():
    docs = [doc(n, f"Bài {n}", f"công đoàn số {n} " * (n % 7 + 1), day=f"2026-0{n % 9 + 1}-01") for n in range(60)]
    assert index_files(docs, SITE, UNITS) == index_files(list(reversed(docs)), SITE, UNITS)


def _colliding_terms() -> tuple[str, str]:
    seen: dict[int, str] = {}
    number = 0
    while True:
        term = f"t{number}"
        value = term_hash(term)
        if value in seen:
            return seen[value], term
        seen[value] = term
        number += 1


def test_terms_with_the_same_hash_keep_their_own_postings():
    first, second = _colliding_terms()
    assert term_hash(first) == term_hash(second) and first != second
    docs = [doc(1, "Thứ nhất", first), doc(2, "Thứ hai", second), doc(3, "Cả hai", f"{first} {second}")]
    files = index_files(docs, SITE, UNITS)
    assert sorted(found(files, first)) == ["Cả hai", "Thứ nhất"]
    assert sorted(found(files, second)) == ["Cả hai", "Thứ hai"]


def test_many_documents_spread_over_shards_and_every_word_is_found(monkeypatch):
    monkeypatch.setattr(search_index, "POSTINGS_PER_SHARD", 64)
    docs = [doc(n, f"Bài {n}", f"từ{n} công đoàn người lao động") for n in range(200)]
    files = index_files(docs, SITE, UNITS)
    meta = json.loads(files["meta.json"])
    assert meta["term_shards"] > 4 and len([name for name in files if name.startswith("d/")]) == -(-200 // search_index.DOCS_PER_SHARD)
    assert all(found(files, f"tu{n}") == [f"Bài {n}"] for n in range(0, 200, 17))
    assert len(found(files, "nguoi lao dong")) == 200


def test_a_site_without_articles_and_a_pasted_paragraph():
    files = index_files([], SITE, UNITS)
    assert json.loads(files["meta.json"])["docs"] == 0 and set(files) == {"meta.json", "t/0.json"}
    assert found(files, "cong doan") == []
    assert len(query_terms("công đoàn " * 500)) == 12  # at most 12 words fetched


def test_html_in_a_title_is_kept_as_text():
    files = index_files([doc(1, "<img src=x onerror=alert(1)> Đường <b>dây</b>", "nóng")], SITE, UNITS)
    title = json.loads(files["d/0.json"])[0][0]
    assert title == "<img src=x onerror=alert(1)> Đường <b>dây</b>"  # shown with textContent by the script


def test_the_network_index_answers_as_its_sites_indexes_do(monkeypatch):
    """Sites of 1, 2, 16 and 128 term shards joined: every term found in each, ranked as the sites' own files."""
    sites = []
    for number, (per_shard, count) in enumerate([(100_000, 5), (400, 30), (100, 60), (16, 90)]):
        monkeypatch.setattr(search_index, "POSTINGS_PER_SHARD", per_shard)
        docs = [doc(n, f"Bài {n} của trang {number}", f"từ{n} công đoàn người lao động trang{number} " * (n % 3 + 1),
                    day=f"2026-0{n % 9 + 1}-0{number + 1}") for n in range(count)]
        sites.append((f"tp-{number}", index_files(docs, SiteInfo(f"tp-{number}", f"/tp-{number}"), UNITS)))
    counts = [json.loads(files["meta.json"])["term_shards"] for _, files in sites]
    assert counts == [1, 2, 16, 128]
    network = dict(network_files([(site_id, files.__getitem__) for site_id, files in sites]))
    meta = json.loads(network["meta.json"])
    assert meta["sites"] == ["tp-0", "tp-1", "tp-2", "tp-3"] and meta["term_shards"] == 128
    assert meta["metas"] == [json.loads(files["meta.json"]) for _, files in sites]
    assert set(network) == {"meta.json", *(f"t/{n}.json" for n in range(128))}
    own = [files.__getitem__ for _, files in sites]
    joined = site_readers(network.__getitem__)
    for query in ["cong doan", "nguoi lao dong", "tu7", "trang2", "bai 3 cua", "tu89", "khong co"]:
        for newest in (False, True):
            assert search(joined, query, newest) == search(own, query, newest), query
    assert len(search(joined, "cong doan")) == 5 + 30 + 60 + 90
    again = dict(network_files([(site_id, files.__getitem__) for site_id, files in sites]))
    assert again == network  # the same indexes, the same bytes


# --- a real build ------------------------------------------------------------------------------

def read_index(folder: Path):
    return lambda name: (folder / name).read_bytes()


def test_the_build_writes_each_site_index_and_the_province_reads_those_below(built):
    output = built.output
    for site in built.network.sites:
        own = output / site.id / index_folder(site.id)
        meta = json.loads((own / "meta.json").read_text(encoding="utf-8"))
        published = [r for r in built.index.records if r.published and built.network[r.unit_id].site.id == site.id]
        assert meta["docs"] == len(published) and meta["site"] == site.id
        for name in [*(f"t/{n}.json" for n in range(meta["term_shards"])), "d/0.json"]:
            if (own / name).exists():
                json.loads((own / name).read_text(encoding="utf-8"))
        assert (output / site.id / "tim-kiem" / "index.html").is_file()
    province = built.network["tinh-mau"]
    below = [unit.id for unit in province.subtree() if unit.is_federation]
    assert sorted(p.name for p in (output / "tinh-mau" / "tim-kiem" / "chi-muc").iterdir()) == sorted(below)
    for site_id in below:  # the same bytes as the site's own index: linked, not indexed again
        copy, own = output / "tinh-mau" / index_folder(site_id), output / site_id / index_folder(site_id)
        assert (copy / "meta.json").read_bytes() == (own / "meta.json").read_bytes()
    readers = [read_index(output / "tinh-mau" / index_folder(site_id)) for site_id in below]
    identities = []
    for reader in readers:
        meta = json.loads(reader("meta.json"))
        identities += [row[1] for n in range(0, meta["docs"], meta["docs_per_shard"])
                       for row in json.loads(reader(f"d/{n // meta['docs_per_shard']}.json"))]
    assert len(identities) == len(set(identities))  # each article once
    record = built.index.by_source["cdcs-tay-1/tin-co-so-tay.md"]
    hits = search(readers, fold(record.title))
    assert hits, record.title
    site, number = hits[0]
    meta = json.loads(readers[site]("meta.json"))
    row = json.loads(readers[site](f"d/{number // meta['docs_per_shard']}.json"))[number % meta["docs_per_shard"]]
    assert row[1] == record.url and meta["site"] == "tp-tay"
    # The network index: the province's own index and those below joined, as stages/search.py writes it.
    sources = [(site_id, read_index(output / site_id / index_folder(site_id))) for site_id in below]
    network = output / "tinh-mau" / NETWORK_INDEX
    assert {p.relative_to(network).as_posix(): p.read_bytes() for p in network.rglob("*") if p.is_file()} == dict(
        network_files(sources))
    assert search(site_readers(read_index(network)), fold(record.title)) == hits
    assert not (output / "tp-tay" / NETWORK_INDEX).exists()  # a site with no federation below has none


def test_the_search_page_without_javascript_says_so_and_links_the_archive_and_directory(built):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((built.output / "tinh-mau" / "tim-kiem" / "index.html").read_text(encoding="utf-8"), "html.parser")
    script = page.find("script", src=True)
    assert script["src"].endswith("/theme/js/tim-kiem.js") and script.has_attr("defer")
    notice = page.find(id="can-javascript")  # shown until the script hides it
    assert "JavaScript" in notice.get_text() and {a["href"].rsplit("/", 2)[-2] for a in notice.find_all("a")} == {"luu-tru", "danh-ba"}
    form = page.find("form", id="tim-kiem")
    assert form["data-trang"].split() == ["tinh-mau", "tp-dong", "tp-tay"] and form.has_attr("hidden")
    assert page.find("select", id="trang") is not None
    city = BeautifulSoup((built.output / "tp-dong" / "tim-kiem" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert city.find("select", id="trang") is None and city.find("form", id="tim-kiem")["data-trang"] == "tp-dong"
    link = city.find("nav", class_="site-nav").find("a", string="Tìm kiếm")
    assert link["href"].endswith("/tp-dong/tim-kiem/")


def test_a_province_reused_while_a_site_below_shrinks_keeps_no_stale_index_file(tmp_path, monkeypatch):
    """Tiny term shards (the workers are forked: they see the patch): a body cut short below a province
    leaves fewer term shards in the site, in the province's copy and in its network index, as a clean build
    has them."""
    from builder.build import BuildOptions, build
    from conftest import ROOT, copy_fixture_content

    monkeypatch.setattr(search_index, "POSTINGS_PER_SHARD", 2)
    content = copy_fixture_content(tmp_path)
    article = content / "cdcs-tay-1" / "tin-co-so-tay.md"
    header, _, _ = article.read_text(encoding="utf-8").partition("\n\n")
    article.write_text(header + "\n\n" + " ".join(f"từ{n}" for n in range(300)) + "\n", encoding="utf-8")
    incremental, clean = tmp_path / "incremental" / "output", tmp_path / "clean" / "output"
    build(BuildOptions(content, incremental, ROOT / "pelicanconf.py", jobs=2))
    before = json.loads((incremental / "tinh-mau" / index_folder("tp-tay") / "meta.json").read_text(encoding="utf-8"))
    network_before = json.loads((incremental / "tinh-mau" / NETWORK_INDEX / "meta.json").read_bytes())["term_shards"]
    article.write_text(header + "\n\nNgắn.\n", encoding="utf-8")
    report = build(BuildOptions(content, incremental, ROOT / "pelicanconf.py", jobs=2))
    assert "tinh-mau" in report.reused  # the province is reused; its copy of tp-tay's index is rewritten
    build(BuildOptions(content, clean, ROOT / "pelicanconf.py", jobs=2))

    def tree(output: Path) -> dict[str, bytes]:
        return {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*"))
                if p.is_file() and "/tim-kiem/" in p.as_posix()}

    assert tree(incremental) == tree(clean)
    meta = json.loads((incremental / "tinh-mau" / index_folder("tp-tay") / "meta.json").read_text(encoding="utf-8"))
    shards = list((incremental / "tinh-mau" / index_folder("tp-tay") / "t").iterdir())
    assert len(shards) == meta["term_shards"] < before["term_shards"]
    network = json.loads((incremental / "tinh-mau" / NETWORK_INDEX / "meta.json").read_bytes())["term_shards"]
    assert len(list((incremental / "tinh-mau" / NETWORK_INDEX / "t").iterdir())) == network < network_before


def test_a_partial_build_of_a_province_builds_a_site_below_whose_documents_are_not_cached(tmp_path):
    """As after the upgrade that brought search: feed items cached, search documents not."""
    from builder.build import BuildOptions, build
    from conftest import ROOT, copy_fixture_content
    from domain.search import digest_file, search_file
    from incremental.cache_paths import CachePaths

    content, output = copy_fixture_content(tmp_path), tmp_path / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2))
    items = CachePaths.beside(output).feed_items
    digest_file(search_file(items, "tp-tay")).unlink()
    report = build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2, sites=["tinh-mau"]))
    assert [site.site_id for site in report.sites] == ["tp-tay"]  # the province itself is unchanged: reused
    assert (output / "tinh-mau" / index_folder("tp-tay") / "meta.json").is_file()


def test_a_site_run_again_with_the_same_documents_links_its_index_instead_of_writing_it(tmp_path, monkeypatch):
    """A title corrected in the province's own unit runs every city again (their related lists show
    it): a city's index, made from its own articles only, is the last output's files, linked, not
    made again; the province's, whose documents changed, is made again and finds the new title."""
    import plugins.search
    from builder.build import BuildOptions, build
    from conftest import ROOT, copy_fixture_content

    made = tmp_path / "indexed.txt"  # the forked workers see the patch; each notes the site it indexed

    def noting(documents, info, units):
        with open(made, "a", encoding="utf-8") as file:
            file.write(info.id + "\n")
        return index_files(documents, info, units)

    monkeypatch.setattr(plugins.search, "index_files", noting)
    content, output = copy_fixture_content(tmp_path), tmp_path / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2))
    made.unlink()
    city = output / "tp-dong" / index_folder("tp-dong")
    before = {p.relative_to(city): p.stat().st_ino for p in city.rglob("*") if p.is_file()}
    article = content / "tinh-mau" / "thong-bao-dai-hoi.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Title: ", "Title: Khẩn ", 1), encoding="utf-8")
    report = build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=2))
    assert {"tp-dong", "tinh-mau"} <= {site.site_id for site in report.sites}
    assert made.read_text(encoding="utf-8").split() == ["tinh-mau"]
    assert {p.relative_to(city): p.stat().st_ino for p in city.rglob("*") if p.is_file()} == before
    province = output / "tinh-mau" / index_folder("tinh-mau")
    files = {p.relative_to(province).as_posix(): p.read_bytes() for p in province.rglob("*") if p.is_file()}
    assert found(files, "khan")
