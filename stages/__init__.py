"""Network-wide stages, run once per build after the sites' Pelican runs.

feeds         every site's feeds, from the items its subtree's runs saved
redirects     every URL ever published, and a redirect for each one that moved
sitemaps      sitemap.xml per site (and the redirect sitemaps)
network_page  output/index.html, the list of every site
"""
