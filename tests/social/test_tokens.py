"""Which secrets the poster may read: only FB_TOKEN_… variables and the FB_PAGE_TOKENS map."""

from social.tokens import Tokens


def test_a_unit_can_only_name_a_facebook_token_variable():
    environ = {"GITHUB_TOKEN": "ghs_secret", "FB_TOKEN_CDCS_A": "page-token-a", "FB_PAGE_TOKENS": '{"2": "map-token"}'}
    tokens = Tokens(environ)
    assert tokens.for_page("1", "FB_TOKEN_CDCS_A") == "page-token-a"
    assert tokens.for_page("1", "GITHUB_TOKEN") is None
    assert tokens.for_page("2", "GITHUB_TOKEN") == "map-token"  # the map, never the named secret
    assert tokens.scrub("page-token-a map-token") == "<hidden> <hidden>"
