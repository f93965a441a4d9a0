"""A build killed at any file operation of its commit leaves output/ the previous build or the new one, whole,
and the next build says it is recovering and then builds what a clean build makes.

Real builds in subprocesses on a two-site network (a province and a city under it).  UNION_BUILD_KILL_AT=N
makes the build SIGKILL itself right before the N-th file operation of its commit (builder/staging.py counts
them in one place); N goes from 1 until a build finishes without reaching it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from builder.staging import KILL_AT, RECOVERING
from conftest import ROOT

AS_OF = "2026-11-24"
REGISTRY = """\
units:
  - id: tinh-hai
    name: Liên đoàn Lao động tỉnh Hai
    short_name: LĐLĐ tỉnh Hai
    kind: province
    url: https://ldld.tinhhai.example.vn
  - id: cdcs-so-tai-chinh
    name: Công đoàn cơ sở Sở Tài chính
    short_name: CĐCS Sở Tài chính
    kind: grassroots
    parent: tinh-hai
  - id: tp-mot
    name: Liên đoàn Lao động thành phố Một
    short_name: LĐLĐ TP Một
    kind: city
    parent: tinh-hai
    url: https://mot.example.vn
  - id: cdcs-det-may
    name: Công đoàn cơ sở Công ty Dệt May Một
    short_name: CĐCS Dệt May Một
    kind: grassroots
    parent: tp-mot
"""
ARTICLES = {
    "tinh-hai/dai-hoi.md": "Title: Đại hội Công đoàn tỉnh Hai\nDate: 2026-03-01 09:00\n\nBài của tỉnh.\n",
    "cdcs-so-tai-chinh/hop-mat.md": "Title: Họp mặt đoàn viên Sở Tài chính\nDate: 2026-03-02 09:00\n\nBài của CĐCS.\n",
    "tp-mot/thang-cong-nhan.md": "Title: Tháng Công nhân ở TP Một\nDate: 2026-05-01 08:00\n\nBài của thành phố.\n",
    "cdcs-det-may/tet-sum-vay.md": "Title: Tết sum vầy ở Dệt May Một\nDate: 2026-01-20 08:00\n\nBài của CĐCS.\n",
}


def full_rebuild(content: Path) -> None:
    """The registry changes: every site is built again (commit of the whole output/)."""
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("LĐLĐ TP Một", "LĐLĐ Thành phố Một"), encoding="utf-8")


def undo_full_rebuild(content: Path) -> None:
    registry = content / "network.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("LĐLĐ Thành phố Một", "LĐLĐ TP Một"), encoding="utf-8")


def one_article(content: Path) -> None:
    """The province's own article changes: the province is built again, the city reused where it is."""
    article = content / "tinh-hai" / "dai-hoi.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")


def undo_one_article(content: Path) -> None:
    article = content / "tinh-hai" / "dai-hoi.md"
    article.write_text(article.read_text(encoding="utf-8").replace("\nMột câu mới.\n", ""), encoding="utf-8")


def files(folder: Path) -> dict[str, bytes] | None:
    if not folder.is_dir():
        return None
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def code(tmp_path_factory) -> Path:
    """The project's code as it stands now, copied: an edit to the working tree during the test's minute
    would change every site's fingerprint and turn the partial builds into full ones."""
    frozen = tmp_path_factory.mktemp("code")
    for name in ("domain", "plugins", "stages", "incremental", "builder", "scripts", "checks", "themes", "pelicanconf.py", "publishconf.py", "requirements.txt"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(
            ROOT / name, frozen / name, *(() if (ROOT / name).is_file() else (shutil.ignore_patterns("__pycache__"),)))
    return frozen


def build(work: Path, env: dict | None = None, code: Path = ROOT):
    result = subprocess.run([sys.executable, "-m", "scripts.build", "--content", str(work / "content"), "--output",
                             str(work / "output"), "--jobs", "1", "--as-of", AS_OF],
                            cwd=code, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode in (0, -signal.SIGKILL), result.stdout + result.stderr
    return result


def write_network(work: Path) -> None:
    content = work / "content"
    content.mkdir(parents=True)
    (content / "network.yml").write_text(REGISTRY, encoding="utf-8")
    for path, text in ARTICLES.items():
        (content / path).parent.mkdir(exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")


def leftovers(work: Path) -> list[str]:
    """What is beside output/ apart from the content, output/ and its cache, and temporary files in the cache."""
    cache = work / ".output-cache"
    return sorted({p.name for p in work.iterdir()} - {"content", "output", ".output-cache"}) + sorted(
        p.relative_to(cache).as_posix() for p in cache.rglob("*.tmp"))


def kill_everywhere(code: Path, tmp_path: Path, change, undo, exchange: bool = True,
                    only: range | None = None, killed_before: int | None = None) -> dict[int, str]:
    """Kill the commit at every operation (or those of `only`); what output/ was after each kill.

    `killed_before`: a first build is killed at that operation, and the next one, recovering, is killed
    at every operation of its recovery."""
    snapshot = tmp_path / "snapshot"
    env = {**os.environ, **({} if exchange else {"UNION_BUILD_NO_EXCHANGE": "1"})}
    lanes = [tmp_path / f"lane-{i}" for i in range(2)]  # fingerprints know paths: each lane builds in one place
    for lane in lanes:
        write_network(lane)
        assert build(lane, env, code).returncode == 0
        shutil.copytree(lane, snapshot / lane.name, symlinks=True)
    clean = tmp_path / "clean-previous"
    write_network(clean)
    assert build(clean, code=code).returncode == 0
    previous = files(clean / "output")
    fresh = tmp_path / "clean"
    write_network(fresh)
    change(fresh / "content")
    assert build(fresh, code=code).returncode == 0
    new = files(fresh / "output")
    assert new != previous

    def killed_at(lane: Path, n: int) -> str:
        shutil.rmtree(lane)
        shutil.copytree(snapshot / lane.name, lane, symlinks=True)
        change(lane / "content")
        if killed_before:  # not snapshotted: the journal knows the new tree by its inode, which a copy changes
            assert build(lane, {**env, KILL_AT: str(killed_before)}, code).returncode == -signal.SIGKILL
        result = build(lane, {**env, KILL_AT: str(n)}, code)
        after_kill = files(lane / "output")
        if result.returncode == 0:
            assert (RECOVERING in result.stdout) == bool(killed_before)
            assert after_kill == new and leftovers(lane) == []
            if change is one_article:
                assert "tp-mot: không có gì thay đổi, giữ nguyên" in result.stdout
            return "finished"
        if after_kill is None:  # only between the two renames of a swap without renameat2
            assert not exchange, f"kill {n}: no output/"
        else:
            assert after_kill in (previous, new), f"kill {n}: output/ is neither the previous build nor the new one"
        # Half the kill points are recovered with the edit kept, half with it undone: a cache that vouched
        # for the old files (or the new ones) where output/ holds the others would show in one of them.
        if n % 2:
            undo(lane / "content")
        again = build(lane, env, code)
        assert again.returncode == 0 and RECOVERING in again.stdout, f"kill {n}: {again.stdout}"
        assert files(lane / "output") == (previous if n % 2 else new), f"kill {n}: not the clean build after recovering"
        assert leftovers(lane) == [], f"kill {n}"
        return "new" if after_kill == new else "previous" if after_kill else "none"

    outcomes: dict[int, str] = {}
    points = iter(only or range(1, 10**6))
    with ThreadPoolExecutor(len(lanes)) as pool:
        while "finished" not in outcomes.values():
            batch = [n for _, n in zip(lanes, points, strict=False)]  # one kill point per free lane
            if not batch:
                break
            outcomes.update(zip(batch, pool.map(killed_at, lanes, batch), strict=True))
    print({n: outcome for n, outcome in sorted(outcomes.items())})
    return outcomes


def test_a_full_rebuild_killed_at_any_commit_operation(code, tmp_path):
    outcomes = kill_everywhere(code, tmp_path, full_rebuild, undo_full_rebuild)
    kills = [n for n, outcome in outcomes.items() if outcome != "finished"]
    assert len(kills) >= 8 and {"previous", "new"} <= set(outcomes.values()), outcomes


def test_a_partial_build_killed_at_any_commit_operation(code, tmp_path):
    """The hourly deploy's path: the city's folder is reused where it is, the province's swapped in."""
    outcomes = kill_everywhere(code, tmp_path, one_article, undo_one_article)
    kills = [n for n, outcome in outcomes.items() if outcome != "finished"]
    assert len(kills) >= 8 and {"previous", "new"} <= set(outcomes.values()), outcomes


def test_without_an_atomic_exchange_a_kill_between_the_two_renames_is_finished_by_the_next_build(code, tmp_path):
    """renameat2 unavailable (not Linux, some file systems): output/ is missing between the two renames
    of the swap, and the next build puts the new one there.  Kill points 4-6: before, between, after."""
    outcomes = kill_everywhere(code, tmp_path, full_rebuild, undo_full_rebuild, exchange=False, only=range(4, 7))
    assert list(outcomes.values()) == ["previous", "none", "new"], outcomes


def test_a_recovery_killed_at_any_of_its_operations_is_finished_by_the_next_build(code, tmp_path):
    """Killed after the swap (at its first cache move), then the recovering build killed at each step."""
    outcomes = kill_everywhere(code, tmp_path, one_article, undo_one_article, killed_before=5)
    kills = [n for n, outcome in outcomes.items() if outcome != "finished"]
    assert len(kills) >= 4 and set(outcomes.values()) == {"new", "finished"}, outcomes


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_copied_journaled_commit_is_not_trusted(code, tmp_path):
    """Killed after the swap, then the folders copied away and back (new inodes): the journal cannot tell
    which tree output/ is, so nothing in the cache is trusted and the edit undone is built right."""
    work, copy = tmp_path / "work", tmp_path / "copy"
    write_network(work)
    assert build(work, code=code).returncode == 0
    one_article(work / "content")
    assert build(work, {**os.environ, KILL_AT: "5"}, code).returncode == -signal.SIGKILL
    shutil.copytree(work, copy, symlinks=True)
    shutil.rmtree(work)
    shutil.copytree(copy, work, symlinks=True)
    undo_one_article(work / "content")
    result = build(work, code=code)
    assert result.returncode == 0 and "không nhận ra bản dựng mới" in result.stdout, result.stdout
    clean = tmp_path / "clean"
    write_network(clean)
    assert build(clean, code=code).returncode == 0
    assert files(work / "output") == files(clean / "output") and leftovers(work) == []


def test_what_older_builds_left_is_put_back_or_removed_and_a_live_build_is_left_alone(code, tmp_path):
    """Builds before the journal swapped with two renames and could die between them: output/ moved aside
    to .build-old-output-<pid>, or a site folder to output/.build-old-<site>-<pid>."""
    work = tmp_path / "work"
    write_network(work)
    assert build(work, code=code).returncode == 0
    expected = files(work / "output")
    gone = dead_pid()
    os.rename(work / "output" / "tp-mot", work / "output" / f".build-old-tp-mot-{gone}")
    shutil.copytree(work / "output" / "tinh-hai", work / "output" / f".build-old-tinh-hai-{gone}")
    os.rename(work / "output", work / f".build-old-output-{gone}")
    live = work / f".build-output-{os.getpid()}-abcd1234"  # this test process is alive: its folder stays
    live.mkdir()
    (work / ".output-cache" / f".fingerprints.json.{gone}.tmp").write_text("{", encoding="utf-8")
    result = build(work, code=code)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(RECOVERING)]
    assert len(lines) == 4, result.stdout
    assert files(work / "output") == expected
    assert leftovers(work) == [live.name]
    assert RECOVERING not in build(work, code=code).stdout
