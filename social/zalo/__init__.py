"""Delivery to Zalo Official Accounts: each unit's new articles as OA articles, exactly once.

  client.py     the OA Open API v2.0 article calls and the OAuth v4 token refresh
  message.py    the article: title, author, cover, description, text blocks, the link (pure)
  tokenstore.py the OA's access/refresh token pair, saved by compare-and-swap on a generation;
                the file store (a machine that keeps its disk) and `seed`
  gitstore.py   the CI token store: an encrypted file per OA on a bot branch, pushed on every save
  keeper.py     the access token: a refresh claimed, sent and its new pair saved before anything else
  journal.py    the `zalo_items` table of the poster's one state file: intent, token, id
  poster.py     the exactly-once algorithm for one OA

Zalo's create answers a token, not an id; the article exists only after Zalo
has processed it (verify turns the token into the id).  See poster.py.
An OA is a `targets.OATarget`, as a Page is a `targets.Target`; its report
(`poster.OAReport`) is not a `PageReport` because an OA has no first-run cap
and no --dry-run plan (the dry run does not contact Zalo).
"""
