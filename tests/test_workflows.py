"""The GitHub workflows are valid (check-jsonschema's built-in schema, offline) and do what README says."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def test_every_workflow_matches_the_github_workflow_schema():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"ci.yml", "deploy.yml"}
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: 3\n")
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1


def test_ci_builds_and_tests_pull_requests():
    ci = load("ci.yml")
    assert "pull_request" in ci[True]  # PyYAML reads the key `on` as True
    commands = [step.get("run") for step in ci["jobs"]["build-and-test"]["steps"]]
    assert "make build" in commands and "make test" in commands


def test_deploy_runs_on_main_and_hourly_sharded_with_publishconf():
    deploy = load("deploy.yml")
    triggers = deploy[True]
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"].split()[1:] == ["*", "*", "*", "*"]
    jobs = deploy["jobs"]
    shards = jobs["build"]["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, int(deploy["env"]["SHARDS"]) + 1))
    build = " ".join(step.get("run", "") for step in jobs["build"]["steps"])
    assert "--settings publishconf.py --shard" in build
    # The live sitemaps and feed list (corrected titles keep their old URLs, emptied feeds stay feeds), read by a
    # script that fails the step when they cannot be read, except on the first deploy (tests/test_published_sources.py)
    sources = '.venv/bin/python -m scripts.published_sources "$NETWORK_BASE_URL" --save-dir published > published-sources.txt'
    assert sources in build and 'published=(--published-urls "${sources[@]}")' in build
    assert "curl" not in build.split("previous=()")[0]  # no fetch of the sitemap whose failure is silent
    merge = " ".join(step.get("run", "") for step in jobs["merge"]["steps"])
    assert "merge_shards" in merge and "check_links --settings publishconf.py" in merge
    assert sources in merge and "sitemap.xml" not in merge
    assert 'check_urls --settings publishconf.py "${sources[0]}" output "${also[@]}"' in merge  # no URL lost, feeds included
    assert jobs["deploy"]["needs"] == "merge"


def test_ci_checks_that_codeowners_matches_the_registry():
    commands = [step.get("run", "") for step in load("ci.yml")["jobs"]["build-and-test"]["steps"]]
    assert ".venv/bin/python -m scripts.codeowners --check" in commands


CONTENT_BUILDS = ("make build", "make publish", "scripts.build", "make bench", "pelican ")


def _has_facebook_tokens(env: dict | None) -> bool:
    return any(str(name).startswith("FB_") or "secrets.FB" in str(value) for name, value in (env or {}).items())


def test_the_job_holding_the_facebook_tokens_never_builds_content():
    # Building runs the editors' Markdown through the plugins: the poster only reads the
    # published feeds (--from-web), so no content build shares a job with the tokens.
    social = load("social.yml")
    assert not _has_facebook_tokens(social.get("env"))
    assert set(social[True]) <= {"workflow_run", "schedule", "workflow_dispatch"}  # never on a pull request
    holding = {name: job for name, job in social["jobs"].items()
               if _has_facebook_tokens(job.get("env")) or any(_has_facebook_tokens(s.get("env")) for s in job["steps"])}
    assert holding, "the tokens moved: update this test"
    for name, job in holding.items():
        runs = [step.get("run", "") for step in job["steps"]]
        assert not [run for run in runs if any(build in run for build in CONTENT_BUILDS)], name
        posts = [run for run in runs if "scripts.social post" in run]
        assert posts and all("--from-web" in run for run in posts), name


def test_content_pull_requests_run_the_editors_checks_and_leave_a_preview():
    content = load("content.yml")
    assert content[True]["pull_request"]["paths"] == ["content/**"]
    job = content["jobs"]["check-content"]
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    ran = "\n".join(runs)
    # make check, the build, the links, and the URLs against the target branch's own build
    assert any(run.startswith("make check") for run in runs)
    assert ".venv/bin/python -m scripts.build --jobs 2 --output output" in ran
    assert ".venv/bin/python -m scripts.check_links output" in ran
    base = next(step for step in steps if step.get("with", {}).get("path") == ".base")
    assert base["uses"] == "actions/checkout@v4" and base["with"]["ref"] == "${{ env.BASE_REF }}"
    assert "cd .base\n../.venv/bin/python -m scripts.build --jobs 2 --output ../base-output" in ran
    assert ".venv/bin/python -m scripts.check_urls base-output output --old-content .base/content" in ran
    # The pull request is built reading what the target branch publishes, as the deploy reads the live site:
    # a corrected title or a category left empty keeps its URLs, so check_urls reports no false loss.
    named = {step.get("id"): index for index, step in enumerate(steps)}
    assert named["base"] < named["build"] < named["links"] < named["urls"]
    build_run = steps[named["build"]]["run"]
    assert "--published-urls" in build_run and "base-output/sitemap.xml" in build_run and "base-output/feeds.txt" in build_run
    for later in ("build", "links", "urls"):  # the target branch failing to build does not skip the pull request's build
        assert steps[named[later]]["if"].startswith("${{ !cancelled() && "), later
    assert steps[0]["with"]["fetch-depth"] == 0  # changed_units diffs base...HEAD
    assert '.venv/bin/python -m scripts.changed_units --base "origin/$BASE_REF" --author "$AUTHOR"' in ran
    # the author's login reaches the script through the environment, never spliced into the script
    assert not [run for run in runs if "${{" in run]
    # a piped command fails its step: GitHub's `shell: bash` sets -o pipefail
    assert all(step.get("shell") == "bash" for step in steps if "| tee" in step.get("run", ""))
    summary = next(step for step in steps if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary["if"] == "always()"
    for heading in ("# Kiểm tra nội dung", "## $title", "Lỗi (phải sửa)", "Cảnh báo (vẫn đăng được)", "Địa chỉ bị mất",
                    "## Bản xem trước", "cat units.md"):
        assert heading in summary["run"], heading
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["uses"] == "actions/upload-artifact@v4" and upload["with"] == {
        "name": "ban-xem-truoc", "path": "output", "retention-days": 7}
    assert content["permissions"] == {"contents": "read"}  # a pull request's code gets a read-only token


def test_the_content_summary_script_reads_the_logs_as_ci_writes_them(tmp_path):
    # The summary step's own bash, run on logs shaped as the commands print them.
    steps = load("content.yml")["jobs"]["check-content"]["steps"]
    script = next(step for step in steps if "GITHUB_STEP_SUMMARY" in step.get("run", ""))["run"]
    (tmp_path / "check.log").write_text(
        "content/cdcs-a/x.md:1: Date: thiếu ngày đăng [missing-date]\n"
        "cảnh báo: content/cdcs-a/y.md:3: Tags: dùng dấu phẩy [tags-semicolon]\n"
        "Kiểm tra xong: 1 lỗi, 1 cảnh báo, 2 bài viết\n", encoding="utf-8")
    (tmp_path / "urls.log").write_text(
        "content/network.yml:41: slug: địa chỉ đã xuất bản `a/b/index.html` sẽ mất [lost-url]\n"
        "Kiểm tra địa chỉ: 3 địa chỉ đã xuất bản, 2 giữ nguyên, 0 chuyển hướng, 1 bị mất\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    env = {"PATH": "/usr/bin:/bin", "GITHUB_STEP_SUMMARY": str(summary), "CHECK": "failure", "BUILD": "skipped",
           "LINKS": "", "URLS": "success", "BASE_REF": "main"}
    subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=tmp_path, env=env, check=True, timeout=60)
    text = summary.read_text(encoding="utf-8")
    assert "| Bài viết và sổ đăng ký (`make check`) | ❌ có lỗi |" in text
    assert "| Dựng toàn bộ mạng trang web | ⏭️ chưa chạy (bước trước có lỗi) |" in text
    assert "> Kiểm tra xong: 1 lỗi, 1 cảnh báo, 2 bài viết" in text
    assert "## Lỗi (phải sửa) 1\n\n```text\ncontent/cdcs-a/x.md:1: Date: thiếu ngày đăng [missing-date]\n```" in text
    assert "## Cảnh báo (vẫn đăng được) 1\n\n```text\ncảnh báo: content/cdcs-a/y.md:3: Tags:" in text
    assert "## Địa chỉ bị mất 1\n\n```text\ncontent/network.yml:41: slug:" in text
    assert "## Bản xem trước" not in text  # nothing was built


def _url_check_step() -> str:
    steps = load("deploy.yml")["jobs"]["merge"]["steps"]
    return next(step for step in steps if "check_urls" in step.get("run", ""))["run"]


def _checkout_like(tmp_path: Path) -> Path:
    """A folder shaped as the merge job's checkout (the repository's files, linked), without output/."""
    root = WORKFLOWS.parent.parent
    work = tmp_path / "checkout"
    work.mkdir()
    for entry in root.iterdir():
        if entry.name not in ("output", ".output-cache", "published", "published-sources.txt"):
            (work / entry.name).symlink_to(entry)
    return work


@pytest.mark.skipif(not (WORKFLOWS.parent.parent / "content" / "DEMO").is_file(), reason="builds the demo network")
def test_the_deploys_url_check_step_reads_the_live_feed_list(tmp_path):
    """The merge job's own bash, against the demo served by a real HTTP server: a feed lost since the
    last deploy fails it (no sitemap lists it); the same build unbroken passes; no site yet passes."""
    from builder.build import BuildOptions, build
    from checks.budgets.serving import LocalServer

    root = WORKFLOWS.parent.parent
    www = tmp_path / "www"
    www.mkdir()
    server = LocalServer(www)
    base = f"{server.url}/mang"
    build(BuildOptions(root / "content", www / "mang", root / "publishconf.py", jobs=2, base_url=base))
    work = _checkout_like(tmp_path)
    shutil.copytree(www / "mang", work / "output")
    script = _url_check_step()

    def run(network_base: str) -> subprocess.CompletedProcess:
        env = {"PATH": "/usr/bin:/bin", "NETWORK_BASE_URL": network_base, "HOME": str(tmp_path)}
        return subprocess.run(["bash", "-e", "-c", script], cwd=work, env=env, capture_output=True, text=True, timeout=300)

    with server:
        kept = run(base)
        assert kept.returncode == 0, kept.stdout + kept.stderr
        assert kept.stdout.strip().endswith(" 0 bị mất")
        (work / "output/ldld-ninh-kieu/feeds/chuyen-muc/cham-lo-doi-song.rss.xml").unlink()
        lost = run(base)
        assert lost.returncode == 1 and "ldld-ninh-kieu/feeds/chuyen-muc/cham-lo-doi-song.rss.xml:1: URL: " in lost.stdout
        first = run(f"{server.url}/chua-co")
        assert first.returncode == 0 and "first deploy" in first.stdout
        down = run("http://127.0.0.1:9")  # nothing listens there: the step fails, it does not skip
        assert down.returncode != 0 and "::error::" in down.stderr
