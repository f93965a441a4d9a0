"""The poster on a real build of the test network, and secrets that never leak anywhere."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from builder.build import BuildOptions, build
from conftest import ROOT, copy_fixture_content
from feed_factory import SETTINGS, PageSpec, make_network, run_cli
from graph_server import start_graph  # noqa: F401  (fixture)

DUNG_PAGE, DONG_PAGE = "104512345678901", "104512345678902"


def test_a_real_build_is_posted_with_canonical_links_summaries_and_hashtags(tmp_path, start_graph):
    content = copy_fixture_content(tmp_path)
    registry = content / "network.yml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace("    website: https://dung.example.vn\n",
                        f"    website: https://dung.example.vn\n    facebook_page_id: '{DUNG_PAGE}'\n"
                        "    facebook_token_env: FB_TOKEN_CDCS_DUNG\n")
    text = text.replace("    url: https://mau.example.vn/tp-dong\n",
                        f"    url: https://mau.example.vn/tp-dong\n    facebook_page_id: '{DONG_PAGE}'\n")
    registry.write_text(text, encoding="utf-8")
    output = tmp_path / "output"
    build(BuildOptions(content, output, ROOT / "pelicanconf.py", jobs=1))
    graph = start_graph({DUNG_PAGE: "EAAdung-token-1234567890", DONG_PAGE: "EAAdong-token-1234567890"})
    env = {"FB_TOKEN_CDCS_DUNG": "EAAdung-token-1234567890",
           "FB_PAGE_TOKENS": json.dumps({DONG_PAGE: "EAAdong-token-1234567890"}), "PATH": "/usr/bin:/bin"}
    args = ["post", "--content", str(content), "--output", str(output), "--settings", str(SETTINGS),
            "--state", str(tmp_path / "state.sqlite"), "--graph-url", graph.url, "--since", "2026-01-01",
            "--max-posts", "0", "--retry-base", "0.01", "--retry-max", "0.05"]
    result = run_cli(args, env)
    assert result.returncode == 0, result.stdout + result.stderr
    dung = [post for post in graph.created if post.page_id == DUNG_PAGE]
    assert [post.link for post in dung] == [
        "http://127.0.0.1:8000/tp-dong/tin/hoi-nghi-nguoi-lao-dong-nam-2026-" + dung[0].link[-11:]]
    assert (output / "tp-dong" / dung[0].link.split("/tp-dong/")[1]).is_file()  # the canonical page
    assert dung[0].message.startswith("Hội nghị người lao động năm 2026\n\n")
    assert dung[0].message.endswith("\n\n#HộiNghị #DânChủCơSở")  # tags only, not the category
    dong = [post for post in graph.created if post.page_id == DONG_PAGE]
    assert len(dong) == 1 and dong[0].message == "Tin của thành phố Đông\n\nTóm tắt tin thành phố."
    assert run_cli(args, env).returncode == 0 and len(graph.created) == 2  # exactly once


def test_no_token_appears_in_any_output_log_error_or_file(tmp_path, start_graph):
    minutes = [timedelta(minutes=m) for m in range(1, 6)]
    pages = [PageSpec("cdcs-p1", "300000000001", "EAAK-first-page-TOKEN-0001", "FB_TOKEN_P1", minutes),
             PageSpec("cdcs-p2", "300000000002", "EAAK-expired-page-TOKEN-0002", None, minutes),
             PageSpec("cdcs-p3", "300000000003", "EAAK-wrong-page-TOKEN-0003", "FB_TOKEN_P3", minutes),
             PageSpec("cdcs-p4", "300000000004", "EAAK-faulty-page-TOKEN-0004", None, minutes)]
    net = make_network(tmp_path, pages)
    server_tokens = {p.page_id: p.token for p in pages}
    server_tokens["300000000003"] = "EAAK-the-right-one-0003"  # the server echoes the malformed one back
    graph = start_graph(server_tokens, slow_seconds=0.4)
    graph.expired.add("300000000002")
    graph.random_faults(3, post={"lost-answer": 0.2, "created-500": 0.2, "500": 0.1, "100": 0.1, "slow-created": 0.1},
                        get={"500": 0.3, "lost-answer": 0.1})
    outputs = []
    for extra in ([], [], ["--dry-run"]):
        result = run_cli(net.args(graph.url, "--timeout", "0.2", "--max-posts", "0", *extra), net.env())
        outputs.append(result.stdout + result.stderr)
        assert result.returncode == (0 if extra else 1)
    text = "\n".join(outputs)
    assert "Malformed access token <hidden>" in text  # the echoed token was scrubbed
    assert "300000000002" in text and "300000000003" in text
    secrets = [p.token for p in pages] + ["EAAK-the-right-one-0003"]
    for secret in secrets:
        assert secret not in text
        for path in Path(tmp_path).rglob("*"):
            if path.is_file() and path.suffix != ".xml":
                assert secret.encode() not in path.read_bytes(), path
    assert graph.token_in_url == 0
