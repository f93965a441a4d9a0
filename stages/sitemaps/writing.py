"""Writing the sitemaps: canonical pages per site, the URLs that now redirect, and the root index.

- `<site>/sitemap.xml`: today's canonical pages of a site and the later pages
  of its category and tag lists (no redirect, no feed), with the article's
  `lastmod`: a list emptied by recategorising its articles is known to a fresh
  runner only by what was published, its page 2 too (stages/redirects/published.py);
- `<site>/sitemap-tin-moi.xml`: the Google News sitemap, the site's articles of the last two
  days (news.py);
- `<site>/sitemap-chuyen-huong.xml`: the site's old URLs of those kinds that now
  redirect (a unit moved away, a title corrected, a list emptied), so that search engines find
  the redirects, as they advise for moves; and so that the next build, reading
  the sitemaps online, keeps every corrected title's redirect (stages/redirects/published.py);
- a site folder that is no longer a site (a federation merged into another)
  keeps its `sitemap.xml` at the same address: it lists its old URLs, which redirect;
- `output/sitemap.xml` indexes them all.  A sitemap published once is written
  again even when it lists nothing any more: a sitemap URL is never lost;
- `robots.txt` in each site folder (a site on its own domain) names its sitemaps,
  and `output/robots.txt` every site's (sites below one address).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from domain.articles import ArticleIndex, ArticleRecord
from domain.atomic_write import write_text_atomically
from stages.redirects.emit import absolute_url
from stages.redirects.inventory import Entry
from stages.redirects.plan import Plan

from .news import NEWS_SITEMAP, NewsWindow, news_urlset

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP = "sitemap.xml"
REDIRECTS_SITEMAP = "sitemap-chuyen-huong.xml"
ROBOTS = "robots.txt"


def _urlset(urls: list[tuple[str, str | None]]) -> str:
    lines = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{NS}">']
    for loc, lastmod in urls:
        modified = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        lines.append(f"  <url><loc>{escape(loc)}</loc>{modified}</url>")
    return "\n".join(lines) + "\n</urlset>\n"


def sitemap_paths(plan: Plan, all_site_ids: list[str], published: Iterable[str] = ()) -> dict[str, list[str]]:
    """Every sitemap the network serves (its path below output/) → the redirected old paths it
    lists ([] for a site's sitemap of canonical pages, listed from today's inventory).

    From the whole plan, so every shard computes the same index.  `published`: paths of
    sitemaps published before, kept even when empty."""
    moved: dict[str, list[str]] = {}
    for path in sorted(plan.listed):
        moved.setdefault(path.partition("/")[0], []).append(path)
    published = set(published)
    files: dict[str, list[str]] = {}
    for site in all_site_ids:
        files[f"{site}/{SITEMAP}"] = []
        files[f"{site}/{NEWS_SITEMAP}"] = []
        if moved.get(site) or f"{site}/{REDIRECTS_SITEMAP}" in published:
            files[f"{site}/{REDIRECTS_SITEMAP}"] = moved.get(site, [])
    for folder in sorted(set(moved) - set(all_site_ids)):  # a former site: its sitemaps stay, its news one empty
        files[f"{folder}/{SITEMAP}"] = moved[folder]
        files[f"{folder}/{NEWS_SITEMAP}"] = []
    for path in sorted(published - files.keys()):  # a former site's sitemap listing nothing any more
        folder, _, name = path.partition("/")
        if name in (SITEMAP, REDIRECTS_SITEMAP, NEWS_SITEMAP) and folder not in all_site_ids:
            files[path] = []
    return files


def write_sitemaps(inventory: dict[str, Entry], index: ArticleIndex, site_urls: dict[str, str],
                   site_ids: list[str], all_site_ids: list[str], output: Path, news: NewsWindow, *,
                   plan: Plan | None = None, folders: Iterable[str] = (), published: Iterable[str] = ()) -> None:
    """The sitemaps of `site_ids` and of the old site folders in `folders`, and output/sitemap.xml
    indexing every sitemap of the network (`plan`: the whole redirect plan)."""
    files = sitemap_paths(plan or Plan([], [], []), all_site_ids, published)
    canonical: dict[str, list[tuple[str, str | None]]] = {site: [] for site in site_ids}
    recent: dict[str, list[tuple[str, ArticleRecord]]] = {site: [] for site in site_ids}
    for path, entry in sorted(inventory.items()):
        site = path.partition("/")[0]
        if site not in canonical or not path.endswith(".html") or not entry.listed:
            continue
        lastmod = None
        if entry.key[0] == "article":
            record = index.by_identity[entry.key[1]]
            lastmod = (record.modified or record.date).isoformat()
            if news.holds(record):
                recent[site].append((absolute_url(path, site_urls), record))
        canonical[site].append((absolute_url(path, site_urls), lastmod))
    writes = set(site_ids) | set(folders)
    for path, moved in files.items():
        folder, _, name = path.partition("/")
        if folder not in writes:
            continue
        if folder in canonical and name == SITEMAP:
            write_text_atomically(output / path, _urlset(canonical[folder]))
        elif folder in recent and name == NEWS_SITEMAP:
            write_text_atomically(output / path, news_urlset(news.names[folder], recent[folder]))
        else:
            write_text_atomically(output / path, _urlset([(absolute_url(old, site_urls), None) for old in moved]))
    entries = "".join(f"  <sitemap><loc>{escape(absolute_url(path, site_urls))}</loc></sitemap>\n" for path in files)
    write_text_atomically(output / SITEMAP,
                          f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{NS}">\n{entries}</sitemapindex>\n')
    for folder in sorted(writes):
        write_text_atomically(output / folder / ROBOTS,
                              robots_txt([absolute_url(path, site_urls) for path in files if path.startswith(folder + "/")]))
    write_text_atomically(output / ROBOTS, robots_txt([absolute_url(path, site_urls) for path in files]))


def robots_txt(sitemaps: list[str]) -> str:
    """Every crawler welcome, and where the sitemaps are (absolute, as robots.txt requires).  A site
    on its own domain is read at its root; sites below one address, through the output root's."""
    return "User-agent: *\nAllow: /\n\n" + "".join(f"Sitemap: {url}\n" for url in sitemaps)
