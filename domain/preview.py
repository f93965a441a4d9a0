"""Where the live preview's own URLs live: one prefix at the root of the preview's origin.

The preview server (preview/server.py) answers below it; a preview build's pages
(plugins/preview, stages/network_page.py) link the reload script there.  No site
folder starts with `_` (domain/registry/reserved_names.py), so no page can collide.
"""

PREFIX = "/_xem-truoc/"
RELOAD_SCRIPT_URL = PREFIX + "tai-lai.js"
EVENTS_URL = PREFIX + "su-kien"
STATUS_URL = PREFIX + "trang-thai"
