"""Feeds as data: which feeds exist (catalog.py), what an item says (items.py), the XML (writer.py).

catalog.py   every feed of a site: its path, title, the items it carries
items.py     one article's feed item, saved as JSON by its site's run, and `tag:` GUIDs
settings.py  the FEEDS setting, validated once
writer.py    RSS 2.0 and Atom with feedgen, made to pass the W3C validator
stylesheet.py  the CSS stylesheet instruction: a feed opened in a browser says how to subscribe
"""

from __future__ import annotations

from .catalog import FeedSpec, page_feeds, site_feed_specs
from .items import FeedItem, items_file, save_site_items, tag_uri
from .settings import FeedSettings, feed_settings

__all__ = ["FeedItem", "FeedSettings", "FeedSpec", "feed_settings", "items_file", "page_feeds",
           "save_site_items", "site_feed_specs", "tag_uri"]
