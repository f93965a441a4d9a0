"""Sitemaps: `<site>/sitemap.xml` per site (canonical pages, and the later pages of category and
tag lists), the Google News sitemap (news.py), the URLs that now redirect, and a root index
(writing.py); reading published ones back (reading.py), from the live site before a deploy
(live.py); the list of feed URLs, which no sitemap lists (feed_list.py).

Written by the network build from today's URL inventory and redirect plan
(stages/redirects).  The deploy passes the sitemaps online to the build
(`--published-urls`) and compares them with the new build
(`python -m scripts.check_urls`) before publishing it.
"""

from .feed_list import FEED_LIST, feed_urls, write_feed_list
from .news import NEWS_SITEMAP, NewsWindow, window_digest
from .reading import Listing, parse_sitemap, read_listing
from .writing import REDIRECTS_SITEMAP, SITEMAP, sitemap_paths, write_sitemaps

__all__ = ["FEED_LIST", "NEWS_SITEMAP", "REDIRECTS_SITEMAP", "SITEMAP", "Listing", "NewsWindow", "parse_sitemap", "read_listing",
           "feed_urls", "sitemap_paths", "window_digest", "write_feed_list", "write_sitemaps"]
