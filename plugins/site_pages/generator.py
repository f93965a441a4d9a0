"""Writes the site's 404 page and its site map (sơ đồ trang)."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from domain.directory import sorted_entries
from domain.vietnamese import sort_key
from plugins.site_context import site_context

SEARCH_URL = "tim-kiem/"  # the search page (written by the search feature)
LATEST_COUNT = 8  # the latest news a 404 page offers


class SitePagesGenerator(Generator):
    """The 404 page and the site map of one site."""

    def generate_context(self) -> None:
        self.context["SITE_MAP_URL"] = site_context(self.settings).layout.site_map.url
        self.context["SEARCH_URL"] = SEARCH_URL

    def generate_output(self, writer: Any) -> None:
        context = site_context(self.settings)
        network, site = context.network, context.site
        articles = self.context["articles"]  # the site's published articles, newest first
        layout = context.layout
        writer.write_file(
            layout.not_found.save_as,
            self.get_template("404"),
            self.context,
            template_name="404",
            url=layout.not_found.url,
            latest_articles=articles[:LATEST_COUNT],
        )
        sections = [entry.unit for entry in sorted_entries(
            unit for unit in network.site_units(site) if unit is not site and unit.is_active)]
        federations = [entry.unit for entry in sorted_entries(
            unit for unit in site.children if unit.is_federation)]
        writer.write_file(
            layout.site_map.save_as,
            self.get_template("site_map"),
            self.context,
            template_name="site_map",
            url=self.context["SITE_MAP_URL"],
            site_sections=sections,
            site_federations_sorted=federations,
            site_categories=sorted(self.context["categories"], key=lambda pair: sort_key(pair[0].name)),
        )
