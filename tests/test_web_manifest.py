"""Each site's web app manifest and the icons it names: a real build, the files parsed back."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from PIL import Image

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content

SETTINGS = ROOT / "pelicanconf.py"


def test_every_site_has_a_manifest_whose_icons_are_published_at_their_sizes(tmp_path):
    content = copy_fixture_content(tmp_path)
    output = tmp_path / "output"
    report = build(BuildOptions(content, output, SETTINGS, jobs=1))
    sites = {site.id: site for site in report.network.sites}
    assert sites
    for site_id, site in sites.items():
        manifest = json.loads((output / site_id / "manifest.webmanifest").read_text(encoding="utf-8"))
        assert manifest["name"] == site.name and manifest["short_name"] == site.short_name and manifest["lang"] == "vi"
        assert manifest["start_url"] == manifest["scope"] == urlsplit(site.site_url).path.rstrip("/") + "/"
        assert manifest["theme_color"] == "#b3141b"
        for icon in manifest["icons"]:
            assert icon["src"].startswith(site.site_url + "/")  # the site's own origin: no third-party request
            file = output / site_id / icon["src"].removeprefix(site.site_url + "/")
            assert file.is_file(), icon
            if icon["type"] == "image/png":
                width, height = (int(n) for n in icon["sizes"].split("x"))
                with Image.open(file) as image:
                    assert image.size == (width, height) and image.mode == "RGB"  # opaque, as iOS and Android want
        assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}
    # every page of every site names them: the manifest, the 180 px icon iOS takes, the bar's colour
    from bs4 import BeautifulSoup

    pages = [p for site_id in sites for p in (output / site_id).rglob("*.html") if "REFRESH" not in p.read_text(encoding="utf-8").upper()]
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        site = sites[page.relative_to(output).parts[0]]
        assert soup.find("link", rel="manifest")["href"] == f"{site.site_url}/manifest.webmanifest", page
        icon = soup.find("link", rel="apple-touch-icon")["href"]
        assert (output / site.id / icon.removeprefix(site.site_url + "/")).is_file(), page
        assert soup.find("meta", attrs={"name": "theme-color"})["content"] == "#b3141b", page
