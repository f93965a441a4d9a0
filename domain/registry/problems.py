"""Problems found in editors' input, reported as `path:line: Field: message [code]`.

The message is Vietnamese and says what to write instead; the code is stable
English so tests, scripts and the editors' guide can refer to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def display_path(path: str | os.PathLike) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} [{self.code}]"


class ProblemsFound(Exception):
    """One or more problems in the registry or the articles; nothing was built."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
