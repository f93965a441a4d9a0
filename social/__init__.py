"""Delivery to social media: post each unit's new articles to its Facebook Page and Zalo OA, exactly once.

`python -m scripts.social post` (scripts/social.py) is the entry point; the
steps live in modules named for what they hold:

  targets.py   which Pages and OAs: the network as of today, units with `facebook_page_id` / `zalo_oa_id`
  matching.py  which Page post is which article: by the article code every URL carries
  feeds.py     a unit's own Atom feed, from the build output or the published site
  message.py   the post's text: title, summary, Vietnamese hashtags (pure functions)
  tokens.py    Page tokens from the environment; scrubbing them from every text
  graph.py     the Graph API client and error classification
  retry.py     bounded backoff and rate-limit waits (pure functions)
  window.py    the --since window (pure function)
  state.py     SQLite state: intent before each POST, outcome after it (the one file, Zalo's table too)
  lock.py      one run at a time per state file (flock)
  poster.py    the exactly-once algorithm: check, choose, post
  notices.py   what the social manager reads when a page stops (Vietnamese)
  run.py       one run over every page, and its summary
  errors.py    the one exception hierarchy the CLI turns into a line and an exit code
  crashpoints.py  a test hook that kills the process at a chosen instant
  zalo/        the Zalo OA poster (see its __init__)

Nothing here is a Pelican plugin: it reads what the build wrote.
"""

from .errors import SocialError, UsageError
from .run import RunOptions, RunReport, run, summary_lines

__all__ = ["RunOptions", "RunReport", "SocialError", "UsageError", "run", "summary_lines"]
