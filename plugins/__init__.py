"""Pelican plugins of the union news network, one package per concern.

network_registry  who exists and where (content/network.yml as an object model)
articles          article identity, metadata checks, URLs, the network-wide index
vietnamese        collation and dates for templates
crosslinks        breadcrumbs and "Tin từ cơ sở" across sites
unit_pages        front pages, CĐCS pages and the unit directory (danh bạ)
"""
