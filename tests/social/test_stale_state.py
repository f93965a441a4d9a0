"""The Page, not the state file, says what is posted: lost, emptied, older and shared state; the network as of today.

Each case is one a new operator met (issue 21): the fake Graph server's
`created` list is the ground truth, and every article must be on its Page once.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from feed_factory import OTHER_SITE, ROOT, SITE, PageSpec, make_network, run_inprocess
from graph_server import start_graph  # noqa: F401  (fixture)
from social.errors import LockBusy
from social.graph import DEFAULT_VERSION
from social.lock import exclusive_lock, lock_path

M = timedelta(minutes=1)
VIETNAM_TODAY = (datetime.now(UTC) + timedelta(hours=7)).date()


def page(number: int, ages: list[timedelta], **more) -> PageSpec:
    return PageSpec(f"cdcs-p{number}", f"50000000000{number}", f"EAAS-page{number}-SECRET-{number * 7919}xyz",
                    f"FB_TOKEN_P{number}", ages, **more)


def once_each(graph, urls: list[str]) -> None:
    counts = Counter(graph.links())
    assert {url: n for url, n in counts.items() if n != 1} == {}
    assert sorted(counts) == sorted(urls)


@pytest.mark.parametrize("move", ["parent changed", "province merged"])
@pytest.mark.parametrize("loss", ["truncated to 0 bytes", "deleted"])
def test_a_lost_state_does_not_post_again_the_articles_whose_unit_moved(tmp_path, start_graph, loss, move):
    net = make_network(tmp_path, [page(1, [m * M for m in range(1, 8)])])
    graph = start_graph({"500000000001": net.pages[0].token})
    assert run_inprocess(net.args(graph.url, "--max-posts", "0"), net.env()).code == 0
    posted = net.urls["cdcs-p1"]
    assert len(graph.created) == 7 and all(f"/{SITE}/tin/" in url for url in posted)

    # The unit now belongs to another province's site, so every one of its URLs changed.
    if move == "parent changed":
        net = make_network(tmp_path, [page(1, [m * M for m in range(1, 8)], parent=OTHER_SITE)])
    else:  # its province merged into another one yesterday
        merged = f"- {{date: {VIETNAM_TODAY - timedelta(days=1)}, event: merged, into: {OTHER_SITE}}}"
        net = make_network(tmp_path, [page(1, [m * M for m in range(1, 8)])], site_history=merged)
    assert all(f"/{OTHER_SITE}/tin/" in url for url in net.urls["cdcs-p1"])
    if loss == "deleted":
        net.state.unlink()
    else:
        net.state.write_bytes(b"")  # an Actions cache entry saved while the file was being replaced
    result = run_inprocess(net.args(graph.url, "--max-posts", "0"), net.env())
    assert result.code == 0, result.stdout + result.stderr
    assert graph.links() == list(reversed(posted))  # nothing posted again
    assert "cdcs-p1 (Trang 500000000001): posted 0, skipped 7, pending 0, failed 0" in result.stdout


def test_an_older_copy_of_the_state_does_not_post_again(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [10 * M, 9 * M, 8 * M])])
    graph = start_graph({"500000000001": net.pages[0].token})
    assert run_inprocess(net.args(graph.url), net.env()).code == 0
    old_copy = tmp_path / "old.sqlite"
    shutil.copyfile(net.state, old_copy)  # what an older cache entry holds
    net = make_network(tmp_path, [page(1, [10 * M, 9 * M, 8 * M, 4 * M, 3 * M, 2 * M])])
    assert run_inprocess(net.args(graph.url), net.env()).code == 0 and len(graph.created) == 6

    shutil.copyfile(old_copy, net.state)  # the cache restored the older entry
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0, result.stdout + result.stderr
    once_each(graph, net.urls["cdcs-p1"])
    assert "posted 0, skipped 3, pending 0, failed 0" in result.stdout
    assert "đã có sẵn trên Trang, không đăng lại" in result.stderr

    net = make_network(tmp_path, [page(1, [10 * M, 9 * M, 8 * M, 4 * M, 3 * M, 2 * M, 1 * M])])
    shutil.copyfile(old_copy, net.state)
    assert run_inprocess(net.args(graph.url), net.env()).code == 0
    once_each(graph, net.urls["cdcs-p1"])  # the new one posted, the others not again


def test_the_page_is_read_to_the_end_through_short_and_empty_pages_of_results(tmp_path, start_graph):
    net = make_network(tmp_path, [page(1, [m * M for m in range(1, 11)])])
    graph = start_graph({"500000000001": net.pages[0].token})
    for url in net.urls["cdcs-p1"]:
        graph.add_post("500000000001", url)  # all ten posted by a runner whose state is gone
    graph.page_cap, graph.empty_first_page = 3, True  # 0, 3, 3, 3, 1 posts a page; each with `next`
    result = run_inprocess(net.args(graph.url, "--max-posts", "0"), net.env())
    assert result.code == 0, result.stdout + result.stderr
    assert len(graph.created) == 10 and "posted 0, skipped 10" in result.stdout
    assert graph.requests.count(("GET", "500000000001/posts")) == 5


def test_a_page_with_more_posts_than_can_be_checked_stops_instead_of_posting_blind(tmp_path, start_graph,
                                                                                   monkeypatch):
    import social.graph

    monkeypatch.setattr(social.graph, "MAX_PAGES", 2)
    net = make_network(tmp_path, [page(1, [1 * M])])
    graph = start_graph({"500000000001": net.pages[0].token})
    for number in range(3):
        graph.add_post("500000000001", f"https://example.vn/tin/khac-{number}.html")
    graph.page_cap = 1  # three pages of one post; only two may be read
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 1 and len(graph.created) == 3  # nothing posted
    stop = [line for line in result.stdout.splitlines() if line.startswith("LỖI:")]
    assert len(stop) == 1 and stop[0].startswith("LỖI: Trang Facebook 500000000001 (CĐCS Thử 1, đơn vị cdcs-p1): "
                                                 "không đọc được bài trên Trang (network: Trang có hơn 200 bài từ ")
    assert stop[0].endswith(" UTC, không đối chiếu hết được; chạy với --since ngắn hơn); lần chạy sau sẽ thử lại.")


def test_two_posters_through_a_symlinked_state_path_take_the_same_lock(tmp_path, start_graph):
    state = tmp_path / "state" / "state.sqlite"
    state.parent.mkdir()
    state.write_bytes(b"")
    alias = tmp_path / "alias.sqlite"
    alias.symlink_to(state)
    linked_folder = tmp_path / "linked"
    linked_folder.symlink_to(state.parent)
    assert lock_path(alias) == lock_path(state) == lock_path(linked_folder / "state.sqlite")
    with exclusive_lock(state):
        for other in (alias, linked_folder / "state.sqlite", tmp_path / "state" / ".." / "state" / "state.sqlite"):
            with pytest.raises(LockBusy):
                with exclusive_lock(other):
                    pass

    net = make_network(tmp_path, [page(1, [m * M for m in range(1, 31)])])
    graph = start_graph({"500000000001": net.pages[0].token}, delay=0.03)
    first = subprocess.Popen([sys.executable, "-m", "scripts.social", *net.args(graph.url, "--max-posts", "0")],
                             cwd=ROOT, env=net.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not graph.created:  # the first run holds the lock and is posting
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.01)
    via_alias = net.args(graph.url, "--max-posts", "0")
    via_alias[via_alias.index("--state") + 1] = str(alias)
    second = subprocess.run([sys.executable, "-m", "scripts.social", *via_alias], cwd=ROOT, env=net.env(),
                            capture_output=True, text=True, timeout=60)
    first_out, first_err = first.communicate(timeout=60)
    assert first.returncode == 0, first_out + first_err
    assert second.returncode == 1 and second.stderr == (
        f"Lỗi: một lần chạy khác đang giữ {lock_path(state)}; đợi nó xong rồi chạy lại\n")
    once_each(graph, net.urls["cdcs-p1"])


def test_a_unit_under_a_federation_that_merged_is_posted_from_the_successors_site(tmp_path, start_graph):
    # cdcs-p1 was added to network.yml under tinh-thu after tinh-thu had merged into tinh-khac:
    # the build writes its pages and its feed on tinh-khac's site; so must the poster read it.
    merged = f"- {{date: {VIETNAM_TODAY - timedelta(days=30)}, event: merged, into: {OTHER_SITE}}}"
    net = make_network(tmp_path, [page(1, [1 * M, 2 * M])], site_history=merged)
    assert (net.output / OTHER_SITE / "feeds" / "don-vi" / "cdcs-p1.atom.xml").is_file()
    assert not (net.output / SITE).exists()
    graph = start_graph({"500000000001": net.pages[0].token})
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0, result.stdout + result.stderr
    once_each(graph, net.urls["cdcs-p1"])
    assert all(f"/{OTHER_SITE}/tin/" in link for link in graph.links())


def test_a_unit_not_established_yet_has_no_page_to_post_to(tmp_path, start_graph):
    later = f"established: {VIETNAM_TODAY + timedelta(days=10)}"
    net = make_network(tmp_path, [page(1, [1 * M]), page(2, [1 * M], extra=later)])
    graph = start_graph({p.page_id: p.token for p in net.pages})
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0 and "cdcs-p2" not in result.stdout and graph.links() == net.urls["cdcs-p1"]
    named = run_inprocess(net.args(graph.url, "--unit", "cdcs-p2"), net.env())
    assert named.code == 2
    assert named.stderr.strip() == (f"Lỗi: --unit cdcs-p2: đơn vị thành lập ngày {VIETNAM_TODAY + timedelta(days=10)}, "
                                    "chưa có bài để đăng")


def _line_of(path: Path, unit_id: str, field: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"  - id: {unit_id}")
    return next(n for n in range(start, len(lines)) if lines[n].strip().startswith(f"{field}:")) + 1


def test_a_page_whose_unit_merged_or_dissolved_is_named_with_what_to_do(tmp_path, start_graph):
    ended = VIETNAM_TODAY - timedelta(days=3)
    pages = [page(1, [5 * 24 * 60 * M], extra=f"history:\n  - {{date: {ended}, event: merged, into: cdcs-p2}}"),
             page(2, [1 * M]),
             page(3, [5 * 24 * 60 * M], extra=f"history:\n  - {{date: {ended}, event: dissolved}}")]
    net = make_network(tmp_path, pages)
    graph = start_graph({p.page_id: p.token for p in pages})
    result = run_inprocess(net.args(graph.url), net.env())
    assert result.code == 0, result.stdout + result.stderr
    registry = net.content / "network.yml"
    shown = registry.resolve().as_posix()
    notices = [line for line in result.stdout.splitlines() if line.endswith("[social-unit-ended]")]
    assert notices == [
        f"{shown}:{_line_of(registry, 'cdcs-p1', 'facebook_page_id')}: facebook_page_id: đơn vị cdcs-p1 đã hợp nhất "
        f"vào cdcs-p2 từ {ended}: Trang Facebook 500000000001 sẽ không còn bài mới để đăng; nếu Trang nay do "
        "cdcs-p2 dùng, chuyển dòng `facebook_page_id: '500000000001'` sang cdcs-p2; nếu không, xoá dòng này "
        "[social-unit-ended]",
        f"{shown}:{_line_of(registry, 'cdcs-p3', 'facebook_page_id')}: facebook_page_id: đơn vị cdcs-p3 đã giải thể "
        f"từ {ended}: Trang Facebook 500000000003 sẽ không còn bài mới để đăng; nếu Trang nay thuộc đơn vị khác, "
        "chuyển dòng này sang đơn vị đó; nếu không, xoá dòng này [social-unit-ended]",
    ]
    assert graph.links() == net.urls["cdcs-p2"]


@pytest.mark.parametrize("where", ["a file in the way", "a folder no one may write"])
def test_an_unwritable_state_folder_is_one_line_not_a_traceback(tmp_path, start_graph, where):
    net = make_network(tmp_path, [page(1, [1 * M])])
    graph = start_graph({"500000000001": net.pages[0].token})
    if where == "a file in the way":
        (tmp_path / "blocker").write_text("not a folder")
        state, reason = tmp_path / "blocker" / "state.sqlite", "một phần của đường dẫn là tệp, không phải thư mục"
    else:
        if not Path("/sys/kernel").is_dir():
            pytest.skip("needs Linux's /sys, where no one may create a folder")
        state, reason = Path("/sys/kernel/social-state/state.sqlite"), "không có quyền ghi"
    args = net.args(graph.url)
    args[args.index("--state") + 1] = str(state)
    result = run_inprocess(args, net.env())
    assert result.code == 1 and result.stdout == "" and graph.requests == []
    assert result.stderr == (f"Lỗi: {state}: không ghi được tệp trạng thái ({reason}); cấp quyền ghi cho thư mục "
                             f"{state.parent} cho người chạy lệnh, hoặc chọn thư mục khác bằng --state\n")


def test_the_graph_api_version_is_one_setting(tmp_path, start_graph):
    from scripts.social import parse_args

    assert DEFAULT_VERSION == "v26.0"
    assert parse_args(["post"]).graph_version == DEFAULT_VERSION
    written = {path: re.findall(r"\bv\d+\.\d\b", path.read_text(encoding="utf-8"))
               for path in [*(ROOT / "social").glob("*.py"), ROOT / "scripts" / "social.py"]}
    assert [path.name for path, found in written.items() if found] == ["graph.py"]  # its comment says why v26.0
    assert re.findall(r"^DEFAULT_VERSION = .*$", (ROOT / "social" / "graph.py").read_text(encoding="utf-8"),
                      re.MULTILINE) == ['DEFAULT_VERSION = "v26.0"']
    net = make_network(tmp_path, [page(1, [1 * M])])
    graph = start_graph({"500000000001": net.pages[0].token})
    assert run_inprocess(net.args(graph.url), net.env()).code == 0
    assert set(graph.versions) == {DEFAULT_VERSION}


def test_the_ended_notice_names_the_fields_own_line_even_below_history(tmp_path):
    """The line comes from the registry loader: a `history:` list before `facebook_page_id:` once made
    the notice point at the unit's first line (a `- ` item was taken for the next unit)."""
    from domain.registry import load_network
    from social.targets import ended_notice

    registry = tmp_path / "network.yml"
    registry.write_text(
        "units:\n"
        "  - id: tinh\n    name: LĐLĐ tỉnh\n    short_name: Tỉnh\n    kind: province\n"
        "  - id: cdcs-a\n    name: CĐCS A\n    short_name: A\n    kind: grassroots\n    parent: tinh\n"
        "    history:\n      - {date: 2025-01-01, event: dissolved}\n"
        "    facebook_page_id: '100000000009'\n", encoding="utf-8")
    network = load_network(registry).at(date(2025, 6, 1))
    line = registry.read_text(encoding="utf-8").splitlines().index("    facebook_page_id: '100000000009'") + 1
    assert f":{line}: facebook_page_id: đơn vị cdcs-a đã giải thể từ 2025-01-01" in ended_notice(network, network["cdcs-a"])
