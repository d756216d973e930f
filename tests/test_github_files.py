"""The workflows, issue form, pre-commit hooks and contributing guide say only true things.

Every `python -m generator ...` they run or tell a contributor to run is parsed by the real
argument parser, so a renamed command or option fails here before it fails in CI.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from support.site import copy_project

from generator.catalog.schema import load_schema
from generator.cli import build_parser
from generator.defaults.skeleton import owned_files

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORM = GITHUB / "ISSUE_TEMPLATE" / "suggest-paper.yml"
PRE_COMMIT_CONFIG = REPO / ".pre-commit-config.yaml"
PRE_COMMIT_HOOKS = REPO / ".pre-commit-hooks.yaml"
YAML_FILES = [*WORKFLOWS, ISSUE_FORM, PRE_COMMIT_CONFIG, PRE_COMMIT_HOOKS]
MARKDOWN_FILES = [REPO / "contributing.md", GITHUB / "PULL_REQUEST_TEMPLATE.md"]
# Actions at majors that run on Node 24 (Node 20 actions are deprecated on GitHub's runners),
# pinned to the commit of a release tag: a tag can be moved, a commit cannot. Each commit was
# found pinned under that release's name in several independent public workflows.
PINNED_ACTIONS = {
    "actions/checkout": ("08c6903cd8c0fde910a37f88322edcfb5dd907a8", "v5.0.0"),
    "actions/setup-python": ("e797f83bcb11b83ae66e0230d6156d7c80228e7c", "v6.0.0"),
    "actions/setup-node": ("a0853c24544627f65ddf259abe73b1d18a591444", "v5.0.0"),
    "actions/upload-artifact": ("b7c566a772e6b6bfb58ed0dc250532a479d7789f", "v6.0.0"),
    "actions/configure-pages": ("45bfe0192ca1faeb007ade9deae92b16b8254a0d", "v6.0.0"),
    "actions/upload-pages-artifact": ("7b1f4a764d45c48632c6b24a0339c27f5614fb0b", "v4.0.0"),
    "actions/deploy-pages": ("cd2ce8fcbc39b97be8ca5fce6e763baed58fa128", "v5.0.0"),
    "actions/download-artifact": ("634f93cb2916e3fdff6788551b99b062d0335ce0", "v5.0.0"),
    "pypa/gh-action-pypi-publish": ("ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e", "v1.13.0"),
}
_USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<reference>.*)$", re.MULTILINE)
_PINNED = re.compile(r"(?P<action>[\w.-]+/[\w.-]+)@(?P<commit>[0-9a-f]{40}) # (?P<version>v[\d.]+)")
# The only write permissions a job may hold, and why it needs them.
WRITE_PERMISSIONS = {
    ("links.yml", "report"): {"issues"},  # opens, updates and closes the broken-links issue
    ("pages.yml", "deploy"): {"pages", "id-token"},  # deploy-pages publishes, proven by OIDC
    ("suggest.yml", "suggest"): {"issues"},  # keeps the one "Candidate papers" issue current
    # pushes a branch, opens its PR, and starts ci.yml on it (pushes by GITHUB_TOKEN start none)
    ("refresh.yml", "refresh"): {"contents", "pull-requests", "actions"},
    ("release.yml", "github-release"): {"contents"},  # creates the release, attaches the files
    ("release.yml", "pypi"): {"id-token"},  # trusted publishing: PyPI trusts the OIDC token
}
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
_SHELL_OPERATORS = set("();<>|&")


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as the boolean True.
    found = workflow.get("on", workflow.get(True))
    return found if isinstance(found, dict) else {name: None for name in found}


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def generator_calls(script: str) -> list[list[str]]:
    """Arguments after `python -m generator`, `python3 -m generator` or `awesome-llm-ku`."""
    script = _EXPRESSION.sub("EXPR", script).replace("\\\n", " ")
    calls = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        tokens = list(lexer)
        for start, token in enumerate(tokens):
            if token == "awesome-llm-ku":
                skip = 1
            elif token in ("python", "python3") and tokens[start + 1 : start + 3] == [
                "-m",
                "generator",
            ]:
                skip = 3
            else:
                continue
            arguments = []
            for argument in tokens[start + skip :]:
                if set(argument) <= _SHELL_OPERATORS:
                    break
                arguments.append(argument)
            calls.append(arguments)
    return calls


def workflow_calls() -> list[tuple[str, list[str]]]:
    calls = []
    for path in WORKFLOWS:
        for step in steps(load(path)):
            calls += [(path.name, call) for call in generator_calls(step.get("run", ""))]
    return calls


def hook_calls() -> list[tuple[str, list[str]]]:
    hooks = [hook for repo in load(PRE_COMMIT_CONFIG)["repos"] for hook in repo["hooks"]]
    hooks += load(PRE_COMMIT_HOOKS)
    return [(hook["id"], call) for hook in hooks for call in generator_calls(hook["entry"])]


def markdown_calls() -> list[tuple[str, list[str]]]:
    calls = []
    for path in MARKDOWN_FILES:
        text = path.read_text(encoding="utf-8")
        snippets = re.findall(r"`(python -m generator [^`]+)`", text)
        snippets += re.findall(r"^\s*(python -m generator .+)$", text, re.MULTILINE)
        calls += [(path.name, call) for snippet in snippets for call in generator_calls(snippet)]
    return calls


def assert_parses(arguments: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    try:
        build_parser().parse_args(arguments)
    except SystemExit:
        pytest.fail(
            f"`python -m generator {shlex.join(arguments)}` is not a valid command: "
            f"{capsys.readouterr().err.strip()}"
        )


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_file_is_valid_yaml(path: Path) -> None:
    assert isinstance(load(path), dict | list)


@pytest.mark.parametrize(
    ("source", "arguments"),
    [
        pytest.param(source, call, id=f"{source}: {' '.join(call)}")
        for source, call in dict.fromkeys(
            (source, tuple(call))
            for source, call in workflow_calls() + hook_calls() + markdown_calls()
        )
    ],
)
def test_generator_call_is_a_real_command_with_real_options(
    source: str, arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_parses(arguments, capsys)


def test_calls_are_found_across_continuations_and_before_redirections() -> None:
    script = (
        "status=0\n"
        "python -m generator check-links \\\n  --format markdown > report.md || status=$?\n"
        'echo "python -m generator" # python -m generator validate\n'
        "python -m generator build --check --no-site && echo ok\n"
    )
    assert generator_calls(script) == [
        ["check-links", "--format", "markdown"],
        ["build", "--check", "--no-site"],
    ]


def test_a_wrong_option_is_caught(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(pytest.fail.Exception, match="unrecognized arguments: --bogus"):
        assert_parses(["validate", "--bogus"], capsys)


def test_ci_runs_every_check_of_a_pull_request() -> None:
    commands = {" ".join(call[:1]) for name, call in workflow_calls() if name == "ci.yml"}
    assert {"validate", "build", "check-links"} <= commands
    ci = load(GITHUB / "workflows" / "ci.yml")
    assert {"pull_request", "push"} <= set(triggers(ci))
    scripts = "\n".join(step.get("run", "") for step in steps(ci))
    assert "validate --format github" in scripts
    assert "build --check --no-site" in scripts
    assert "--changed-since" in scripts
    assert "awesome-lint README.md" in scripts and "markdownlint-cli2 README.md" in scripts
    assert ".ci/run" in scripts
    uploads = [s for s in steps(ci) if s.get("uses", "").startswith("actions/upload-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    checkout = next(s for s in steps(ci) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_link_workflow_is_weekly_and_reports_into_the_summary_and_an_issue() -> None:
    links = load(GITHUB / "workflows" / "links.yml")
    assert {"schedule", "workflow_dispatch"} <= set(triggers(links))
    scripts = "\n".join(step.get("run", "") for step in steps(links))
    assert "check-links --format markdown --merge reports/*/report.json" in scripts
    assert "$GITHUB_STEP_SUMMARY" in scripts
    assert "gh issue create" in scripts and "gh issue edit" in scripts
    assert jobs(GITHUB / "workflows" / "links.yml")["report"]["permissions"]["issues"] == "write"


def test_link_workflow_plans_shards_checks_them_in_a_matrix_and_merges_them() -> None:
    found = jobs(GITHUB / "workflows" / "links.yml")
    assert found["check"]["needs"] == "plan" and found["report"]["needs"] == "check"
    matrix = found["check"]["strategy"]["matrix"]["shard"]
    assert matrix == "${{ fromJSON(needs.plan.outputs.shards) }}"
    assert found["check"]["strategy"]["fail-fast"] is False
    plan = "\n".join(s.get("run", "") for s in found["plan"]["steps"])
    check = "\n".join(s.get("run", "") for s in found["check"]["steps"])
    assert "check-links --plan" in plan
    assert 'check-links --no-cache --shard "$SHARD" --format json > report.json' in check
    uploaded = [s for s in found["check"]["steps"] if "upload-artifact" in s.get("uses", "")]
    downloaded = [s for s in found["report"]["steps"] if "download-artifact" in s.get("uses", "")]
    assert uploaded[0]["with"]["name"].startswith("link-report-")
    assert downloaded[0]["with"]["pattern"] == "link-report-*"


@pytest.mark.skipif(shutil.which("jq") is None, reason="needs jq, as on GitHub's runners")
def test_link_workflow_plan_step_writes_a_matrix_of_this_lists_shards(tmp_path: Path) -> None:
    found = jobs(GITHUB / "workflows" / "links.yml")
    step = next(s for s in found["plan"]["steps"] if s.get("id") == "plan")
    project = copy_project(tmp_path / "list", extra_papers="")
    output = tmp_path / "output"
    env = {**os.environ, "GITHUB_OUTPUT": str(output), "PYTHONPATH": str(REPO)}
    script = step["run"].replace("python ", f"{sys.executable} ")
    subprocess.run(["bash", "-e", "-c", script], cwd=project, env=env, check=True)
    assert output.read_text(encoding="utf-8") == 'shards=["1/1"]\n'


def test_pages_workflow_deploys_the_built_site_from_main() -> None:
    pages = load(GITHUB / "workflows" / "pages.yml")
    assert triggers(pages)["push"]["branches"] == ["main"]
    uses = [step.get("uses", "").split("@")[0] for step in steps(pages)]
    assert uses[-3:] == [
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    deploy = jobs(GITHUB / "workflows" / "pages.yml")["deploy"]["permissions"]
    assert deploy == {"pages": "write", "id-token": "write"}


def jobs(path: Path) -> dict[str, dict[str, Any]]:
    return load(path)["jobs"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_the_commit_of_a_known_release(path: Path) -> None:
    references = _USES_LINE.findall(path.read_text(encoding="utf-8"))
    assert references, f"{path.name} uses no action"
    for reference in references:
        pinned = _PINNED.fullmatch(reference)
        assert pinned, f"{path.name}: `{reference}` is not `owner/name@<40-hex commit> # vX.Y.Z`"
        expected = PINNED_ACTIONS.get(pinned["action"])
        assert expected == (pinned["commit"], pinned["version"]), (
            f"{path.name}: {reference} is not a commit known for that release"
        )


def test_a_tag_or_a_short_commit_is_not_a_pin() -> None:
    for reference in (
        "actions/checkout@v5",
        "actions/checkout@08c6903 # v5.0.0",
        "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8",
    ):
        assert _PINNED.fullmatch(reference) is None, reference


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_grants_nothing_and_each_job_only_what_it_needs(path: Path) -> None:
    assert load(path)["permissions"] == {}, f"{path.name}: top-level permissions must be {{}}"
    for name, job in jobs(path).items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict), f"{path.name}: job {name} states no permissions"
        writes = {scope for scope, level in permissions.items() if level == "write"}
        assert writes == WRITE_PERMISSIONS.get((path.name, name), set()), f"{path.name}: {name}"
        assert set(permissions.values()) <= {"read", "write"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_do_not_leave_the_token_in_the_working_copy(path: Path) -> None:
    checkouts = [s for s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for checkout in checkouts:
        assert checkout.get("with", {}).get("persist-credentials") is False


# A secret in a URL or an argument: `https://x-access-token:${GH_TOKEN}@github.com/...`.
_TOKEN_IN_COMMAND = re.compile(r"://[^\s/]*\$\{?\{?\s*\w*(?:TOKEN|token|secrets\.)", re.IGNORECASE)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_command_line_carries_a_token(path: Path) -> None:
    """A process's arguments are visible to every process of the runner (`ps`)."""
    for step in steps(load(path)):
        found = _TOKEN_IN_COMMAND.search(step.get("run", ""))
        assert found is None, f"{path.name}: {step.get('name')}: {found and found.group()}"


def test_a_token_in_a_push_url_is_caught() -> None:
    script = 'git push --force "https://x-access-token:${GH_TOKEN}@github.com/o/r.git" main'
    assert _TOKEN_IN_COMMAND.search(script)
    assert _TOKEN_IN_COMMAND.search("git push https://${{ secrets.PAT }}@github.com/o/r")
    assert not _TOKEN_IN_COMMAND.search('gh auth setup-git\ngit push --force origin "$BRANCH"')


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    """zizmor's offline audits at its default persona, as `pip install '.[test]'` installs it."""
    found = shutil.which("zizmor")
    if found is None:
        message = "zizmor is not installed: run `pip install '.[test]'`"
        if os.environ.get("AWESOME_CI") == "1":
            pytest.fail(f"{message}; AWESOME_CI=1 requires it")
        pytest.skip(message)
    command = [found, "--offline", "--no-progress", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_finds_nothing_in_the_workflows_init_gives_a_new_list(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"  # zizmor audits workflows by their place
    folder.mkdir(parents=True)
    for name, text in owned_files().items():
        if name.startswith(".github/workflows/"):
            (tmp_path / name).write_text(text, encoding="utf-8")
    assert len(list(folder.glob("*.yml"))) == 6  # CI, Pages, Links, Suggest, Refresh, Suggestion
    result = zizmor(*sorted(folder.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_reports_a_workflow_that_grants_too_much(tmp_path: Path) -> None:
    workflow = tmp_path / "loose.yml"
    # Two jobs, so that the workflow-level grant reaches a job that does not need it.
    workflow.write_text(
        "on: push\npermissions:\n  pages: write\njobs:\n"
        "  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n"
        "  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n",
        encoding="utf-8",
    )
    result = zizmor(workflow)
    assert result.returncode != 0
    for audit in ("excessive-permissions", "unpinned-uses", "artipacked"):
        assert audit in result.stdout


def pinned_npm_commands() -> dict[str, str]:
    """Command name -> package, for every direct devDependency that package-lock.json pins."""
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    direct = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    commands = {}
    for package in direct:
        entry = lock["packages"].get(f"node_modules/{package}", {})
        for command in entry.get("bin", {}):
            commands[command] = package
    return commands


def test_scripts_that_workflows_run_exist() -> None:
    """A `.ci/` script is in the repository; a `node_modules/.bin/` tool is pinned for `npm ci`.

    Read from package-lock.json, so that the test passes on a fresh clone without node_modules.
    """
    npm_commands = pinned_npm_commands()
    for path in WORKFLOWS:
        for step in steps(load(path)):
            run = step.get("run", "")
            for script in re.findall(r"(?m)^\s*(?:bash\s+)?(\.ci/\S+)", run):
                assert (REPO / script).exists(), f"{path.name} runs {script}, which does not exist"
            for command in re.findall(r"(?m)^\s*node_modules/\.bin/(\S+)", run):
                assert command in npm_commands, (
                    f"{path.name} runs node_modules/.bin/{command}, which no devDependency of "
                    "package.json provides"
                )


def test_pinned_npm_commands_are_read_from_the_lock_file() -> None:
    commands = pinned_npm_commands()
    assert commands["awesome-lint"] == "awesome-lint"
    assert commands["markdownlint-cli2"] == "markdownlint-cli2"
    assert "js-yaml" not in commands  # a dependency of a dependency is not pinned by us


def test_issue_form_offers_the_sections_of_papers_yaml() -> None:
    form = load(ISSUE_FORM)
    dropdown = next(item for item in form["body"] if item.get("id") == "section")
    titles = [section["title"] for section in load(REPO / "papers.yaml")["sections"]]
    assert dropdown["attributes"]["options"] == [*titles, "Not sure"]
    link = next(item for item in form["body"] if item.get("id") == "link")
    assert link["validations"]["required"] is True


@pytest.mark.parametrize("path", [PRE_COMMIT_CONFIG, PRE_COMMIT_HOOKS], ids=lambda p: p.name)
def test_pre_commit_hooks_run_on_the_data_and_templates_only(path: Path) -> None:
    data = load(path)
    hooks = data if isinstance(data, list) else [h for r in data["repos"] for h in r["hooks"]]
    assert {hook["id"] for hook in hooks} == {"validate", "build-check"}
    for hook in hooks:
        assert hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        for changed in ("papers.yaml", "datasets.yaml", "notes/a.md", "templates/README.md.j2"):
            assert files.search(changed), f"{hook['id']} ignores {changed}"
        assert not files.search("generator/cli.py")
    if path == PRE_COMMIT_HOOKS:
        assert {hook["language"] for hook in hooks} == {"python"}


def test_contributing_names_the_required_fields_of_the_schema() -> None:
    text = (REPO / "contributing.md").read_text(encoding="utf-8")
    listed = re.search(r"Required fields: (.*?)\.", text, re.DOTALL)
    assert listed, "contributing.md should say which fields are required"
    names = re.findall(r"`([a-z]+)`", listed.group(1))
    required = load_schema("papers.schema.json")["$defs"]["paper"]["required"]
    assert names == required


def test_contributing_links_the_sites_field_reference() -> None:
    site_url = load(REPO / "mkdocs.yml")["site_url"]
    template = (REPO / "templates" / "site" / "contributing.md.j2").read_text(encoding="utf-8")
    assert "\n## Field reference\n" in template
    text = (REPO / "contributing.md").read_text(encoding="utf-8")
    assert f"({site_url}contributing/#field-reference)" in text


@pytest.mark.skipif(shutil.which("jq") is None, reason="needs jq, as on GitHub's runners")
def test_link_workflow_finds_no_issue_number_when_none_is_open() -> None:
    scripts = "\n".join(
        step.get("run", "") for step in steps(load(GITHUB / "workflows" / "links.yml"))
    )
    filters = re.findall(r"--jq '([^']+)'", scripts)
    assert filters
    for jq_filter in filters:
        for issues, number in (("[]", ""), ('[{"number": 7}, {"number": 3}]', "7")):
            found = subprocess.run(
                ["jq", "-r", jq_filter], input=issues, capture_output=True, text=True, check=True
            )
            assert found.stdout.strip() == number, f"{jq_filter!r} on {issues}"


def hook_entries() -> list[tuple[str, str]]:
    """(config file, entry) of the build-check hook in both pre-commit files."""
    local = [h for r in load(PRE_COMMIT_CONFIG)["repos"] for h in r["hooks"]]
    return [
        (path.name, hook["entry"])
        for path, hooks in ((PRE_COMMIT_CONFIG, local), (PRE_COMMIT_HOOKS, load(PRE_COMMIT_HOOKS)))
        for hook in hooks
        if hook["id"] == "build-check"
    ]


def only_python3_on_path(directory: Path) -> dict[str, str]:
    """An environment whose PATH holds `python3` and `listsmith`, and no `python`."""
    directory.mkdir()
    (directory / "python3").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (directory / "listsmith").write_text(
        f"#!{sys.executable}\nimport sys\nfrom generator.cli import main\nsys.exit(main())\n"
    )
    for script in directory.iterdir():
        script.chmod(0o755)
    return {"PATH": str(directory), "PYTHONPATH": str(REPO), "HOME": str(directory)}


def git(root: Path, *arguments: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *arguments],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize(("config", "entry"), hook_entries(), ids=lambda v: str(v))
def test_build_check_hook_regenerates_the_readme_and_asks_to_stage_it(
    config: str, entry: str, tmp_path: Path
) -> None:
    root = copy_project(tmp_path / "list", "")
    shutil.copy2(REPO / "README.md", root / "README.md")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "list")
    papers = root / "papers.yaml"
    papers.write_text(papers.read_text().replace("Fast Model Editing at Scale", "Fast Editing"))
    git(root, "add", "papers.yaml")
    env = only_python3_on_path(tmp_path / "bin")

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(shlex.split(entry), cwd=root, env=env, capture_output=True, text=True)

    first = hook()
    assert first.returncode == 1, first.stderr
    assert "was regenerated" in first.stderr
    assert "`listsmith build`" in first.stderr
    assert "run `git add README.md` and commit again" in first.stderr
    assert "[Fast Editing](" in (root / "README.md").read_text()
    # As pre-commit runs it after `build` but before `git add`: the unstaged README is hidden.
    git(root, "stash", "push", "--keep-index", "-q")
    again = hook()
    assert again.returncode == 1
    assert "run `git add README.md` and commit again" in again.stderr
    assert "is stale: run" not in again.stderr
    git(root, "add", "README.md")
    staged = hook()
    assert staged.returncode == 0, staged.stderr
    assert "README.md is up to date" in staged.stderr


def test_the_refresh_pull_request_gets_ci_and_the_workflow_says_why():
    """issue 21: a pull request opened with GITHUB_TOKEN starts no workflow by itself."""
    refresh_text = (GITHUB / "workflows" / "refresh.yml").read_text(encoding="utf-8")
    refresh = load(GITHUB / "workflows" / "refresh.yml")
    runs = [step.get("run", "") for step in steps(refresh)]
    assert any('gh workflow run ci.yml --ref "$BRANCH"' in run for run in runs)
    assert "workflow_dispatch" in triggers(load(GITHUB / "workflows" / "ci.yml"))
    for option in ("personal access token", "GitHub App", "workflow_dispatch", "Chosen: 3"):
        assert option in refresh_text
