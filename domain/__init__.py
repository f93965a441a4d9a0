"""The network's domain: who exists, what they wrote, where it lives. Imports no Pelican.

registry       content/network.yml as a validated model with its history (who exists, where, as of a day)
articles       the header parser, references fenced into the unit, identity, the network index
html_cleaning  the nh3 allowlist for bodies and summaries
feeds          which feeds exist, their items, RSS/Atom documents
csp            the Content-Security-Policy table and how it is written
vietnamese     collation, dates, the Jinja filters
atomic_write   files replaced whole or not at all
"""
