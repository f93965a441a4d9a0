"""A federation's `contact:` in network.yml: how a reader reaches it, checked with each line.

    contact:
      address: 16 Lê Lợi, phường Hạc Thành, tỉnh Thanh Hóa
      phone: 0237 3852 xxx           # Vietnamese numbers: 0 or +84, then 9 or 10 digits
      email: vanphong@ldld.thanhhoa.example.vn
      map: https://www.openstreetmap.org/?mlat=19.80&mlon=105.78#map=17/19.80/105.78
      hours: Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 30 – 17 giờ, thứ Hai đến thứ Sáu

Every field is optional.  The map link must be https to a map service named here
(an allowlist: a link on the contact page is a link the federation vouches for).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

FIELDS = ("address", "phone", "email", "map", "hours")
MAP_HOSTS = ("www.google.com", "google.com", "maps.google.com", "maps.app.goo.gl", "goo.gl",
             "www.openstreetmap.org", "openstreetmap.org", "osm.org")
_PHONE_SEPARATORS = re.compile(r"[ .()-]")
_PHONE = re.compile(r"(?:0|\+84)[1-9][0-9]{8,9}")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
Report = Callable[[int, str, str, str], None]  # (line, field, message, code)


@dataclass(frozen=True)
class Contact:
    address: str | None = None
    phone: str | None = None  # as written: "0237 3852 111"
    email: str | None = None
    map: str | None = None
    hours: str | None = None

    @property
    def tel_uri(self) -> str | None:
        """The phone as a `tel:` link (RFC 3966, international form)."""
        if self.phone is None:
            return None
        digits = _PHONE_SEPARATORS.sub("", self.phone)
        return "tel:+84" + digits[1:] if digits.startswith("0") else "tel:" + digits


def read_contact(value: Any, line: int, key_lines: dict[str, int], report: Report) -> Contact | None:
    """The `contact:` mapping as a Contact, or None after reporting each problem at its line."""
    if not isinstance(value, dict):
        report(line, "contact", "`contact:` phải là một nhóm dòng thụt lề bên dưới: address, phone, email, map, hours", "bad-contact")
        return None
    ok = True
    fields: dict[str, str] = {}
    for name, raw in value.items():
        where = key_lines.get(name, line)
        if name not in FIELDS:
            guess = difflib.get_close_matches(str(name), FIELDS, n=1)
            hint = f"; có phải là `{guess[0]}`?" if guess else f"; các trường được dùng: {', '.join(FIELDS)}"
            report(where, f"contact.{name}", f"trường `{name}` không được hỗ trợ{hint}", "unknown-field")
            ok = False
        elif not isinstance(raw, str | int) or isinstance(raw, bool) or not str(raw).strip():
            report(where, f"contact.{name}", f"`{name}:` phải là một dòng chữ", "bad-contact")
            ok = False
        else:
            fields[name] = " ".join(str(raw).split())
    phone = fields.get("phone")
    if phone is not None and not _PHONE.fullmatch(_PHONE_SEPARATORS.sub("", phone)):
        report(key_lines.get("phone", line), "contact.phone",
               f"`{phone}` không phải số điện thoại Việt Nam; viết số 0 hoặc +84 rồi đến 9–10 chữ số, có thể cách bằng "
               "dấu cách, ví dụ `0237 3852 111` hoặc `+84 912 345 678`", "bad-phone")
        ok = False
    email = fields.get("email")
    if email is not None and not _EMAIL.fullmatch(email):
        report(key_lines.get("email", line), "contact.email",
               f"`{email}` không phải địa chỉ thư điện tử; ví dụ `vanphong@ldld.example.vn`", "bad-email")
        ok = False
    link = fields.get("map")
    if link is not None:
        parts = urlsplit(link)
        if parts.scheme != "https" or (parts.hostname or "") not in MAP_HOSTS or " " in link:
            report(key_lines.get("map", line), "contact.map",
                   f"`{link}` không phải liên kết bản đồ được chấp nhận; dùng liên kết https của Google Maps hoặc "
                   "OpenStreetMap (nút Chia sẻ trên bản đồ), ví dụ `https://www.openstreetmap.org/?mlat=19.80&mlon=105.78`",
                   "bad-map-link")
            ok = False
        elif parts.hostname in ("www.google.com", "google.com") and not parts.path.startswith("/maps"):
            report(key_lines.get("map", line), "contact.map",
                   f"`{link}` không phải liên kết Google Maps (phải bắt đầu bằng `https://www.google.com/maps`)", "bad-map-link")
            ok = False
    return Contact(**fields) if ok else None
