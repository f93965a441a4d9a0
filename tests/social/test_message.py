"""The post's text: pure functions, tested directly."""

from social.message import FACEBOOK_MAX_MESSAGE, compose_message, hashtag, hashtags, plain_text, shorten


def test_hashtags_keep_vietnamese_letters_and_drop_spaces_and_punctuation():
    assert hashtag("hội nghị người lao động") == "#HộiNghịNgườiLaoĐộng"
    assert hashtag("an toàn, vệ sinh lao động") == "#AnToànVệSinhLaoĐộng"
    assert hashtag("COVID-19") == "#COVID19"
    assert hashtag("Tết Sum vầy 2026!") == "#TếtSumVầy2026"
    assert hashtag("đoàn viên") == "#ĐoànViên"


def test_a_tag_with_nothing_but_digits_or_punctuation_makes_no_hashtag():
    assert hashtag("2026") is None
    assert hashtag(" - ,") is None


def test_hashtags_are_unique_regardless_of_case_and_composition():
    decomposed = "\u0111o\u0302\u0300ng"  # "đồng" written with combining marks
    assert hashtags(["dân chủ cơ sở", "Dân chủ Cơ sở", decomposed, "Đồng"]) == ["#DânChủCơSở", "#Đồng"]


def test_plain_text_from_a_feed_summary():
    assert plain_text("<p>126 đại biểu &amp; nhiều&nbsp;nội dung.</p><p>Hai <b>ý</b></p>") == \
        "126 đại biểu & nhiều nội dung. Hai ý"
    assert plain_text("") == ""


def test_message_is_title_summary_and_hashtags():
    message = compose_message("Tổ chức Hội nghị người lao động", "<p>126 đại biểu đã thảo luận.</p>",
                              ["hội nghị người lao động", "dân chủ cơ sở"])
    assert message == ("Tổ chức Hội nghị người lao động\n\n126 đại biểu đã thảo luận.\n\n"
                       "#HộiNghịNgườiLaoĐộng #DânChủCơSở")


def test_message_without_summary_or_tags_is_just_the_title():
    assert compose_message("  Tin   ngắn ", "", []) == "Tin ngắn"


def test_a_long_message_loses_summary_words_first_then_hashtags_then_title_words():
    summary = " ".join(["công nhân"] * 40)
    message = compose_message("Tiêu đề bài viết", summary, ["an toàn lao động"], limit=80)
    assert len(message) <= 80
    assert message.startswith("Tiêu đề bài viết\n\ncông nhân")
    assert message.endswith("#AnToànLaoĐộng") and "…" in message
    tight = compose_message("Tiêu đề bài viết", summary, ["an toàn lao động"], limit=30)
    assert tight == "Tiêu đề bài viết" and len(tight) <= 30
    tiny = compose_message("Tiêu đề bài viết rất dài", summary, ["x"], limit=12)
    assert len(tiny) <= 12 and tiny.endswith("…")


def test_the_default_limit_is_facebooks_and_real_summaries_fit():
    assert FACEBOOK_MAX_MESSAGE == 63_206
    assert "…" not in compose_message("T", "<p>" + "chữ " * 1000 + "</p>", ["a"])


def test_shorten_cuts_at_a_word_boundary():
    assert shorten("một hai ba bốn", 9) == "một hai…"
    assert shorten("ngắn", 10) == "ngắn"
