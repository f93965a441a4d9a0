"""Build into a staging folder beside output/, then commit it in one journaled step.

On any failure before the commit the staging folder is removed and output/ is
left exactly as it was.  output/ stays a real directory (never a symlink), so
any static host or rsync can take it as it is.

The commit (`commit`):
1. the staging folder's output/ is completed into the whole new output: the
   files of what the build kept (reused sites, and with --site the sites not
   built) are hard-linked into it, so no byte is copied and every unchanged
   file keeps its inode and mtime;
2. a journal beside output/ (`.<output>-commit.json`: written to a temporary
   file, fsynced, renamed) records the commit: the staging folder, the new
   tree's inode, the cache files to move in and the fingerprints to write;
3. the new tree and output/ are exchanged in one renameat2(RENAME_EXCHANGE),
   so output/ is at every moment the previous build or the new one, whole;
4. the bookkeeping the journal names is done (feed items, page memos, then
   the fingerprints), the journal removed, the staging folder (now holding
   the previous tree) deleted.
The cache (.<output>-cache/) therefore describes output/ at every moment, or
the journal says what it will describe once rolled forward: no fingerprint
or page key vouches for files that are not in output/.
A build killed anywhere is repaired by the next one (`recover`, before it
reads anything): with a journal, the commit is rolled forward (the new tree
stays in the staging folder until the journal is gone); without one, output/
was never touched and what the dead build left is removed.  Where the exchange
is not available (not Linux, some file systems) the swap is two renames, and a
kill between them leaves no output/ until the next build finishes the swap.
Power loss is not covered: only the journal is fsynced, not the new tree.

Every file operation of a commit or a recovery goes through `_step`, so a
test can kill the build right before any of them (UNION_BUILD_KILL_AT=N).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from domain.atomic_write import exchange, fsync_folder
from domain.search.layout import INDEX_ROOT, NETWORK_INDEX

PREFIX = ".build-"
LEGACY_OLD = f"{PREFIX}old-"  # where builds before the journal moved the previous output/ or site folder aside
KILL_AT = "UNION_BUILD_KILL_AT"  # tests: SIGKILL the build right before its N-th commit operation
RECOVERING = "Khôi phục sau lần dựng bị dừng giữa chừng"

_steps = 0


def _step() -> None:
    """Called right before each file operation of a commit or a recovery."""
    global _steps
    _steps += 1
    if _steps == int(os.environ.get(KILL_AT) or 0):
        os.kill(os.getpid(), signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def journal_path(output: Path) -> Path:
    return output.parent / f".{output.name}-commit.json"


def _read_journal(output: Path) -> dict | None:
    try:
        return json.loads(journal_path(output).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # unreadable (it is written by rename, so only by hand): treated as naming nothing


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def staging_folder(output: Path, discard: Callable[[Path], None] = remove_folder) -> Iterator[Path]:
    """A fresh folder on output/'s file system, discarded afterwards unless a commit journal still needs it
    (`discard`: the live preview removes it in the background, after the pages have reloaded)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{output.name}-{os.getpid()}-", dir=output.parent))
    try:
        yield folder
    finally:
        journal = _read_journal(output)
        if not journal or journal.get("staging") != folder.name:
            _step()
            discard(folder)


@dataclass(frozen=True)
class Bookkeeping:
    """What the cache says about output/ once the new one is in place."""

    state_file: Path
    state: str  # the fingerprints file's text (incremental/state.py)
    moves: Sequence[tuple[Path, Path]]  # (staging folder, cache folder): its files replace the cache's


def commit(staging: Path, output: Path, book: Bookkeeping, names: list[str], overlay: frozenset[str] = frozenset(),
           remove_others: bool = True) -> None:
    """Make the staging folder's output/ the new output/ (see the module's docstring).

    `names`: the top-level entries the build made (site folders, shared
    files); a name the build did not make is kept.  Folders in `overlay`
    (reused sites) keep their files apart from those the build wrote into
    them.  `remove_others`: drop every other entry of output/ (what a full
    build no longer makes); otherwise keep them.
    """
    built = staging / "output"
    built.mkdir(exist_ok=True)
    _step()
    _complete(built, output, set(names), overlay, remove_others)
    journal = {"pid": os.getpid(), "staging": staging.name, "tree": _identity(built),
               "moves": [[str(source), str(cache)] for source, cache in book.moves],
               "state_file": str(book.state_file), "state": book.state}
    _write(journal_path(output), json.dumps(journal, ensure_ascii=False), durable=True)
    _roll_forward(journal, output)


def commit_in_place(staging: Path, output: Path, book: Bookkeeping, overlay: frozenset[str], keep: set[str]) -> None:
    """The live preview's commit: each top-level entry the build made (a rebuilt site, the network
    page, the theme) exchanged into output/ on its own, and the files written into a reused site's
    folder (its feeds) moved over their namesakes; every other file of output/ stays where it is.
    A save then costs what it changed, not a hard link per file of the network (the journaled
    `commit` needs a whole new tree).  output/ is one build per site, not as a whole, which a
    preview may be.  The cache's files move after the swaps and the fingerprints last: a kill in
    between leaves sites the fingerprints do not vouch for, which the next build builds again.
    Top-level entries not in `keep` (a site that no longer exists) are removed."""
    built = staging / "output"
    output.mkdir(parents=True, exist_ok=True)
    for name in sorted(os.listdir(built)):
        if name in overlay and (output / name).is_dir():
            _move_tree(built / name, output / name)
        else:
            _swap(built / name, output / name, staging / f"old-{name}")
    for name in sorted(set(os.listdir(output)) - keep):
        _step()
        if (output / name).is_dir():
            remove_folder(output / name)
        else:
            (output / name).unlink()
    for source, cache in book.moves:
        _move_tree(source, cache)
    _write(book.state_file, book.state)


def _move_tree(source: Path, target: Path) -> None:
    """Every file below `source` replaces its namesake below `target` (the cache's folders: one file
    per site and kind; a reused site's folder in the preview's commit: the files the build wrote there)."""
    for folder, _, files in os.walk(source):
        into = target / os.path.relpath(folder, source)
        into.mkdir(parents=True, exist_ok=True)
        for name in sorted(files):
            _step()
            os.replace(os.path.join(folder, name), into / name)


def _complete(built: Path, output: Path, names: set[str], overlay: frozenset[str], remove_others: bool) -> None:
    """Hard-link into `built` what the new output keeps of the previous one."""
    if not output.is_dir() or output.is_symlink():
        return
    for name in os.listdir(output):
        previous, new = output / name, built / name
        if name in names and os.path.lexists(new):
            if name in overlay and new.is_dir() and previous.is_dir() and not previous.is_symlink():
                _link_missing(previous, new)
        elif name in names or name in overlay or not remove_others:
            _link_missing(previous, new)


def _link_missing(previous: Path, new: Path) -> None:
    """Every file of `previous` that `new` lacks becomes a hard link in `new` (same inode: nothing copied)."""
    if previous.is_symlink() or not previous.is_dir():
        _link(previous, new)
        return
    for folder, folders, files in os.walk(previous):
        relative = os.path.relpath(folder, previous)
        # Each index folder the build wrote is whole: none of its old files stays.
        folders[:] = [name for name in folders
                      if not (_is_index(os.path.join(relative, name)) and os.path.isdir(os.path.join(new, relative, name)))]
        target = os.path.join(new, relative)
        os.makedirs(target, exist_ok=True)
        for name in files + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            _link(os.path.join(folder, name), os.path.join(target, name))


def _is_index(relative: str) -> bool:
    """A search index folder (a site's, or a province's network index): the build writes each whole."""
    relative = os.path.normpath(relative)
    return relative == NETWORK_INDEX or os.path.dirname(relative) == INDEX_ROOT


def _link(existing, path) -> None:
    try:
        os.link(existing, path, follow_symlinks=False)
    except FileExistsError:
        pass  # the build wrote this one


def _identity(path: Path) -> list[int] | None:
    try:
        stat = path.lstat()
    except FileNotFoundError:
        return None
    return [stat.st_dev, stat.st_ino]


def _write(path: Path, text: str, durable: bool = False) -> None:
    """A temporary file renamed over `path`: after a kill, `path` is the old or the new text."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    _step()
    with open(temporary, "wb") as file:
        file.write(text.encode("utf-8"))
        if durable:
            file.flush()
            os.fsync(file.fileno())
    _step()
    os.replace(temporary, path)
    if durable:
        fsync_folder(path.parent)


def _roll_forward(journal: dict, output: Path) -> bool:
    """Finish a journaled commit from wherever it stopped (every step can be repeated); False if it could not."""
    staging = output.parent / journal["staging"]
    new = staging / "output"
    if _identity(output) != journal["tree"]:
        if _identity(new) != journal["tree"]:
            # Neither is the tree the journal names (moved or copied elsewhere and back: inodes changed):
            # output/ is one whole build, but which one is unknown, so the cache vouches for nothing.
            aside = staging / "old-output"
            if not os.path.lexists(output) and aside.is_dir():
                _step()
                os.rename(aside, output)
            _step()
            Path(journal["state_file"]).unlink(missing_ok=True)
            for _, cache in journal["moves"]:
                _step()
                shutil.rmtree(cache, ignore_errors=True)
            _step()
            journal_path(output).unlink(missing_ok=True)
            return False
        _swap(new, output, staging / "old-output")
    for source, cache in journal["moves"]:
        _move_tree(Path(source), Path(cache))
    _write(Path(journal["state_file"]), journal["state"])
    _step()
    journal_path(output).unlink()
    return True


def _swap(new: Path, target: Path, aside: Path) -> None:
    """Put the folder `new` at `target`; `new` (or `aside`) then holds what `target` was."""
    _step()
    if not os.path.lexists(target):
        os.rename(new, target)
    elif not exchange(new, target):
        os.rename(target, aside)  # no atomic exchange here: between these two renames there is no `target`
        _step()
        os.rename(new, target)


_TEMPORARY = re.compile(r"^\..+\.(\d+)\.tmp$")  # domain/atomic_write's and _write's temporary files


def recover(output: Path, cache: Path) -> list[str]:
    """Finish or undo what killed builds left beside output/ (and inside it, for builds before the journal).

    Never touches what a live build is using (its pid is checked).  Returns
    one Vietnamese line per repair, for the build to print.
    """
    output = output.absolute()
    done: list[str] = []
    journal = _read_journal(output)
    if journal == {}:  # damaged by hand: whether output/ was swapped is unknown, so the cache vouches for nothing
        _step()
        shutil.rmtree(cache, ignore_errors=True)
        _step()
        journal_path(output).unlink(missing_ok=True)
        done.append(f"tệp nhật ký {journal_path(output).name} hỏng: bỏ nó và bộ nhớ đệm {cache.name}/, dựng lại mọi trang")
    elif journal is not None:
        pid = journal["pid"]
        if pid != os.getpid() and _alive(pid):
            return []  # another build is committing into output/ right now: everything here is its own
        if _roll_forward(journal, output):
            done.append(f"hoàn tất việc thay {output.name}/ bằng bản dựng mới của lần dựng pid {pid}")
        else:
            done.append(f"không nhận ra bản dựng mới của lần dựng pid {pid} (thư mục đã bị chép hay chuyển đi); "
                        f"bỏ dấu vân tay và bộ nhớ đệm trang, dựng lại mọi trang")
        _step()
        shutil.rmtree(output.parent / journal["staging"], ignore_errors=True)
    done += _remove_leftovers(output, cache)
    return [f"{RECOVERING}: {line}." for line in done]


def _dead(pid: str) -> bool:
    return pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))


def _remove_leftovers(output: Path, cache: Path) -> list[str]:
    done = []
    parent = output.parent
    for folder in sorted(parent.glob(f"{PREFIX}{output.name}-*")):
        if _dead(folder.name.removeprefix(f"{PREFIX}{output.name}-").split("-")[0]):
            _step()
            shutil.rmtree(folder, ignore_errors=True)
            done.append(f"xóa thư mục tạm {folder.name} của một lần dựng không còn chạy")
    # Builds before the journal swapped with two renames, output/ itself and each rebuilt site folder.
    for old, target in _legacy(parent, f"{output.name}-", lambda old: output):
        _put_back_or_remove(old, target, done)
    for old, target in _legacy(output, "", lambda old: output / old.name.removeprefix(LEGACY_OLD).rsplit("-", 1)[0]):
        _put_back_or_remove(old, target, done)
    # Temporary files of dead processes: the journal's beside output/, any in the cache (one level down).
    cache_folders = [cache, *(p for p in cache.iterdir() if p.is_dir())] if cache.is_dir() else []
    candidates = [*parent.glob(f".{journal_path(output).name}.*.tmp"), *(p for f in cache_folders for p in f.glob(".*.tmp"))]
    temporary = [path for path in candidates if (match := _TEMPORARY.match(path.name)) and _dead(match.group(1))]
    for path in temporary:
        _step()
        path.unlink(missing_ok=True)
    if temporary:
        done.append(f"xóa {len(temporary)} tệp tạm dở dang ({', '.join(sorted(p.name for p in temporary))})")
    return done


def _legacy(folder: Path, name: str, target_of) -> list[tuple[Path, Path]]:
    found = sorted(folder.glob(f"{LEGACY_OLD}{name}*")) if folder.is_dir() else []
    return [(old, target_of(old)) for old in found if _dead(old.name.rsplit("-", 1)[-1])]


def _put_back_or_remove(old: Path, target: Path, done: list[str]) -> None:
    _step()
    if os.path.lexists(target):
        shutil.rmtree(old, ignore_errors=True)
        done.append(f"xóa {old.name}, bản cũ của {target.name}/ mà một lần dựng bị dừng để lại")
    else:
        os.rename(old, target)
        done.append(f"đưa {target.name}/ trở lại từ {old.name} (một lần dựng bị dừng giữa hai bước đổi tên)")
