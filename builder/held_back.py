"""Held-back articles (`--hold-back-errors`, the publish build): one article's error never stops the network.

An article whose own file has an error is left out of the build (the scan's `held_back`).  If it was
online, its URL must not disappear: it is built from its source at the commit of the last deploy
(`build-info.json` of the published site says which; `git show <commit>:<path>`, and the files of its
unit folder missing now, at that commit), in a shadow copy of content/ (hard links: the editors' files
are never touched).  Without git or that commit, or if even that version no longer passes, the page
the previous output holds for it is kept as it is.  A new article is simply not published yet.

`build-info.json` (output root, beside `_headers`: not a page, not in a sitemap) records the commit
built and, for each held-back article, the commit its online version comes from (null: not online),
so the next deploy restores the same version while the article is still broken.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from domain.articles.record_reading import ArticleRecord
from domain.page_references import files_referenced
from domain.registry import Network, Problem
from domain.url_layout import site_roots

logger = logging.getLogger(__name__)

BUILD_INFO = "build-info.json"


@dataclass(frozen=True)
class BuildInfo:
    commit: str | None  # the commit of content/ built; None: not a git checkout
    built: str = ""  # ISO time of the build
    held_back: dict[str, str | None] = field(default_factory=dict)  # article path -> commit online (None: not online)

    def source_of(self, path: str) -> str | None:
        """The commit whose version of `path` is online."""
        return self.held_back[path] if path in self.held_back else self.commit


@dataclass
class HeldBack:
    """What a hold-back build left out and what it put online instead."""

    problems: dict[str, list[Problem]]  # article path below content/ -> its errors (the current file's)
    restored: dict[str, str] = field(default_factory=dict)  # path -> commit whose version is built
    kept: dict[str, tuple[Path, Path]] = field(default_factory=dict)  # path -> (previous output page, its path below output/)
    # what the kept pages show (images, their renditions): path below output/ -> the previous output's file
    kept_files: dict[Path, Path] = field(default_factory=dict)
    tried: dict[str, str | None] = field(default_factory=dict)  # path -> commit its online version is from (None: not online)
    shadow: Path | None = None  # the shadow content/ the build reads, removed after the build

    def outcome(self, path: str) -> str:
        if path in self.restored:
            return f"bản đã đăng (commit {self.restored[path][:12]}) vẫn ở trên mạng"
        if path in self.kept:
            return "trang đã đăng của lần dựng trước được giữ nguyên"
        return "bài chưa được đăng"

    def lines(self) -> list[str]:
        """Each held-back article: what happened, then its errors as `path:line: Field: message [code]`."""
        out: list[str] = []
        for path, problems in self.problems.items():
            out.append(f"giữ lại {path}: {self.outcome(path)}; sửa các lỗi sau rồi đẩy lên lại:")
            out.extend(f"  {problem}" for problem in problems)
        return out

    def build_info(self, commit: str | None) -> BuildInfo:
        return BuildInfo(commit, datetime.now(UTC).isoformat(timespec="seconds"), dict(self.tried))

    def discard(self) -> None:
        if self.shadow is not None:
            shutil.rmtree(self.shadow, ignore_errors=True)
            self.shadow = None


def say_held_back(held: HeldBack, summary: Path | None) -> None:
    """The held-back articles on stderr, and as Markdown at the end of `summary` (the job summary)."""
    lines = held.lines()
    total = f"Đã xuất bản, nhưng {len(held.problems)} bài bị giữ lại vì có lỗi (mã thoát 3): sửa các lỗi trên rồi đẩy lên lại."
    for line in [*lines, total]:
        sys.stderr.write(line + "\n")
    if summary is not None:
        with summary.open("a", encoding="utf-8") as out:
            out.write(f"## Bài bị giữ lại\n\n{total}\n\n```\n" + "\n".join(lines) + "\n```\n")


def read_build_info(source: str) -> BuildInfo | None:
    """The build-info of the last deploy (a file or an http(s) URL); None, logged, if unreadable."""
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310 (http(s) only)
                data = json.loads(response.read())
        else:
            data = json.loads(Path(source).read_text(encoding="utf-8"))
        held = data.get("held_back") or {}
        return BuildInfo(data.get("commit"), data.get("built", ""), {str(k): v for k, v in held.items()})
    except (OSError, ValueError, AttributeError) as error:
        logger.warning("không đọc được %s (%s): bài bị giữ lại chỉ giữ trang của lần dựng trước", source, error)
        return None


def write_build_info(output: Path, info: BuildInfo) -> None:
    text = json.dumps({"commit": info.commit, "built": info.built, "held_back": info.held_back},
                      ensure_ascii=False, indent=2, sort_keys=True)
    (output / BUILD_INFO).write_text(text + "\n", encoding="utf-8")


def _git(content: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(["git", "-C", str(content), *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def head_commit(content: Path) -> str | None:
    """The commit content/ is checked out at; None outside git."""
    out = _git(content, "rev-parse", "--verify", "HEAD")
    return out.decode().strip() if out else None


def _old_files(content: Path, commit: str, path: str) -> dict[str, bytes] | None:
    """The article at `commit` and the files of its unit folder missing now; None if it did not exist there."""
    old = _git(content, "show", f"{commit}:./{path}")
    if old is None:
        return None
    files = {path: old}
    listed = _git(content, "ls-tree", "-r", "--name-only", commit, "--", path.split("/", 1)[0] + "/")
    for name in (listed or b"").decode("utf-8", "replace").splitlines():
        if not name.endswith(".md") and not (content / name).exists():
            data = _git(content, "show", f"{commit}:./{name}")
            if data is not None:
                files[name] = data
    return files


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def shadow_content(content: Path, files: dict[str, bytes]) -> Path:
    """A copy of content/ (hard links) with `files` written over it; the originals are untouched."""
    shadow = Path(tempfile.mkdtemp(prefix="held-back-")) / "content"
    shutil.copytree(content, shadow, symlinks=True, copy_function=_link_or_copy)
    for name, data in files.items():
        target = shadow / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)  # a hard link: replaced, never written through
        target.write_bytes(data)
    return shadow


def old_versions(content: Path, held: HeldBack, previous: BuildInfo | None) -> dict[str, dict[str, bytes]]:
    """Each held-back article that was online at the last deploy, with its files at that commit."""
    found: dict[str, dict[str, bytes]] = {}
    for path in held.problems:
        commit = previous.source_of(path) if previous else None
        files = _old_files(content, commit, path) if commit else None
        if files is not None and commit:
            found[path] = files
            held.tried[path] = commit
        elif previous is not None:
            held.tried[path] = None
    return found


def keep_previous_pages(held: HeldBack, before: dict[str, ArticleRecord], network: Network, output: Path,
                        previous: BuildInfo | None) -> None:
    """A held-back article not restored but whose page the previous output holds: that page is kept."""
    for path in held.problems:
        record = before.get(path)
        if path in held.restored or record is None or record.unit_id not in network:
            continue
        site = network[record.unit_id].site
        relative = Path(site.id) / record.save_as
        if (output / relative).is_file():
            held.kept[path] = (output / relative, relative)
            held.tried[path] = previous.source_of(path) if previous else None
            held.kept_files.update(_files_shown(output, output / relative, f"{site.site_url}/{record.url}", network))


def _files_shown(output: Path, page: Path, page_url: str, network: Network) -> dict[Path, Path]:
    """The files of output/ that `page` shows or links to (its images and their renditions, its tag
    pages): once the article is held back, the new build may lack them (a tag only it had), and the
    kept page would show a hole or link to a page that is gone.  Copied only where the build lacks them."""
    paths = files_referenced(page.read_text(encoding="utf-8"), page_url, site_roots(network.sites))
    return {Path(path): output / path for path in sorted(paths) if (output / path).is_file()}


def copy_kept_pages(held: HeldBack, staged: Path) -> None:
    """The kept pages into the new output, with the files they show that it lacks."""
    for source, relative in held.kept.values():
        target = staged / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        shutil.copyfile(source, target)
    for relative, source in held.kept_files.items():
        target = staged / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(str(source), str(target))
