"""The GitHub workflows are valid (check-jsonschema's built-in schema, offline) and do what README says."""

import subprocess
import sys
from pathlib import Path

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
    assert '--published-urls "$NETWORK_BASE_URL/sitemap.xml"' in build  # corrected titles keep their old URLs
    merge = " ".join(step.get("run", "") for step in jobs["merge"]["steps"])
    assert "merge_shards" in merge and "check_links --settings publishconf.py" in merge
    assert "check_urls --settings publishconf.py" in merge  # no URL lost since the last deploy
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
