"""Settings shared by every site of the network: the local build.

The network build (`python -m scripts.build`, see builder/) reads this file and
adds, for each federation's site: SITENAME, SITEURL, PATH, ARTICLE_PATHS,
STATIC_PATHS, OUTPUT_PATH and the network model (NETWORK, NETWORK_SITE,
NETWORK_INDEX).  Plain `pelican` is not an entry point.
"""

from pathlib import Path

_ROOT = Path(__file__).resolve().parent

# --- The network (read and validated by builder/config.py) -------------------
# Every site lives at <NETWORK_BASE_URL>/<site-id>.  A dotted host (127.0.0.1,
# not localhost) so that feeds validate.  None: each site at its registry `url`.
NETWORK_BASE_URL = "http://127.0.0.1:8000"
NETWORK_REGISTRY = "network.yml"  # inside the content folder
# The menu of every site, in this order (articles may use other categories too).
MAIN_CATEGORIES = [
    "Tin tức - Sự kiện",
    "Hoạt động công đoàn",
    "Chăm lo đời sống",
    "Chính sách - Pháp luật",
    "Văn hóa - Thể thao",
]
NEWS_FROM_BELOW_COUNT = 8  # "Tin từ cơ sở" on a federation's front page

# --- Pelican ----------------------------------------------------------------
THEME = str(_ROOT / "themes" / "congdoan")
# Each plugin is found as plugins/<name>/ (Pelican looks up the last part of the dotted name in these
# folders: the repository root would resolve "plugins.incremental" to the top-level incremental/).
PLUGIN_PATHS = [str(_ROOT / "plugins")]
PLUGINS = [
    "plugins.network_registry",
    "plugins.articles",
    "plugins.images",
    "plugins.vietnamese",
    "plugins.crosslinks",
    "plugins.unit_pages",
    "plugins.documents",
    "plugins.site_pages",
    "plugins.feeds",
    "plugins.search",
    "plugins.incremental",
    "plugins.csp",
    "plugins.preview",
]
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
DEFAULT_CATEGORY = MAIN_CATEGORIES[0]
USE_FOLDER_AS_CATEGORY = False
RELATIVE_URLS = False
# Pelican's content cache stays off: measured at 10,000 articles it slowed cold builds by a
# third and raised peak memory, without speeding up a rebuild (scripts/bench.py).
CACHE_CONTENT = False

ARTICLE_URL = "tin/{slug}.html"
ARTICLE_SAVE_AS = "tin/{slug}.html"
DRAFT_SAVE_AS = ""  # drafts are not published at all, not even at a hidden URL
PAGE_PATHS: list[str] = []
CATEGORY_URL = "chuyen-muc/{slug}/"
CATEGORY_SAVE_AS = "chuyen-muc/{slug}/index.html"
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = "the/{slug}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = "luu-tru/index.html"
DIRECT_TEMPLATES = ["archives"]

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"unit": None, "category": None, "tag": None, "archives": 30}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang-{number}/", "{base_name}/trang-{number}/index.html"),
)

# Pelican's own feeds are off: plugins/feeds (part 2) writes every feed.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None

# Escape everything by default; article bodies are marked `| safe` in article.html.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
READERS = {"rst": None, "htm": None, "html": None}  # articles are Markdown only
# No `meta` extension: domain/articles/headers.py alone reads an article's header, and
# Markdown converts only the body (a second header reader could split the lines otherwise).
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
    },
    "output_format": "html5",
}
# Pelican's {static}/{filename}/{attach} link rewriting is off (this never matches): every link
# and image is resolved inside the article's unit folder by domain/articles/references.py.
INTRASITE_LINK_REGEX = "(?!)(?P<what>)"

# Feeds (plugins/feeds): GUIDs are tag:<TAG_AUTHORITY>,<TAG_DATE>:<article identity>.
FEEDS = {"TAG_AUTHORITY": "congdoan.example.vn", "TAG_DATE": "2026", "MAX_ITEMS": 50}
