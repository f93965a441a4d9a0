"""The social workflow: valid for GitHub (check-jsonschema's schema, offline) and does what the guide says."""

import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "social.yml"


def test_the_workflow_matches_the_github_workflow_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_runs_after_a_successful_deploy_on_a_schedule_and_never_twice_at_once():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # PyYAML reads the key `on` as True
    assert triggers["workflow_run"] == {"workflows": ["Deploy"], "types": ["completed"]}
    assert triggers["schedule"] and "workflow_dispatch" in triggers
    assert workflow["concurrency"]["cancel-in-progress"] is False and workflow["concurrency"]["group"]
    job = workflow["jobs"]["post"]
    assert "github.event.workflow_run.conclusion == 'success'" in job["if"]


def test_tokens_come_from_secrets_and_the_state_is_kept_in_the_cache():
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["post"]
    steps = {step.get("name", step.get("uses")): step for step in job["steps"]}
    post = steps["Post new articles to the Facebook Pages and the Zalo OAs"]
    assert post["env"]["FB_PAGE_TOKENS"] == "${{ secrets.FB_PAGE_TOKENS }}"
    assert "scripts.social post" in post["run"] and "--from-web --settings publishconf.py" in post["run"]
    restore, save = steps["Restore the poster's state"], steps["Save the poster's state"]
    assert restore["uses"].startswith("actions/cache/restore@") and save["uses"].startswith("actions/cache/save@")
    assert restore["with"]["key"] == save["with"]["key"] and "github.run_id" in save["with"]["key"]
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    assert save["if"].startswith("always()")


def test_zalo_secrets_reach_the_poster_which_pushes_the_token_store_itself_never_through_the_cache():
    job = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["post"]
    steps = {step.get("name", step.get("uses")): step for step in job["steps"]}
    post = steps["Post new articles to the Facebook Pages and the Zalo OAs"]
    assert post["env"]["ZALO_SECRET_KEY"] == "${{ secrets.ZALO_SECRET_KEY }}"
    assert post["env"]["ZALO_APP_ID"] == "${{ vars.ZALO_APP_ID }}"
    assert post["env"]["ZALO_STORE_KEY"] == "${{ secrets.ZALO_STORE_KEY }}"
    assert "--zalo-tokens git:origin#social-zalo-tokens" in post["run"]  # pushed on every save, at refresh time
    assert steps["Save the poster's state"]["with"]["path"] == ".social"  # the cache never holds the tokens
    assert not [name for name in steps if "token store" in str(name).lower()]  # no end-of-run push left
    checkout = next(step for step in job["steps"] if str(step.get("uses", "")).startswith("actions/checkout@"))
    assert (checkout.get("with") or {}).get("persist-credentials", True) is not False  # the store pushes with them
    assert job["permissions"]["contents"] == "write" and "--force" not in post["run"]
