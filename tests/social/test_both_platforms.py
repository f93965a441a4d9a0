"""`scripts.social post` against the fake Graph and the fake Zalo servers at once, over real unit feeds."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta

from zalo_server import start_zalo  # noqa: F401  (fixture)

from feed_factory import PageSpec, make_network, run_inprocess
from graph_server import start_graph  # noqa: F401  (fixture)

OA1, OA2 = "5000000000000000011", "5000000000000000012"


def _network(tmp_path):
    minutes = [timedelta(minutes=m) for m in range(1, 5)]
    pages = [PageSpec("cdcs-b1", "600000000001", "EAAB-first-TOKEN-0001", "FB_TOKEN_B1", minutes,
                      extra=f"zalo_oa_id: '{OA1}'\nzalo_token_env: ZALO_TOKEN_B1"),
             PageSpec("cdcs-b2", "600000000002", "EAAB-second-TOKEN-0002", None, minutes[:2],
                      extra=f"zalo_oa_id: '{OA2}'\nzalo_token_env: ZALO_TOKEN_B2")]
    return make_network(tmp_path, pages)


def _env(net, zalo):
    first = {oa: zalo.authorise(oa)[1] for oa in (OA1, OA2)}  # what each OA's admin got when authorising
    return net.env(ZALO_APP_ID=zalo.app_id, ZALO_SECRET_KEY=zalo.secret_key,
                   ZALO_TOKEN_B1=first[OA1], ZALO_TOKEN_B2=first[OA2])


def test_each_item_is_posted_once_to_each_platform_then_nothing(tmp_path, start_graph, start_zalo):
    net = _network(tmp_path)
    graph = start_graph({p.page_id: p.token for p in net.pages})
    zalo = start_zalo()
    env = _env(net, zalo)
    args = net.args(graph.url, "--zalo-url", zalo.url, "--zalo-oauth-url", zalo.url,
                    "--zalo-tokens", str(tmp_path / "zalo-tokens"))
    first = run_inprocess(args, env)
    assert first.code == 0, first.stdout + first.stderr
    assert sorted(graph.links()) == sorted(net.urls["cdcs-b1"] + net.urls["cdcs-b2"])
    assert sorted(zalo.links()) == sorted(net.urls["cdcs-b1"] + net.urls["cdcs-b2"])
    assert "  cdcs-b1 (Trang 600000000001): posted 4, skipped 0, pending 0, failed 0" in first.stdout
    assert f"  cdcs-b1 (Zalo OA {OA1}): posted 4, skipped 0, pending 0, failed 0" in first.stdout
    assert f"  cdcs-b2 (Zalo OA {OA2}): posted 2, skipped 0, pending 0, failed 0" in first.stdout
    stored = json.loads((tmp_path / "zalo-tokens" / f"{OA1}.json").read_text(encoding="utf-8"))
    assert stored["record"]["refresh_token"] != env["ZALO_TOKEN_B1"]  # spent once, the new pair saved

    second = run_inprocess(args, env)  # the first refresh tokens are spent: the store's pair is used
    assert second.code == 0, second.stdout + second.stderr
    assert len(graph.created) == 6 and len(zalo.articles) == 6
    assert Counter(zalo.links()) == Counter(net.urls["cdcs-b1"] + net.urls["cdcs-b2"])
    for secret in [env["ZALO_TOKEN_B1"], env["ZALO_SECRET_KEY"], stored["record"]["access_token"],
                   "EAAB-first-TOKEN-0001"]:
        assert secret not in first.stdout + first.stderr + second.stdout + second.stderr


def test_platform_zalo_posts_to_the_oas_only_and_a_missing_app_key_stops_loudly(tmp_path, start_graph, start_zalo):
    net = _network(tmp_path)
    graph = start_graph({p.page_id: p.token for p in net.pages})
    zalo = start_zalo()
    env = _env(net, zalo)
    base = net.args(graph.url, "--zalo-url", zalo.url, "--zalo-oauth-url", zalo.url,
                    "--zalo-tokens", str(tmp_path / "zalo-tokens"))
    no_key = run_inprocess([*base, "--platform", "zalo"], {k: v for k, v in env.items() if k != "ZALO_SECRET_KEY"})
    assert no_key.code == 1 and not graph.created and not zalo.articles
    assert (f"LỖI: Zalo OA {OA1} (cdcs-b1): thiếu biến ZALO_APP_ID hoặc ZALO_SECRET_KEY (mã ứng dụng Zalo và khoá "
            "bí mật của nó; docs/dang-bai-facebook.md, mục Z1); chưa đăng gì lên OA này.") in no_key.stdout
    only_zalo = run_inprocess([*base, "--platform", "zalo"], env)
    assert only_zalo.code == 0, only_zalo.stdout + only_zalo.stderr
    assert not graph.created and len(zalo.articles) == 6 and "(Trang " not in only_zalo.stdout


def test_a_spent_first_refresh_token_with_no_stored_pair_stops_that_oa(tmp_path, start_graph, start_zalo):
    net = _network(tmp_path)
    graph = start_graph({p.page_id: p.token for p in net.pages})
    zalo = start_zalo()
    env = _env(net, zalo)
    args = net.args(graph.url, "--zalo-url", zalo.url, "--zalo-oauth-url", zalo.url,
                    "--zalo-tokens", str(tmp_path / "zalo-tokens"), "--platform", "zalo")
    assert run_inprocess(args, env).code == 0
    for path in (tmp_path / "zalo-tokens").glob("*.json"):
        path.unlink()  # the token store is lost: the first refresh token was spent long ago
    lost = run_inprocess(args, env)
    assert lost.code == 1 and len(zalo.articles) == 6
    how = ("Người quản trị OA cần cấp quyền lại cho ứng dụng (docs/dang-bai-facebook.md, mục Z2) và đặt mã làm mới "
           "mới vào secret ZALO_TOKEN_B1; lần chạy sau dùng mã đó một lần. Chưa đăng gì lên OA này.")
    assert (f"LỖI: Zalo OA {OA1} (cdcs-b1): Zalo từ chối mã làm mới (mã lỗi -14002); mã làm mới chỉ dùng được "
            f"một lần. {how}") in lost.stdout
    assert env["ZALO_TOKEN_B1"] not in lost.stdout + lost.stderr
    calls = zalo.refresh_calls
    again = run_inprocess(args, env)  # the same spent first token is never sent again; still loud
    assert again.code == 1 and zalo.refresh_calls == calls
    assert f"LỖI: Zalo OA {OA1} (cdcs-b1): Zalo đã từ chối mã làm mới của OA này ở một lần chạy trước. {how}" \
        in again.stdout
    for variable, oa in (("ZALO_TOKEN_B1", OA1), ("ZALO_TOKEN_B2", OA2)):
        env[variable] = zalo.authorise(oa)[1]  # each OA authorised again, the new first token in its secret
    fixed = run_inprocess(args, env)
    assert fixed.code == 0, fixed.stdout + fixed.stderr
    assert Counter(zalo.links()) == Counter(net.urls["cdcs-b1"] + net.urls["cdcs-b2"])


def test_an_oa_whose_unit_merged_is_named_with_what_to_do(tmp_path, start_graph, start_zalo):
    from datetime import datetime
    from zoneinfo import ZoneInfo
    ended = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=3)
    pages = [PageSpec("cdcs-b1", "600000000001", "EAAB-first-TOKEN-0001", None, [timedelta(days=5)],
                      extra=f"zalo_oa_id: '{OA1}'\nhistory:\n  - {{date: {ended}, event: merged, into: cdcs-b2}}"),
             PageSpec("cdcs-b2", "600000000002", "EAAB-second-TOKEN-0002", None, [timedelta(minutes=1)])]
    net = make_network(tmp_path, pages)
    graph, zalo = start_graph({p.page_id: p.token for p in pages}), start_zalo()
    args = net.args(graph.url, "--zalo-url", zalo.url, "--zalo-oauth-url", zalo.url, "--platform", "zalo",
                    "--zalo-tokens", str(tmp_path / "zalo-tokens"))
    result = run_inprocess(args, net.env(ZALO_APP_ID=zalo.app_id, ZALO_SECRET_KEY=zalo.secret_key))
    registry = net.content / "network.yml"
    lines = registry.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.strip().startswith("zalo_oa_id:"))
    assert (f"{registry.resolve().as_posix()}:{line}: zalo_oa_id: đơn vị cdcs-b1 đã hợp nhất vào cdcs-b2 từ {ended}: "
            f"Zalo OA {OA1} sẽ không còn bài mới để đăng; nếu OA này do cdcs-b2 dùng, chuyển dòng "
            f"`zalo_oa_id: '{OA1}'` sang cdcs-b2; nếu không, xoá dòng này [social-unit-ended]") in result.stdout
    assert not zalo.articles
