"""The W3C Feed Validation Service's rules that matter here, checked on a feed's XML.

The validator is not installable, so its rules are re-stated as code and run
on every feed of a build:
- RSS <guid> that is not a full URL needs isPermaLink="false";
- no relative URL in description/content, and no URL whose host has no dot;
- RSS <author> must be an e-mail address (names go in dc:creator);
- every Atom entry has an author (its own or the feed's);
- an Atom enclosure is <link rel="enclosure"> with length and type; RSS
  <enclosure> has url, length and type;
- atom:link rel="self" present and equal to the feed's own URL;
- no namespace prefix on an Atom element of an Atom feed ("Avoid Namespace
  Prefix": `<ns0:link xmlns:ns0=…>` is valid XML the validator warns about);
- no script, style, iframe, object or embed element, no style or on…
  attribute in description/content ("SecurityRisk", "DangerousStyleAttr");
plus this project's own: <language>vi</language>, updated/lastBuildDate equal
to the newest item, at most `max_items` items, newest first, unique GUIDs.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_RISKY_ELEMENTS = {"script", "style", "iframe", "object", "embed", "frame", "frameset", "applet", "meta", "link", "base"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+(?:\s*\(.*\))?$")


def _url_problem(url: str, where: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return f"{where}: relative URL {url!r}"
    if parts.scheme in ("http", "https") and "." not in (parts.hostname or ""):
        return f"{where}: host without a dot in {url!r}"
    return None


def _html_url_problems(html: str | None, where: str) -> list[str]:
    if not html or not html.strip():
        return []
    problems = []
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _RISKY_ELEMENTS:
            problems.append(f"{where}: <{element.tag}> (the validator's SecurityRisk)")
        risky = sorted(name for name in element.attrib if name == "style" or name.startswith("on"))
        if risky:
            problems.append(f"{where}: <{element.tag}> attribute {', '.join(risky)} (SecurityRisk/DangerousStyleAttr)")
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value and not value.startswith(("mailto:", "tel:", "data:")):
                problem = _url_problem(value, where)
                if problem:
                    problems.append(problem)
    return problems


def _self_link_problems(links: list, self_url: str, where: str) -> list[str]:
    """Exactly one rel="self" link, and it is the feed's own URL."""
    selfs = [link.get("href") for link in links if link.get("rel") == "self"]
    return [] if selfs == [self_url] else [f"{where} rel=self is {selfs}, expected [{self_url!r}]"]


def rss_problems(xml: bytes, self_url: str, max_items: int) -> list[str]:
    root = etree.fromstring(xml)
    channel = root.find("channel")
    problems = []
    if root.tag != "rss" or root.get("version") != "2.0" or channel is None:
        return ["not an RSS 2.0 document"]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel: missing <{name}>")
    problems += _self_link_problems(channel.findall(f"{ATOM}link"), self_url, "channel: atom:link")
    if channel.findtext("language") != "vi":
        problems.append("channel: <language> is not vi")
    if channel.find("managingEditor") is None and channel.find(DC_CREATOR) is None:
        problems.append("channel: no feed-level author (dc:creator)")
    items = channel.findall("item")
    if len(items) > max_items:
        problems.append(f"{len(items)} items, more than {max_items}")
    dates, guids = [], set()
    for number, item in enumerate(items, start=1):
        where = f"item {number}"
        guid = item.find("guid")
        if guid is None or not (guid.text or "").strip():
            problems.append(f"{where}: no guid")
        else:
            is_url = bool(re.match(r"^https?://[^/]+\.[^/]+", guid.text))
            if not is_url and guid.get("isPermaLink") != "false":
                problems.append(f"{where}: guid {guid.text!r} is not a URL and lacks isPermaLink=\"false\"")
            if guid.text in guids:
                problems.append(f"{where}: duplicate guid {guid.text!r}")
            guids.add(guid.text)
        link = item.findtext("link")
        if not link or _url_problem(link, f"{where} <link>"):
            problems.append(_url_problem(link or "", f"{where} <link>") or f"{where}: no link")
        for author in item.findall("author"):
            if not _EMAIL.match(author.text or ""):
                problems.append(f"{where}: <author> {author.text!r} is not an e-mail address (use dc:creator)")
        problems += _html_url_problems(item.findtext("description"), f"{where} description")
        problems += _html_url_problems(item.findtext(CONTENT), f"{where} content:encoded")
        for enclosure in item.findall("enclosure"):
            if not (enclosure.get("url") and (enclosure.get("length") or "").isdigit() and enclosure.get("type")):
                problems.append(f"{where}: enclosure needs url, length and type")
            else:
                problems += filter(None, [_url_problem(enclosure.get("url"), f"{where} enclosure")])
        pub = item.findtext("pubDate")
        if not pub:
            problems.append(f"{where}: no pubDate")
        else:
            dates.append(parsedate_to_datetime(pub))
    if dates != sorted(dates, reverse=True):
        problems.append("items are not newest first")
    build_date = channel.findtext("lastBuildDate")
    # Items carry no modification date in RSS: lastBuildDate (the newest change) is at least the newest pubDate.
    if dates and (not build_date or parsedate_to_datetime(build_date) < max(dates)):
        problems.append(f"lastBuildDate {build_date!r} is older than the newest item")
    return problems


def atom_problems(xml: bytes, self_url: str, max_items: int) -> list[str]:
    root = etree.fromstring(xml)
    problems = []
    if root.tag != f"{ATOM}feed":
        return ["not an Atom document"]
    prefixed = sorted({f"{element.prefix}:{etree.QName(element).localname}" for element in root.iter()
                       if isinstance(element.tag, str) and element.tag.startswith(ATOM) and element.prefix})
    if prefixed:
        problems.append(f"Atom elements with a namespace prefix {prefixed} (Avoid Namespace Prefix: use the default namespace)")
    for name in ("id", "title", "updated"):
        if not (root.findtext(f"{ATOM}{name}") or "").strip():
            problems.append(f"feed: missing <{name}>")
    problems += _self_link_problems(root.findall(f"{ATOM}link"), self_url, "feed: link")
    if root.get("{http://www.w3.org/XML/1998/namespace}lang") != "vi":
        problems.append("feed: xml:lang is not vi")
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    entries = root.findall(f"{ATOM}entry")
    if len(entries) > max_items:
        problems.append(f"{len(entries)} entries, more than {max_items}")
    updated, published, ids = [], [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}"
        entry_id = entry.findtext(f"{ATOM}id")
        if not entry_id:
            problems.append(f"{where}: no id")
        elif entry_id in ids:
            problems.append(f"{where}: duplicate id {entry_id!r}")
        ids.add(entry_id)
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author (and none at feed level)")
        links = entry.findall(f"{ATOM}link")
        alternates = [link for link in links if link.get("rel", "alternate") == "alternate"]
        if len(alternates) != 1:
            problems.append(f"{where}: {len(alternates)} alternate links, expected 1")
        for link in links:
            problems += filter(None, [_url_problem(link.get("href", ""), f"{where} link")])
            if link.get("rel") == "enclosure" and not ((link.get("length") or "").isdigit() and link.get("type")):
                problems.append(f"{where}: enclosure link needs length and type")
        for name in ("content", "summary"):
            element = entry.find(f"{ATOM}{name}")
            if element is not None and element.get("type") == "html":
                problems += _html_url_problems(element.text, f"{where} {name}")
        updated.append(datetime.fromisoformat(entry.findtext(f"{ATOM}updated")))
        published.append(datetime.fromisoformat(entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")))
    if published != sorted(published, reverse=True):
        problems.append("entries are not newest first")
    if updated and datetime.fromisoformat(root.findtext(f"{ATOM}updated")) != max(updated):
        problems.append("feed <updated> is not the newest entry's")
    return problems
