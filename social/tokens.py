"""Page access tokens from the environment, and scrubbing them out of any text.

A page's token is the variable named by its unit's `facebook_token_env`, else
its entry in FB_PAGE_TOKENS, a JSON object page-id -> token (one repository
secret for hundreds of pages; GitHub allows 100 secrets per repository).
Tokens are never logged, stored or shown: `Tokens.scrub` replaces every known
token and any `access_token=...` with `<hidden>` in text that is about to leave
the process, and `TokenFilter` does the same to every log record.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping

from domain.registry.loader import TOKEN_ENV_PATTERN, ZALO_TOKEN_ENV_PATTERN

from .errors import UsageError

HIDDEN = "<hidden>"
MAP_VARIABLE = "FB_PAGE_TOKENS"
ZALO_APP_ID = "ZALO_APP_ID"  # the network's one Zalo app (its id is no secret)
ZALO_SECRET_KEY = "ZALO_SECRET_KEY"  # the app's secret key, sent with every refresh
ZALO_STORE_KEY = "ZALO_STORE_KEY"  # encrypts the CI token store (social/zalo/gitstore.py)
_ACCESS_TOKEN_PARAM = re.compile(r"(access_token=)[^&\s\"']+")
_AUTH_HEADER = re.compile(r"((?:Bearer|OAuth)\s+)[A-Za-z0-9._\-|]{16,}")


def scrub_patterns(text: str) -> str:
    """Hide token-shaped parts of `text` whose value we may not know (URLs, headers)."""
    return _AUTH_HEADER.sub(rf"\1{HIDDEN}", _ACCESS_TOKEN_PARAM.sub(rf"\1{HIDDEN}", text))


class Tokens:
    """The tokens of this run, looked up by page; knows every value to scrub."""

    def __init__(self, environ: Mapping[str, str]):
        self._environ = environ
        self._map: dict[str, str] = {}
        raw = environ.get(MAP_VARIABLE, "").strip()
        if raw:
            try:
                parsed = json.loads(raw)
            except ValueError:
                # Never quote the value: it is the secret.
                raise UsageError(f"{MAP_VARIABLE} không phải JSON hợp lệ; dạng đúng: "
                                 '{"<mã Trang>": "<mã truy cập>", ...} (giá trị: <hidden>)') from None
            if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
                raise UsageError(f"{MAP_VARIABLE} phải là một đối tượng JSON mã Trang → mã truy cập (chuỗi)")
            self._map = {str(key): value for key, value in parsed.items()}
        self._known: set[str] = {value for value in self._map.values() if value}
        self._known |= {environ[name] for name in (ZALO_SECRET_KEY, ZALO_STORE_KEY) if environ.get(name)}

    def for_page(self, page_id: str, env_name: str | None) -> str | None:
        """The page's token: `env_name` first, then FB_PAGE_TOKENS; None if neither has one.

        Only a `FB_TOKEN_…` variable is ever read (the registry refuses other names; checked
        again here so that no registry entry can make the poster send another secret)."""
        named = env_name if env_name and TOKEN_ENV_PATTERN.fullmatch(env_name) else None
        token = (self._environ.get(named) if named else None) or self._map.get(page_id)
        if token:
            self._known.add(token)
        return token or None

    def zalo_app(self) -> tuple[str, str] | None:
        """ZALO_APP_ID and ZALO_SECRET_KEY, or None if either is unset."""
        app_id, secret = self._environ.get(ZALO_APP_ID, "").strip(), self._environ.get(ZALO_SECRET_KEY, "").strip()
        return (app_id, secret) if app_id and secret else None

    def zalo_store_key(self) -> str | None:
        return self._environ.get(ZALO_STORE_KEY, "").strip() or None

    def zalo_first_refresh(self, env_name: str | None) -> str | None:
        """The OA's first refresh token, from the `ZALO_TOKEN_…` variable its unit names (no other is read)."""
        named = env_name if env_name and ZALO_TOKEN_ENV_PATTERN.fullmatch(env_name) else None
        token = (self._environ.get(named) or "").strip() if named else ""
        if token:
            self._known.add(token)
        return token or None

    def learn(self, token: str) -> None:
        """Scrub this value too (a Zalo access or refresh token read from the token store)."""
        if token:
            self._known.add(token)

    def scrub(self, text: str) -> str:
        """`text` with every token this run knows, and any token-shaped parameter, replaced by <hidden>."""
        for token in sorted(self._known, key=len, reverse=True):
            text = text.replace(token, HIDDEN)
        return scrub_patterns(text)


class TokenFilter(logging.Filter):
    """A logging filter that scrubs each record's final message (defence in depth)."""

    def __init__(self, tokens: Tokens):
        super().__init__()
        self._tokens = tokens

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = self._tokens.scrub(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True
