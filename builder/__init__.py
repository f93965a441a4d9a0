"""The network build: registry → network index → one Pelican run per site → output/.

config.py    reads and validates the build settings (pelicanconf.py / publishconf.py)
sites.py     the Pelican settings of one federation's site, and running it
workers.py   runs the sites in parallel worker processes
staging.py   builds into a temporary folder and swaps it in only on success
network_page.py  output/index.html, the list of every site
build.py     the pipeline, called by scripts/build.py
"""
