"""Delivery to Zalo Official Accounts: each unit's new articles as OA articles, exactly once.

  client.py     the OA Open API v2.0 article calls and the OAuth v4 token refresh
  message.py    the article: title, author, cover, description, text blocks, the link (pure)
  tokenstore.py the OA's access/refresh token pair, saved by compare-and-swap on a generation
  journal.py    SQLite state: intent before create, the token after it, the id after verify
  poster.py     the exactly-once algorithm for one OA

Zalo's create answers a token, not an id; the article exists only after Zalo
has processed it (verify turns the token into the id).  See poster.py.
"""
