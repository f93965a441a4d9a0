"""The network build: read inputs → plan → build sites → network stages → commit (build.py).

build.py    the build as named phases, called by scripts/build.py
config.py   reads and validates the build settings (pelicanconf.py / publishconf.py)
sites.py    the Pelican settings of one federation's site, and running it (the one door to Pelican)
workers.py  runs the sites and their feeds in parallel worker processes
staging.py  builds into a staging folder beside output/ and commits it in one journaled step
shards.py   splits the sites into shards for several machines (--shard K/N)
merge.py    merges the shards' outputs into one (scripts/merge_shards.py)

What is reused between builds is decided in incremental/; the network-wide
passes after the sites (feeds, redirects, sitemaps, the network page) are in stages/.
"""
