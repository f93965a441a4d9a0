"""Pelican plugins of the union news network, one package per concern, each a Pelican plugin.

network_registry  checks the run was started by the network build (the registry is domain/registry)
articles          the Markdown reader, and each article's slug, URL, unit and image from the index
vietnamese        Jinja filters: Vietnamese dates and alphabetical order
crosslinks        breadcrumbs, "Tin từ cơ sở" and the links between federations' sites
unit_pages        front pages, CĐCS pages and the unit directory (danh bạ)
feeds             each site's feed items, its feed links and feeds/index.html
incremental       the writer that renders a page only when its key changed
csp               the Content-Security-Policy <meta> of every page

Two modules beside them, not plugins: site_context.py, the one typed object
(`SiteContext`) every plugin reads what the network build decided from, and
pelican_compat.py, which checks on import that the private Pelican and Markdown
surfaces some plugins rely on still look as expected.  The plugins hook in
through Pelican's signals (the reader and writer swaps, `readers_init` and
`get_writer`, too); the private surfaces beyond them are listed in pelican_compat.py.
"""
