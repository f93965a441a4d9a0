"""Images in a site's Pelican run: `<picture>` in every page, the files written from the cache, share images.

The index scan read every photo (domain/images/inspection.py: its size, or the
editor's error) and keeps its facts in the article's record; here, with
domain/images doing the work:
- `content_object_init` gives each article `lead_picture` (the `Image:` as a
  `Picture`: sources, srcset, width, height) and its `lead_picture_html`,
  `image_alt`, `share_image` (its og:image: URL, size, alt), `description` and
  `json_ld` (NewsArticle and BreadcrumbList), and `body_html`: the body with
  every `<img>` of a published photo as a lazy `<picture>` with its width and
  height (the page shows it; feeds keep the plain body);
- `generator_init` puts the site's card (`site_share_image`, every other page's
  og:image) and the front page's Organization (`site_json_ld`) in the context;
- `all_generators_finalized` (every article read, nothing written yet) links
  every image of the run's articles (the site's published ones) and their share images into
  the output, from the cache folder (encoded there first if new: an unchanged
  image is never re-encoded), so the writers find them in place.
Pelican copies none of these photos (builder/sites.py leaves them out of
STATIC_PATHS): the file at an image's own path is the stripped, size-capped copy.
The run's settings carry `ImageSettings` (where the cache is) under IMAGES_KEY,
typed like SiteContext.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article

from domain.articles import ArticleRecord
from domain.images import ImageFacts, Picture, picture_html, picture_of, plan_image, rewrite_body, url_of
from domain.images.framing import HEIGHT, WIDTH, SharePlan, schema_crops, share_plan
from domain.images.paths import lead_facts, schema_paths, share_image_path
from domain.images.publishing import ImageWriteFailed, publish_site_images
from domain.images.store import Store
from domain.page_metadata.description import description
from domain.page_metadata.linked_data import breadcrumb_list, news_article, organization, script_json
from domain.registry import display_path
from plugins.site_context import site_context

logger = logging.getLogger("pelican.plugins.images")  # below "pelican": the site run collects its errors
IMAGES_KEY = "IMAGE_PIPELINE"
SITE_CARD = "theme/images/chia-se.jpg"  # below the site folder


@dataclass(frozen=True)
class ImageSettings:
    cache: Path  # the cache folder's images (incremental/cache_paths.py CachePaths.images)


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int
    height: int
    alt: str
    type: str = "image/jpeg"


def image_settings(settings: Mapping[str, Any]) -> ImageSettings:
    found = settings.get(IMAGES_KEY)
    if not isinstance(found, ImageSettings):
        raise RuntimeError("plugins.images needs IMAGE_PIPELINE (builder/sites.py sets it); run `python -m scripts.build`")
    return found


def _on_content_init(content: Any) -> None:
    if not isinstance(content, Article):
        return
    context = site_context(content.settings)
    record: ArticleRecord = context.index.by_source[content.relative_source_path.replace("\\", "/")]
    site_url = content.settings["SITEURL"]
    pictures = {fact.path: picture_of(plan_image(fact), site_url) for fact in record.images}
    lead: Picture | None = pictures.get(record.image) if record.image else None
    content.lead_picture = lead
    content.image_alt = record.image_alt or ""  # none written: decorative (cautions.alt_caution warned)
    content.lead_picture_html = Markup(picture_html(lead, content.image_alt, lead=True)) if lead else None  # noqa: S704 (escaped by picture_html)
    content.description = description(content.metadata.get("summary"), content._content)
    share = _share_plan(record, context.site.name)
    content.share_image = ShareImage(url_of(site_url, share.path), share.width, share.height,
                                     alt=content.image_alt if share.source else f"{context.site.name}: {record.title}")
    site_card = url_of(site_url, SITE_CARD)
    unit = context.network[record.unit_id]
    crumbs = [(u.short_name, u.url) for u in (*unit.ancestors, unit)]  # the page's breadcrumbs (plugins/crosslinks)
    page_url = f"{site_url}/{record.url}"
    crops = schema_crops(schema_paths(record.save_as, record.identity), _lead_facts(record), record.image_focus)
    images = [url_of(site_url, crop.path) for crop in crops] + [content.share_image.url]
    content.json_ld = Markup(script_json(  # noqa: S704 (script_json escapes <, > and &)
        news_article(url=page_url, headline=record.title, description=content.description, images=images,
                     published=record.date, modified=record.modified, author=record.author, section=record.category,
                     tags=record.tags, site=context.site, logo=site_card),
        breadcrumb_list(crumbs, (record.title, page_url))))
    # The page's body, each photo a <picture>; the article's own content (feeds, other plugins) keeps
    # plain <img> elements: feed readers' sanitisers drop <picture>, <source> and srcset (feedparser's
    # leaves empty <source> tags), while an <img src> of the capped copy shows everywhere.
    body = content._content
    if pictures and "<img" in body:
        body = rewrite_body(body, {url_of(site_url, p): pic for p, pic in pictures.items()})
    content.body_html = Markup(body)  # noqa: S704 (the body nh3 cleaned, with the <picture> elements markup.py escapes)


def _lead_facts(record: ArticleRecord) -> ImageFacts | None:
    return lead_facts(record.images, record.image)


def _share_plan(record: ArticleRecord, site_name: str) -> SharePlan:
    return share_plan(share_image_path(record.save_as, record.identity), _lead_facts(record), record.image_focus,
                      record.title, site_name)


def site_share_image(site_url: str, site_name: str) -> ShareImage:
    """The share image of every page that is not an article: a card with the site's name."""
    return ShareImage(url_of(site_url, SITE_CARD), WIDTH, HEIGHT, alt=site_name)


def _on_generator_init(generator: Any) -> None:
    settings = generator.settings
    card = site_share_image(settings["SITEURL"], settings["SITENAME"])
    generator.context["site_share_image"] = card
    # The front page's Organization: the federation, its parents, its Facebook/Zalo pages.
    generator.context["site_json_ld"] = Markup(script_json(organization(site_context(settings).site, card.url)))  # noqa: S704 (escaped)


def _on_generators_finalized(generators: list[Any]) -> None:
    settings = generators[0].settings
    context = site_context(settings)
    store = Store(image_settings(settings).cache)
    # The run's articles: the site's published ones (builder/sites.py), or the one the live preview
    # renders first (builder/quick_page.py), whose run must not publish the whole site's images.
    read = [article for generator in generators for article in getattr(generator, "articles", [])]
    records = [context.index.by_source[article.relative_source_path.replace("\\", "/")] for article in read]
    shares = [_share_plan(record, context.site.name) for record in records]
    shares += [crop for record in records
               for crop in schema_crops(schema_paths(record.save_as, record.identity), _lead_facts(record), record.image_focus)]
    # The site's card: its name only (no title); under theme/, the site's own assets (no unit may own it).
    shares.append(share_plan(SITE_CARD, None, None, "", context.site.name))
    content, output = Path(settings["PATH"]), Path(settings["OUTPUT_PATH"])
    try:
        publish_site_images([fact for r in records for fact in r.images], shares, content, output, store)
    except ImageWriteFailed as failed:
        logger.error("%s: không tạo được các bản thu nhỏ của ảnh (tệp đã đổi sau khi kiểm tra, hoặc đĩa đầy?): %s",
                     display_path(content / failed.path), failed.error)
    logger.debug("images: %d encoded, the rest from the cache", store.encoded)


def register() -> None:
    signals.content_object_init.connect(_on_content_init)
    signals.generator_init.connect(_on_generator_init)
    # Before any page or feed item is written (all_generators_finalized comes between reading and
    # writing): a writer that needs an image's published bytes (a feed enclosure's length) finds them.
    signals.all_generators_finalized.connect(_on_generators_finalized)
