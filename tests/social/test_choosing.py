"""Choosing what to post, matching posts on the Page, and the stop messages: no server needed."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from social.errors import GraphError, Kind
from social.feeds import FeedEntry
from social.graph import PagePost
from social.matching import PostMatcher, guid_code
from social.notices import no_token_message, stop_message
from social.poster import Poster
from social.retry import RetryPolicy
from social.share_tags import PageReader
from social.state import ItemRecord
from social.targets import Target

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
MATCHER = PostMatcher("tin/{slug}.html")
TARGET = Target("cdcs-dung", "CĐCS Dũng", "104512345678901", None, Path("x.atom.xml"), "https://x.example.vn/f",
                Path("x"), "https://x.example.vn")


def entry(number: int, hours_ago: float) -> FeedEntry:
    return FeedEntry(f"tag:x,2026:{number}", f"Bài {number}", f"https://x.example.vn/tin/{number}.html", "", None,
                     (), NOW - timedelta(hours=hours_ago))


def poster(max_posts: int) -> Poster:
    return Poster(None, None, None, MATCHER, since=NOW - timedelta(days=2), max_posts=max_posts,
                  pages=PageReader(from_web=False, timeout=1.0), policy=RetryPolicy())


def numbers(entries) -> list[str]:
    return [e.guid.rsplit(":", 1)[1] for e in entries]


def test_a_new_page_gets_only_the_newest_items_within_the_window():
    entries = [entry(1, 1), entry(2, 2), entry(3, 3), entry(4, 4), entry(5, 72)]
    to_post, seen, later = poster(2).select(entries, {}, fresh=True)
    assert numbers(to_post) == ["2", "1"]  # oldest first, so the Page reads in order
    assert sorted((e.guid[-1], why) for e, why in seen) == [("3", "first-run-cap"), ("4", "first-run-cap"),
                                                            ("5", "older-than-window")]
    assert later == []


def test_a_known_page_posts_the_oldest_first_and_keeps_the_rest_for_later():
    entries = [entry(1, 1), entry(2, 2), entry(3, 3), entry(4, 72)]
    posted = {"tag:x,2026:3": ItemRecord("p", "tag:x,2026:3", "u", "cdcs-dung", "posted", None, 1, "p_1", "t", None)}
    to_post, seen, later = poster(1).select(entries, posted, fresh=False)
    assert numbers(to_post) == ["2"] and numbers(later) == ["1"]
    assert [(e.guid[-1], why) for e, why in seen] == [("4", "older-than-window")]
    to_post, _, later = poster(0).select(entries, posted, fresh=False)  # 0 = no cap
    assert numbers(to_post) == ["2", "1"] and later == []


def test_a_post_matches_by_its_link_or_by_the_url_in_its_text():
    posts = [PagePost("1_1", "https://x.example.vn/tin/1.html/", "", None, None),
             PagePost("1_2", None, "Đọc thêm: https://x.example.vn/tin/2.html", None, None)]
    on_page = MATCHER.index(posts)
    assert on_page.find("urn:x:1", "https://x.example.vn/tin/1.html").id == "1_1"
    assert on_page.find("urn:x:2", "https://x.example.vn/tin/2.html").id == "1_2"
    assert on_page.find("urn:x:3", "https://x.example.vn/tin/3.html") is None


def test_a_post_matches_by_the_article_code_after_the_unit_moved_and_the_title_was_fixed():
    # Posted while cdcs-dung was under tp-dong; since then its federation merged into tinh-mau
    # (another site) and the title was corrected (other words in the slug): only the code stays.
    guid = "tag:congdoan.example.vn,2026:cdcs-dung/hoi-nghi.md"
    code = guid_code(guid)
    assert code is not None and len(code) == 6
    old = f"https://mau.example.vn/tp-dong/tin/hoi-nghi-nguoi-lao-dong-{code}.html?fbclid=abc"
    now = f"https://mau.example.vn/tinh-mau/tin/hoi-nghi-nguoi-lao-dong-nam-2026-{code}.html"
    on_page = MATCHER.index([PagePost("1_1", old, "", None, None),
                             PagePost("1_2", None, f"Xem: https://x.example.vn/tin/khac-{code[::-1]}.html", None, None)])
    assert on_page.find(guid, now).id == "1_1"
    assert MATCHER.index([PagePost("1_3", None, f"Đọc: {old}", None, None)]).find(guid, now).id == "1_3"
    assert on_page.find("tag:congdoan.example.vn,2026:cdcs-dung/khac.md", now.replace(code, "aaaaaa")) is None
    assert MATCHER.url_code("https://x.example.vn/tin/") is None
    assert MATCHER.url_code("https://x.example.vn/chuyen-muc/tin-tuc-abcdef.html") is None
    assert guid_code("urn:uuid:1234") is None and guid_code("tag:x") is None


def test_stop_messages_name_the_page_and_say_what_to_do():
    expired = GraphError("Session has expired", kind=Kind.TOKEN, status=400, code=190, subcode=463)
    text = stop_message(TARGET, expired)
    assert "104512345678901" in text and "cdcs-dung" in text and "mã đã hết hạn" in text
    assert "docs/dang-bai-facebook.md" in text and "FB_PAGE_TOKENS" in text
    limited = stop_message(TARGET, GraphError("limit", kind=Kind.RATE_LIMIT, status=400, code=32))
    assert "giới hạn" in limited
    assert "FB_PAGE_TOKENS" in no_token_message(TARGET)
