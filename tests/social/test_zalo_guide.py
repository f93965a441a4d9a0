"""The Zalo lines docs/dang-bai-facebook.md quotes (Z4) are the lines the poster prints, word for word."""

from __future__ import annotations

from pathlib import Path

from social.targets import OATarget
from social.zalo.keeper import (
    CONCURRENT,
    NO_PAIR,
    REFUSED_BEFORE,
    app_refused_why,
    reauthorise_message,
    refused_why,
    store_unavailable,
)
from social.zalo.tokenstore import StoreError

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "dang-bai-facebook.md"
TARGET = OATarget("cdcs-dung-tien", "CĐCS Dũng Tiến", "4318273645012345678", "ZALO_TOKEN_CDCS_DUNG_TIEN",
                  Path("unused"), "", Path("unused"), "")


def test_every_re_authorise_line_of_the_guide_is_the_poster_s_own():
    guide = GUIDE.read_text(encoding="utf-8")
    for why in (NO_PAIR, refused_why(-14002, False), refused_why(-14002, True), REFUSED_BEFORE,
                app_refused_why(-14014), CONCURRENT):
        assert f"LỖI: {reauthorise_message(TARGET, why)}\n" in guide, why
    key = StoreError("kho mã origin#social-zalo-tokens: 4318273645012345678.json.enc không khớp khoá ZALO_STORE_KEY "
                     "(khoá đã đổi, hoặc tệp bị sửa ngoài chương trình)")
    assert f"LỖI: {store_unavailable(TARGET, key)}\n" in guide
