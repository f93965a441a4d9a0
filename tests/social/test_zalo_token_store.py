"""The Zalo token pair saved on every refresh, in the CI store (an encrypted file per OA on a bot branch).

Real git: a bare repository on disk stands for GitHub (its refusal of a push
that is not a fast-forward is the compare-and-swap), the poster runs in a
clone of it as in the workflow's checkout.  The fake Zalo server's refresh
tokens work once, so a SIGKILL between a refresh and its save really spends
the pair: the next runs must say so, and how to re-authorise, every time.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from zalo_server import start_zalo  # noqa: F401  (fixture)

from feed_factory import ROOT, PageSpec, make_network, run_inprocess
from social.zalo.gitstore import GitBranchStore
from social.zalo.tokenstore import StaleWrite, StoreError, TokenRecord

OA = "5000000000000000031"
BRANCH = "social-zalo-tokens"
KEY = "correct-horse-battery-staple-zalo-store"
HOW = ("Người quản trị OA cần cấp quyền lại cho ứng dụng (docs/dang-bai-facebook.md, mục Z2) và đặt mã làm mới mới "
       "vào secret ZALO_TOKEN_G1; lần chạy sau dùng mã đó một lần. Chưa đăng gì lên OA này.")


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def remote(tmp_path) -> Path:
    """A bare repository standing for GitHub, and the poster's checkout of it (tmp_path/checkout)."""
    origin = tmp_path / "origin.git"
    origin.mkdir()
    _git("init", "--quiet", "--bare", cwd=origin)
    for name in ("checkout", "reader"):
        (tmp_path / name).mkdir()
        _git("init", "--quiet", cwd=tmp_path / name)
        _git("remote", "add", "origin", str(origin), cwd=tmp_path / name)
    return origin


def reader(tmp_path: Path) -> GitBranchStore:
    """The store as another runner sees it: read from the remote, not from the poster's process."""
    return GitBranchStore("origin", BRANCH, KEY, repository=tmp_path / "reader")


def _network(tmp_path: Path, items: int = 3):
    ages = [timedelta(minutes=m) for m in range(1, items + 1)]
    return make_network(tmp_path, [PageSpec("cdcs-g1", "700000000001", "EAAG-unused-TOKEN-0001", None, ages,
                                            extra=f"zalo_oa_id: '{OA}'\nzalo_token_env: ZALO_TOKEN_G1")])


def _args(net, zalo) -> list[str]:
    return net.args("http://127.0.0.1:9", "--platform", "zalo", "--zalo-url", zalo.url, "--zalo-oauth-url",
                    zalo.url, "--zalo-tokens", f"git:origin#{BRANCH}", "--zalo-settle", "0")


def _env(net, zalo, first: str) -> dict[str, str]:
    return net.env(ZALO_APP_ID=zalo.app_id, ZALO_SECRET_KEY=zalo.secret_key, ZALO_STORE_KEY=KEY,
                   ZALO_TOKEN_G1=first)


def _cli(net, zalo, env: dict[str, str], checkout: Path, crash_at: str | None = None):
    """`python -m scripts.social post` in the checkout, as its own process (SIGKILL cannot touch the test)."""
    env = {**env, "PYTHONPATH": str(ROOT), **({"SOCIAL_CRASH_AT": crash_at} if crash_at else {})}
    return subprocess.run([sys.executable, "-m", "scripts.social", *_args(net, zalo)], cwd=checkout, env=env,
                          capture_output=True, text=True, timeout=60)


def _live(zalo) -> set[str]:
    return {token for token, oa in zalo.refresh.items() if oa == OA}


def _no_secret_in(text: str, zalo, env: dict[str, str]) -> None:
    secrets = [*zalo.access, *zalo.refresh, *zalo.spent, env["ZALO_SECRET_KEY"], env["ZALO_STORE_KEY"]]
    assert not [secret for secret in secrets if secret in text]


def test_sigkill_right_after_a_refresh_is_loud_every_run_until_the_oa_is_authorised_again(tmp_path, remote,
                                                                                          start_zalo):
    net, zalo = _network(tmp_path), start_zalo()
    first = zalo.authorise(OA)[1]
    env = _env(net, zalo, first)
    killed = _cli(net, zalo, env, tmp_path / "checkout", crash_at="zalo-refreshed")
    assert killed.returncode == -signal.SIGKILL
    assert first in zalo.spent and not zalo.articles  # Zalo spent the pair; its answer died with the runner
    _, claim = reader(tmp_path).load(OA)
    assert claim.refreshing and claim.refresh_token == first  # the claim was pushed before the refresh was sent

    locked = _cli(net, zalo, env, tmp_path / "checkout")
    assert locked.returncode == 1 and not zalo.articles
    assert (f"LỖI: Zalo OA {OA} (cdcs-g1): lần làm mới mã trước bị ngắt trước khi lưu được cặp mã mới (máy chạy bị "
            "dừng giữa chừng, hoặc mất trả lời), và Zalo không nhận lại mã làm mới cũ (mã lỗi -14002). "
            f"{HOW}") in locked.stdout
    calls = zalo.refresh_calls
    again = _cli(net, zalo, env, tmp_path / "checkout")  # never silent, and the dead token is not sent again
    assert again.returncode == 1 and zalo.refresh_calls == calls
    assert f"LỖI: Zalo OA {OA} (cdcs-g1): Zalo đã từ chối mã làm mới của OA này ở một lần chạy trước. {HOW}" \
        in again.stdout

    env["ZALO_TOKEN_G1"] = zalo.authorise(OA)[1]  # re-authorised: the new first token in the secret
    fixed = _cli(net, zalo, env, tmp_path / "checkout")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert Counter(zalo.links()) == Counter(net.urls["cdcs-g1"])
    _, record = reader(tmp_path).load(OA)
    assert record.refresh_token in _live(zalo) and not record.refused and len(record.seeded) == 2
    for result in (killed, locked, again, fixed):
        _no_secret_in(result.stdout + result.stderr, zalo, env)


def test_sigkill_right_after_the_save_loses_nothing(tmp_path, remote, start_zalo):
    net, zalo = _network(tmp_path), start_zalo()
    env = _env(net, zalo, zalo.authorise(OA)[1])
    assert _cli(net, zalo, env, tmp_path / "checkout", crash_at="zalo-refresh-saved").returncode == -signal.SIGKILL
    _, record = reader(tmp_path).load(OA)
    assert record.refresh_token in _live(zalo) and not record.refreshing  # on the remote before the kill
    assert not zalo.articles
    after = _cli(net, zalo, env, tmp_path / "checkout")
    assert after.returncode == 0, after.stdout + after.stderr
    assert zalo.refresh_calls == 1 and Counter(zalo.links()) == Counter(net.urls["cdcs-g1"])


def test_sigkill_after_the_claim_before_the_refresh_is_sent_refreshes_next_run(tmp_path, remote, start_zalo):
    net, zalo = _network(tmp_path), start_zalo()
    env = _env(net, zalo, zalo.authorise(OA)[1])
    assert _cli(net, zalo, env, tmp_path / "checkout", crash_at="zalo-refresh-claimed").returncode == -signal.SIGKILL
    assert zalo.refresh_calls == 0
    after = _cli(net, zalo, env, tmp_path / "checkout")  # the claimed token was never sent: it still works
    assert after.returncode == 0, after.stdout + after.stderr
    assert Counter(zalo.links()) == Counter(net.urls["cdcs-g1"])


def test_every_new_pair_is_on_the_remote_before_any_other_request(tmp_path, remote, start_zalo, monkeypatch):
    net, zalo = _network(tmp_path, items=4), start_zalo()
    env = _env(net, zalo, zalo.authorise(OA)[1])
    seen: list[bool] = []
    expired: list[int] = []
    store = reader(tmp_path)

    def before(call: str) -> None:
        if call == "refresh":
            return
        store._read_once = False  # read the remote afresh each time
        seen.append(store.load(OA)[1].refresh_token in _live(zalo))  # type: ignore[index]
        if call == "create" and len(zalo.articles) == 2 and not expired:
            expired.append(1)
            zalo.expire(OA)  # the access token dies mid-run: a forced refresh, saved before the retry

    zalo.before = before
    monkeypatch.chdir(tmp_path / "checkout")
    result = run_inprocess(_args(net, zalo), env)
    assert result.code == 0, result.stdout + result.stderr
    assert zalo.refresh_calls == 2 and len(seen) >= 8 and all(seen), seen
    assert Counter(zalo.links()) == Counter(net.urls["cdcs-g1"])
    log = subprocess.run(["git", "log", "--format=%s", BRANCH], cwd=remote, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert [line for line in log if line] == [f"Zalo OA {OA}: generation {n}" for n in range(5, 0, -1)]  # seed,
    # claim, save, claim, save: one fast-forward chain


def test_the_branch_refuses_a_stale_write_and_a_file_not_sealed_with_the_key(tmp_path, remote):
    first, second = reader(tmp_path), GitBranchStore("origin", BRANCH, KEY, repository=tmp_path / "checkout")
    assert first.swap(OA, 0, TokenRecord("access-A", "refresh-A", 1.0)) == 1
    assert second.load(OA) == (1, TokenRecord("access-A", "refresh-A", 1.0))
    assert first.swap(OA, 1, TokenRecord("access-B", "refresh-B", 2.0)) == 2
    with pytest.raises(StaleWrite):
        second.swap(OA, 1, TokenRecord("access-old", "refresh-old", 3.0))  # it read generation 1
    assert reader(tmp_path).load(OA) == (2, TokenRecord("access-B", "refresh-B", 2.0))
    blob = subprocess.run(["git", "cat-file", "blob", f"{BRANCH}:{OA}.json.enc"], cwd=remote, capture_output=True,
                          check=True).stdout
    assert b"refresh-B" not in blob and b"access-B" not in blob
    with pytest.raises(StoreError, match="không khớp khoá ZALO_STORE_KEY"):
        GitBranchStore("origin", BRANCH, "another-key-entirely-0000", repository=tmp_path / "reader").load(OA)


def test_a_store_key_changed_stops_the_oa_with_the_guide_s_line_and_spends_nothing(tmp_path, remote, start_zalo,
                                                                                 monkeypatch):
    net, zalo = _network(tmp_path), start_zalo()
    env = _env(net, zalo, zalo.authorise(OA)[1])
    monkeypatch.chdir(tmp_path / "checkout")
    assert run_inprocess(_args(net, zalo), env).code == 0
    calls, articles = zalo.refresh_calls, len(zalo.articles)
    changed = run_inprocess(_args(net, zalo), {**env, "ZALO_STORE_KEY": "a-new-key-nobody-wrote-with"})
    assert changed.code == 1 and zalo.refresh_calls == calls and len(zalo.articles) == articles
    assert (f"LỖI: Zalo OA {OA} (cdcs-g1): kho mã origin#{BRANCH}: {OA}.json.enc không khớp khoá ZALO_STORE_KEY "
            "(khoá đã đổi, hoặc tệp bị sửa ngoài chương trình); chưa đăng gì, lần chạy sau thử lại.") in changed.stdout
    assert "a-new-key-nobody-wrote-with" not in changed.stdout + changed.stderr


def test_a_git_store_without_its_key_is_a_usage_error_before_anything_is_posted(tmp_path, remote, start_zalo,
                                                                                 monkeypatch):
    net, zalo = _network(tmp_path), start_zalo()
    env = _env(net, zalo, zalo.authorise(OA)[1])
    del env["ZALO_STORE_KEY"]
    monkeypatch.chdir(tmp_path / "checkout")
    result = run_inprocess(_args(net, zalo), env)
    assert result.code == 2 and not zalo.articles and zalo.refresh_calls == 0
    assert result.stderr.strip() == (f"Lỗi: --zalo-tokens git:origin#{BRANCH}: thiếu biến ZALO_STORE_KEY "
                                     "(khoá mã hoá kho mã Zalo)")


@pytest.mark.parametrize("spec", ["git:origin", "git:#branch", "git:origin#../main", "git:origin#-x",
                                  "git:--upload-pack=touch /tmp/x#b"])
def test_a_malformed_git_store_is_a_usage_error_naming_the_right_form(tmp_path, start_zalo, spec):
    net, zalo = _network(tmp_path), start_zalo()
    args = [*_args(net, zalo)]
    args[args.index(f"git:origin#{BRANCH}")] = spec
    result = run_inprocess(args, _env(net, zalo, zalo.authorise(OA)[1]))
    assert result.code == 2 and not zalo.articles and zalo.refresh_calls == 0
    assert result.stderr.strip() == f"Lỗi: --zalo-tokens {spec}: dạng đúng là một thư mục, hoặc git:<remote>#<nhánh>"
