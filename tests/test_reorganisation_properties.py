"""Random networks under random reorganisations: no URL lost, one hop, no article lost or doubled.

Most examples run the pure planning code (URL inventories of every day, the
redirect plan); a few run real builds of two days and the URL check on them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.build import BuildOptions, build
from checks.addresses import site_prefixes
from checks.urls import build_paths, check
from conftest import LAYOUT as DEMO_LAYOUT
from conftest import LOCAL_BASE, ROOT
from domain.articles import ArticleIndex, ArticleRecord, url_slug
from domain.feeds.settings import FeedSettings
from domain.registry import load_network
from domain.url_layout import PerPage
from stages.redirects import alias_paths, network_inventory, plan_for

START = date(2025, 1, 1)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FEEDS = FeedSettings("congdoan.example.vn", "2026", 50)
PAGES = replace(DEMO_LAYOUT, per_page=PerPage(unit=2, category=2, tag=2, archives=3))  # small pages: pagination URLs appear often


@dataclass
class Scenario:
    yaml: str
    days: list[date]
    articles: dict[str, int]  # unit id -> number of articles
    images: list[str] = field(default_factory=list)  # unit ids with an image


@st.composite
def scenarios(draw) -> Scenario:
    units: dict[str, dict] = {}
    for p in range(draw(st.integers(1, 3))):
        units[f"p{p}"] = {"kind": "province", "parent": None}
        for c in range(draw(st.integers(0, 2))):
            units[f"c{p}{c}"] = {"kind": "city", "parent": f"p{p}"}
    federations = list(units)
    for g in range(draw(st.integers(1, 7))):
        units[f"g{g}"] = {"kind": "grassroots", "parent": draw(st.sampled_from(federations))}
    history: dict[str, list[str]] = {uid: [] for uid in units}
    active = set(units)
    parent = {uid: u["parent"] for uid, u in units.items()}
    days = []
    for step in range(draw(st.integers(0, 7))):
        day = START + timedelta(days=10 * (step + 1))
        grassroots = sorted(u for u in active if units[u]["kind"] == "grassroots")
        feds = sorted(u for u in active if units[u]["kind"] != "grassroots")
        provinces = sorted(u for u in feds if units[u]["kind"] == "province")
        op = draw(st.sampled_from(["merge", "dissolve", "move", "rename", "move-city"]))
        line = None
        if op == "merge" and len(feds) > 1:
            source = draw(st.sampled_from(feds))
            same = [f for f in feds if f != source and units[f]["kind"] == units[source]["kind"]]
            if same:
                target = draw(st.sampled_from(same))
                line = f"{{date: {day}, event: merged, into: {target}}}"
                active.discard(source)
                history[source].append(line)
        elif op == "dissolve" and grassroots:
            source = draw(st.sampled_from(grassroots))
            others = [g for g in grassroots if g != source]
            successor = draw(st.sampled_from([None, *others]))
            line = f"{{date: {day}, event: dissolved" + (f", successor: {successor}}}" if successor else "}")
            active.discard(source)
            history[source].append(line)
        elif op == "move" and grassroots and len(feds) > 1:
            source = draw(st.sampled_from(grassroots))
            target = draw(st.sampled_from([f for f in feds if f != parent[source]]))  # a move changes the parent
            line = f"{{date: {day}, event: moved, parent: {target}}}"
            parent[source] = target
            history[source].append(line)
        elif op == "move-city" and len(provinces) > 1:
            cities = sorted(u for u in feds if units[u]["kind"] == "city")
            if cities:
                source = draw(st.sampled_from(cities))
                target = draw(st.sampled_from([p for p in provinces if p != parent[source]]))
                line = f"{{date: {day}, event: moved, parent: {target}}}"
                parent[source] = target
                history[source].append(line)
        elif op == "rename" and grassroots:
            source = draw(st.sampled_from(grassroots))
            line = f"{{date: {day}, event: renamed, name: Đơn vị {source} {step}, slug: {source}-doi-ten-{step}}}"
            history[source].append(line)
        if line:
            days.append(day)
    lines = ["units:"]
    for uid, unit in units.items():
        lines += [f"  - id: {uid}", f"    name: Đơn vị {uid}", f"    short_name: {uid}", f"    kind: {unit['kind']}"]
        if unit["parent"]:
            lines.append(f"    parent: {unit['parent']}")
        if history[uid]:
            lines.append("    history:")
            lines += [f"      - {event}" for event in history[uid]]
    articles = {uid: draw(st.integers(0, 3)) for uid in units}
    images = [uid for uid in units if draw(st.booleans())]
    return Scenario("\n".join(lines) + "\n", days, articles, images)


def article_page(slug: str) -> dict[str, str]:
    page = PAGES.article(slug)
    return {"slug": slug, "save_as": page.save_as, "url": page.url}


def records(scenario: Scenario) -> list[ArticleRecord]:
    found = []
    for uid, count in scenario.articles.items():
        for number in range(count):
            identity = f"{uid}/bai-{number}.md"
            title = f"Tin số {number % 2}"  # repeated titles on purpose
            found.append(ArticleRecord(
                identity=identity, source=identity, unit_id=uid, title=title,
                date=datetime(2024, 12, 1 + number, 8, 0, tzinfo=ZONE), modified=None,
                category=["Tin tức", "Hoạt động"][number % 2], tags=(f"the-{number}",), author=None,
                summary=None, image=None, image_caption=None, status="published",
                **article_page(url_slug(title, identity))))
    return found


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_every_url_of_every_day_resolves_today_in_one_hop(tmp_path_factory, scenario):
    path = tmp_path_factory.mktemp("reg") / "network.yml"
    path.write_text(scenario.yaml, encoding="utf-8")
    registry = load_network(path)  # the generated history is a possible one
    today_day = scenario.days[-1] if scenario.days else START
    current = registry.at(today_day)
    current.assign_urls(LOCAL_BASE)
    index = ArticleIndex(records(scenario))
    statics = {uid: [f"{uid}/images/anh.jpg"] for uid in scenario.images}
    plan, today, _ = plan_for(registry, current, index, statics, FEEDS, PAGES, LOCAL_BASE)

    assert plan.lost == []
    moves = {r.old: r.new for r in plan.redirects + plan.copies + plan.empty_feeds}
    assert not set(moves) & set(today), "a redirect would hide a page of today"
    for target in moves.values():
        assert target in today and target not in moves  # one hop, never a chain or a loop
    days = [START - timedelta(days=1), *scenario.days]
    for day in days:
        snapshot = registry.at(day)
        snapshot.assign_urls(LOCAL_BASE)
        old = network_inventory(snapshot, index, statics, FEEDS, PAGES) | alias_paths(snapshot)
        for path, entry in old.items():
            if path in today:
                continue
            assert path in moves, f"{path} ({entry.key}) published on {day} is lost"
            shown = today[moves[path]].key
            if entry.key[0] in ("article", "static", "unit"):
                assert shown == entry.key, (path, moves[path])

    canonical_articles = [e.key[1] for e in today.values() if e.key[0] == "article"]
    assert sorted(canonical_articles) == sorted(r.identity for r in index.records)  # none lost, none doubled


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(scenarios())
def test_real_builds_before_and_after_lose_no_url(tmp_path_factory, scenario):
    work = tmp_path_factory.mktemp("real")
    content = work / "content"
    content.mkdir()
    (content / "network.yml").write_text(scenario.yaml, encoding="utf-8")
    for record in records(scenario):
        file = content / record.source
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(f"Title: {record.title}\nDate: {record.date:%Y-%m-%d %H:%M}\nCategory: {record.category}\n"
                        f"Tags: {', '.join(record.tags)}\n\nBài {record.identity}.\n", encoding="utf-8")
    for uid in scenario.images:
        (content / uid / "images").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / "tests/fixtures/network/content/cdcs-dung/images/hoi-nghi.jpg", content / uid / "images" / "anh.jpg")
    first_day = START - timedelta(days=1)
    last_day = scenario.days[-1] if scenario.days else START
    before, after = work / "before", work / "after"
    build(BuildOptions(content, before, ROOT / "pelicanconf.py", as_of=first_day))
    build(BuildOptions(content, after, ROOT / "pelicanconf.py", as_of=last_day))
    report = check(build_paths(before), after, site_prefixes(load_network(content / "network.yml"), LOCAL_BASE))
    assert report.lost == [], report.lost
