"""Writes the pages about units: each unit's page with its articles, the directory, and the site's
web app manifest (domain/page_metadata/web_manifest.py: its name and icon on a phone's home screen)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from pelican.generators import Generator

from domain.atomic_write import write_text_atomically
from domain.directory import directory_groups, sorted_entries
from domain.page_metadata.web_manifest import MANIFEST, web_manifest
from domain.registry import Unit
from plugins.site_context import site_context

DIRECTORY_SAVE_AS = "danh-ba/index.html"


def directory_units(federation: Unit) -> list[Unit]:
    """Every unit below a federation, on any site, in Vietnamese order of their distinctive names."""
    return [entry.unit for entry in sorted_entries(unit for unit in federation.subtree() if unit is not federation)]


class UnitPagesGenerator(Generator):
    """The federation's front page, a page per CĐCS of the site, and the danh bạ."""

    def generate_context(self) -> None:
        self.context["DIRECTORY_URL"] = DIRECTORY_SAVE_AS.removesuffix("index.html")

    def generate_output(self, writer: Any) -> None:
        context = site_context(self.settings)
        network, site = context.network, context.site
        by_unit: dict[str, list] = defaultdict(list)
        for article in self.context["articles"]:  # published, newest first
            by_unit[article.unit.id].append(article)

        for unit in network.site_units(site):
            articles = by_unit[unit.id]
            writer.write_file(
                f"{unit.path_in_site}index.html",
                self.get_template("unit"),
                self.context,
                paginated={"articles": articles},
                template_name="unit",
                url=unit.path_in_site,
                page_name=f"{unit.path_in_site}index",
                unit=unit,
                articles=articles,
            )
        theme_url = f"{self.settings['SITEURL']}/{self.settings['THEME_STATIC_DIR']}"
        manifest = web_manifest(site.name, site.short_name, self.settings["SITEURL"], theme_url)
        write_text_atomically(Path(self.output_path) / MANIFEST, manifest)
        directory = directory_units(site)
        writer.write_file(
            DIRECTORY_SAVE_AS,
            self.get_template("directory"),
            self.context,
            template_name="directory",
            url=self.context["DIRECTORY_URL"],
            unit=site,
            directory=directory,
            directory_groups=directory_groups(site, (unit for unit in directory if unit.is_active)),
        )
