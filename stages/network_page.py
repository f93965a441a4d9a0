"""output/index.html: every site of the network, as a tree from province down; output/404.html, the same list
for a path that is not found (the only 404 page GitHub Pages serves: every link in it is absolute)."""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from domain.csp import csp_meta_global, network_origins
from domain.preview import RELOAD_SCRIPT_URL
from domain.registry import Network
from domain.url_layout import NOT_FOUND_SAVE_AS
from domain.vietnamese import add_filters


def write_network_page(theme: Path, network: Network, output: Path, preview: bool = False,
                       base_url: str | None = None) -> None:
    """Render the theme's network.html and network_404.html and copy the theme's static files beside them
    (`preview`: the pages link the live preview's reload script, as the sites' pages do; `base_url`: where
    the output root is served, for the 404 page's absolute links). Without a base URL every site has its
    own domain, its folder is what a host serves and its own 404.html is the one: no root 404 page."""
    env = Environment(loader=FileSystemLoader(theme / "templates"), autoescape=select_autoescape())
    add_filters(env)
    env.globals["csp_meta"] = csp_meta_global(network_origins(network))  # as in every site's pages
    html = env.get_template("network.html").render(network=network, roots=network.roots, THEME_URL="theme",
                                                   output_file="index.html",
                                                   preview_script=RELOAD_SCRIPT_URL if preview else None)
    output.mkdir(parents=True, exist_ok=True)
    (output / "index.html").write_text(html, encoding="utf-8")
    if base_url:
        not_found = env.get_template("network_404.html").render(
            network=network, roots=network.roots, ROOT_URL=base_url.rstrip("/"), output_file=NOT_FOUND_SAVE_AS,
            preview_script=RELOAD_SCRIPT_URL if preview else None)
        (output / NOT_FOUND_SAVE_AS).write_text(not_found, encoding="utf-8")
    shutil.copytree(theme / "static", output / "theme", dirs_exist_ok=True)
