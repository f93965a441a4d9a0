"""The network registry: content/network.yml as one validated object model.

`load_network()` reads and checks the registry once per build; the build hands
the resulting `Network` to every site's Pelican run, so templates and plugins
read `unit.parent`, `unit.children`, `unit.site`, `unit.url`.

model.py          Unit and Network, the tree as of a day (`Unit.apply` replays an event)
history.py        the events of `history:` as data (imports nothing of the model)
history_check.py  the history replayed day by day, every impossible step an error
loader.py         reading network.yml with the line of every field
reserved_names.py the names the site layout keeps (pure)
paths.py          the folders a unit takes inside a site
owners.py         `editors:` and `administrators:`
codeowners.py     the registry as .github/CODEOWNERS (`python -m scripts.codeowners`)
problems.py       Problem (file, line, field, Vietnamese message, code) and ProblemsFound
"""

from __future__ import annotations

from .loader import is_valid_url, load_network
from .model import KINDS, Network, Unit
from .problems import Problem, ProblemsFound, display_path
from .reserved_names import reserved_at_root, reserved_in_site

__all__ = [
    "KINDS", "Network", "Problem", "ProblemsFound", "Unit", "display_path",
    "is_valid_url", "load_network", "reserved_at_root", "reserved_in_site",
]
