"""Sitemaps: `<site>/sitemap.xml` per site, canonical pages only, and a root index.

Written by the network build from today's URL inventory (plugins/redirects),
so redirect pages, pagination pages and feeds never appear.  The deploy
workflow compares the previously published sitemaps with a new build
(`python -m scripts.check_urls`) before publishing it.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from plugins.articles import ArticleIndex
from plugins.atomic_write import write_text_atomically
from plugins.redirects.emit import absolute_url
from plugins.redirects.inventory import Entry

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _urlset(urls: list[tuple[str, str | None]]) -> str:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">']
    for loc, lastmod in urls:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(loc)}</loc>{modified}</url>")
    return "\n".join(lines) + "\n</urlset>\n"


def write_sitemaps(inventory: dict[str, Entry], index: ArticleIndex, site_urls: dict[str, str],
                   site_ids: list[str], all_site_ids: list[str], output: Path) -> None:
    """One sitemap per site in `site_ids`, and output/sitemap.xml indexing every site's."""
    by_site: dict[str, list[tuple[str, str | None]]] = {site: [] for site in site_ids}
    for path, entry in sorted(inventory.items()):
        site = path.partition("/")[0]
        if site not in by_site or not path.endswith(".html") or not entry.canonical:
            continue
        lastmod = None
        if entry.key[0] == "article":
            record = index.by_identity[entry.key[1]]
            lastmod = (record.modified or record.date).isoformat()
        by_site[site].append((absolute_url(path, site_urls), lastmod))
    for site, urls in by_site.items():
        write_text_atomically(output / site / "sitemap.xml", _urlset(urls))
    entries = "".join(f"  <sitemap><loc>{escape(site_urls[site])}/sitemap.xml</loc></sitemap>\n" for site in all_site_ids)
    write_text_atomically(output / "sitemap.xml",
                          f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{entries}</sitemapindex>\n')
