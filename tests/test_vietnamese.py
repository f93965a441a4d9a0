"""Vietnamese collation and dates (pure functions, no build)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.vietnamese import date_time, long_date, short_date, sort_key, sort_vietnamese

PAIRS = [
    ("Dũng", "Đông"), ("Ông", "Ơn"), ("Uyên", "Ưu"), ("Ăn", "Ấm"), ("Ong", "Ốc"),
    ("Lê", "Lệ"), ("Dương", "Dưỡng"), ("An Dương", "Anh"),
    # tones in CLDR order: none, huyền, hỏi, ngã, sắc, nặng
    ("Ma", "Mà"), ("Mà", "Mả"), ("Mả", "Mã"), ("Mã", "Má"), ("Má", "Mạ"),
    ("a", "A"), ("Ăn", "Bắc"), ("Yên", "Yến"),
]


@pytest.mark.parametrize(("first", "second"), PAIRS)
def test_pairs_sort_in_vietnamese_order(first, second):
    assert sort_key(first) < sort_key(second)
    assert sort_vietnamese([second, first]) == [first, second]


def test_a_whole_list_sorts_like_a_vietnamese_dictionary():
    words = ["Ưu", "Đông", "Ơn", "Anh", "Ấm", "Dũng", "Ông", "An Dương", "Ăn", "Uyên", "Bắc"]
    assert sort_vietnamese(words) == [
        "An Dương", "Anh", "Ăn", "Ấm", "Bắc", "Dũng", "Đông", "Ông", "Ơn", "Uyên", "Ưu",
    ]


def test_code_point_order_would_get_it_wrong():
    # The reason for a collation key at all: sorted() puts Ông before Đông.
    assert sorted(["Đông", "Ông"]) == ["Ông", "Đông"]
    assert sort_vietnamese(["Đông", "Ông"]) == ["Đông", "Ông"]


def test_precomposed_and_decomposed_text_sort_the_same():
    import unicodedata

    word = "Nguyễn Thị Mỹ Lệ"
    assert sort_key(unicodedata.normalize("NFC", word)) == sort_key(unicodedata.normalize("NFD", word))


def test_sort_by_attribute():
    class Unit:
        def __init__(self, name):
            self.name = name

    units = [Unit("Ơn"), Unit("Đông")]
    assert [u.name for u in sort_vietnamese(units, key=lambda u: u.name)] == ["Đông", "Ơn"]


def test_dates_are_written_the_vietnamese_way():
    assert long_date(date(2026, 11, 24)) == "Thứ Ba, 24/11/2026"
    assert long_date(date(2026, 11, 29)) == "Chủ Nhật, 29/11/2026"
    assert short_date(date(2026, 1, 5)) == "05/01/2026"
    moment = datetime(2026, 11, 24, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert date_time(moment) == "Thứ Ba, 24/11/2026 08:30"
