"""The HTML cleaning stage: what an editor's Markdown became, reduced to what an article may show.

Pure functions, no Pelican: the article reader calls `clean_html` on the HTML that
Python-Markdown produced from a body (or a Summary), before any URL rewriting, and
turns the returned `Removal`s into `[html-removed]` warnings.  Editors are many and
untrusted, so what survives is decided by an allowlist (policy.py) enforced by nh3
(Ammonia, the Rust html5ever parser); everything else here is bookkeeping around it:

    alignment.py  Markdown's table `style="text-align: …"` → `class="text-…"`   (before nh3)
    videos.py     allowlisted YouTube/Facebook iframes → a link with a local poster
    policy.py     the allowlist and the nh3 cleaner
    canonical.py  is the editor's markup already what nh3 wrote? (then keep its bytes)
    audit.py      what nh3 removed, in the editor's words (only when something was)
    tokens.py     the editor's markup read as a browser's tokenizer reads it, in linear time
    rewriting.py  h1 → h2, footnote ids, every href/src through `resolve_url`  (after nh3)
    removals.py   the report types and their tally
"""

from .cleaner import clean_html
from .removals import CleanedHtml, Removal

__all__ = ["CleanedHtml", "Removal", "clean_html"]
