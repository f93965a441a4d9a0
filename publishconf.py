"""Production settings: pelicanconf.py, with each site at its public URL.

By default every federation is published at the `url` given in
content/network.yml (its own domain, or a path on a shared one).  Set the
environment variable NETWORK_BASE_URL (e.g. https://org.github.io/repo) to
publish every site under one address instead, one path per site, as GitHub
Pages does.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

NETWORK_BASE_URL = os.environ.get("NETWORK_BASE_URL") or None
