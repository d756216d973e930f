"""`python -m generator check-links` end to end, on a temporary project served from 127.0.0.1."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support.links import LinkServer, redirect, refused_url, status, write_project

from generator.cli import main
from generator.commands.check_links import Progress
from generator.links.types import LinkResult, Status

CONFIG = """\
timeout = 0.5
retries = 1
backoff_factor = 0.01
arxiv_delay = 0
exclude = ['/private/']
"""


def papers(*urls: str) -> str:
    entries = "".join(
        f"  - id: p{n}\n    title: Paper {n}\n    url: {url}\n" for n, url in enumerate(urls)
    )
    return f"sections:\n  - id: s\n    title: S\npapers:\n{entries}"


@pytest.fixture
def project(tmp_path: Path, server: LinkServer) -> Path:
    server.routes.update({"/ok": status(200), "/gone": status(404), "/old": redirect(301, "/ok")})
    urls = [server.url(p) for p in ("/ok", "/gone", "/old", "/private/x")]
    return write_project(tmp_path, papers(*urls), **{"links.toml": CONFIG})


def run(root: Path, *options: str) -> int:
    # The servers are on 127.0.0.1, which check-links refuses without --allow-private.
    return main(["--root", str(root), "check-links", "--allow-private", *options])


def test_json_output_is_only_json_and_the_exit_code_reports_broken_links(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "--format", "json") == 1
    out, err = capsys.readouterr()
    data = {item["url"].removeprefix(server.base): item for item in json.loads(out)}
    assert {path: item["status"] for path, item in data.items()} == {
        "/ok": "ok",
        "/gone": "broken",
        "/old": "redirected",
        "/private/x": "excluded",
    }
    assert data["/gone"]["sources"] == ["papers.yaml:10"]
    assert data["/gone"]["code"] == 404 and data["/gone"]["error"] == "404 Not Found"
    assert "4 links: 1 broken, 1 redirected, 1 excluded, 1 ok" in err


def test_redirected_and_blocked_only_warn(tmp_path: Path, server: LinkServer) -> None:
    server.routes.update({"/old": redirect(301, "/new"), "/new": status(200), "/in": status(999)})
    write_project(tmp_path, papers(server.url("/old"), server.url("/in")), **{"links.toml": CONFIG})
    assert run(tmp_path, "--no-cache") == 0


def test_text_format_lists_problems_with_their_lines(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project)
    out, _ = capsys.readouterr()
    assert "broken (1)" in out and "    at papers.yaml:10" in out
    assert "\r" not in out


def test_markdown_and_github_formats(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(project, "--format", "markdown")
    markdown, _ = capsys.readouterr()
    assert markdown.startswith("## Link check")
    run(project, "--format", "github")
    annotations, _ = capsys.readouterr()
    assert "::error file=papers.yaml,line=10,col=1::broken link" in annotations
    assert "::warning file=papers.yaml,line=13,col=1::redirected link" in annotations


def test_successes_come_from_the_cache_failures_are_rechecked(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run(project)
    assert (project / ".link-cache.json").exists()
    hits = server.hits.copy()
    run(project, "--format", "json")
    assert server.hits[("HEAD", "/ok")] == hits[("HEAD", "/ok")]  # from the cache
    assert server.hits[("HEAD", "/gone")] > hits[("HEAD", "/gone")]  # checked again
    assert "(2 from the cache)" in capsys.readouterr()[1]
    run(project, "--no-cache")
    assert server.hits[("HEAD", "/ok")] == hits[("HEAD", "/ok")] + 2  # itself, and via /old


def test_include_and_exclude_options(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "--no-cache", "--format", "json", "--exclude", "/gone$") == 0
    statuses = {i["url"]: i["status"] for i in json.loads(capsys.readouterr()[0])}
    assert statuses[server.url("/gone")] == "excluded"
    run(project, "--no-cache", "--format", "json", "--include", "/ok$")
    statuses = {i["url"]: i["status"] for i in json.loads(capsys.readouterr()[0])}
    assert [u for u, s in statuses.items() if s != "excluded"] == [server.url("/ok")]


def test_shards_concatenate_into_the_whole_report(
    tmp_path: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    other = LinkServer("127.0.0.2").start()
    try:
        server.routes["/a"] = other.routes["/b"] = status(200)
        urls = [server.url("/a"), other.url("/b"), other.url("/c")]
        write_project(tmp_path, papers(*urls), **{"links.toml": CONFIG})
        run(tmp_path, "--no-cache", "--format", "json")
        whole = json.loads(capsys.readouterr()[0])
        parts = []
        for k in (1, 2):
            run(tmp_path, "--no-cache", "--format", "json", "--shard", f"{k}/2")
            parts.append(json.loads(capsys.readouterr()[0]))
    finally:
        other.stop()
    assert [[i["url"] for i in part] for part in parts] == [urls[1:], urls[:1]]
    merged = sorted(parts[0] + parts[1], key=lambda i: i["url"])
    assert [(i["url"], i["status"]) for i in merged] == [(i["url"], i["status"]) for i in whole]


def test_three_shards_merged_report_what_one_run_reports(
    tmp_path: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    others = [LinkServer("127.0.0.2").start(), LinkServer("127.0.0.3").start()]
    try:
        hosts = [server, *others]
        for host in hosts:
            host.routes.update(
                {"/ok": status(200), "/gone": status(404), "/old": redirect(301, "/ok")}
            )
        urls = [h.url(p) for h in hosts for p in ("/ok", "/gone", "/old", "/private/x")]
        # The same broken URL in two places: the merged report keeps both.
        write_project(tmp_path, papers(*urls, hosts[1].url("/gone")), **{"links.toml": CONFIG})
        assert run(tmp_path, "--no-cache", "--format", "json") == 1
        whole = capsys.readouterr()[0]
        reports = []
        for k in (1, 2, 3):
            run(tmp_path, "--no-cache", "--format", "json", "--shard", f"{k}/3")
            reports.append(tmp_path / f"shard-{k}.json")
            reports[-1].write_text(capsys.readouterr()[0], encoding="utf-8")
    finally:
        for other in others:
            other.stop()
    shard_urls = [{i["url"] for i in json.loads(r.read_text())} for r in reports]
    assert all(len(urls) == 4 for urls in shard_urls)  # one whole host each
    assert run(tmp_path, "--merge", *map(str, reports), "--format", "json") == 1
    merged = capsys.readouterr()[0]
    without_times = [{**i, "elapsed_ms": 0} for i in json.loads(merged)]
    assert without_times == [{**i, "elapsed_ms": 0} for i in json.loads(whole)]
    gone = next(i for i in json.loads(merged) if i["url"] == hosts[1].url("/gone"))
    assert gone["sources"] == ["papers.yaml:22", "papers.yaml:43"]


def test_merge_of_reports_without_failures_exits_0_and_writes_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ok = {"url": "https://a.example/", "status": "ok", "sources": ["papers.yaml:3"]}
    moved = {**ok, "url": "https://b.example/", "status": "redirected"}
    moved["redirects"] = [{"code": 301, "url": "https://b.example/new"}]
    (tmp_path / "1.json").write_text(json.dumps([ok]))
    (tmp_path / "2.json").write_text(json.dumps([moved]))
    assert (
        run(
            tmp_path,
            "--merge",
            str(tmp_path / "1.json"),
            str(tmp_path / "2.json"),
            "--format",
            "markdown",
        )
        == 0
    )
    out = capsys.readouterr()[0]
    assert "2 links: 1 redirected, 1 ok" in out and "<https://b.example/>" in out


@pytest.mark.parametrize(
    ("report", "message"),
    [
        (None, "report not found"),
        ("[{", "the report is unusable: it is not valid JSON"),
        ('{"url": "x"}', "the report is not a list of results"),
        (
            '[{"url": "https://a.example/", "status": "fine"}]',
            "result 1 of the report is malformed",
        ),
        (
            '[{"url": "https://a.example/", "status": "ok", "sources": ["nowhere"]}]',
            "is not a place 'file:line'",
        ),
        ('[{"url": 3, "status": "ok"}]', "3 is not a str"),
        ("[" * 100_000, "nested too deeply"),
    ],
)
def test_merge_refuses_a_malformed_report_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], report: str | None, message: str
) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps([{"url": "https://a.example/", "status": "broken"}]))
    bad = tmp_path / "bad.json"
    if report is not None:
        bad.write_text(report)
    assert run(tmp_path, "--merge", str(good), str(bad)) == 2
    out, err = capsys.readouterr()
    assert out == "" and f"{bad}:1:1: error: " in err and message in err
    assert "no report was written" in err


def test_plan_counts_urls_and_sites_and_never_splits_a_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = [f"https://h{n % 3}.org/{n}" for n in range(10)] + ["https://example.com/x"]
    write_project(tmp_path, papers(*urls))
    assert run(tmp_path, "--plan", "--urls-per-shard", "4") == 0
    assert json.loads(capsys.readouterr()[0]) == {
        "urls": 11,
        "sites": 4,
        "shards": ["1/3", "2/3", "3/3"],
    }
    assert run(tmp_path, "--plan", "--urls-per-shard", "1") == 0
    assert json.loads(capsys.readouterr()[0])["shards"] == ["1/4", "2/4", "3/4", "4/4"]
    assert run(tmp_path, "--plan") == 0
    assert json.loads(capsys.readouterr()[0])["shards"] == ["1/1"]


def test_changed_since_checks_only_new_entries(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "papers.yaml"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "base"], cwd=project, check=True)
    text = (project / "papers.yaml").read_text()
    text += f"  - id: added\n    title: Added\n    url: {server.url('/ok')}?new\n"
    (project / "papers.yaml").write_text(text)
    assert run(project, "--no-cache", "--format", "json", "--changed-since", "HEAD") == 0
    assert [i["url"] for i in json.loads(capsys.readouterr()[0])] == [server.url("/ok") + "?new"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--changed-since", "no-such-rev"], "unknown git revision"),
        (["--shard", "3/2"], "is not a shard"),
    ],
)
def test_bad_input_stops_with_a_located_error(
    project: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    assert run(project, *options) == 2
    _, err = capsys.readouterr()
    assert message in err and "nothing was checked" in err


def test_bad_config_stops_with_its_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "links.toml").write_text("timeout = 1\nper_hots = 2\n")
    assert run(project) == 2
    assert "links.toml:2:1: error: unknown setting 'per_hots'" in capsys.readouterr()[1]


@pytest.mark.parametrize(
    "options",
    [["--per-host", "0"], ["--timeout", "nan"], ["--include", "("], ["--exclude", "[a"]],
)
def test_options_are_validated_by_the_parser(
    project: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        run(project, *options)
    assert stop.value.code == 2
    assert f"argument {options[0]}:" in capsys.readouterr().err


def test_runs_as_a_module(project: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--root",
            str(project),
            "check-links",
            "--allow-private",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert len(json.loads(result.stdout)) == 4
    assert "\r" not in result.stderr  # no progress bar without a terminal


def test_progress_bar_redraws_one_line() -> None:
    stream = io.StringIO()
    progress = Progress(3, stream)
    for _ in range(3):
        progress.update(LinkResult("https://a.org/", Status.OK))
    progress.finish()
    text = stream.getvalue()
    assert "\n" not in text
    assert text.endswith(f"\r[{'#' * 30}] 3/3 links\r\x1b[K")


def test_a_malformed_url_in_the_data_is_reported_not_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_project(tmp_path, papers("http://[::1/x"), **{"links.toml": CONFIG})
    assert run(tmp_path, "--no-cache", "--format", "json", "--shard", "1/2") == 1
    [item] = json.loads(capsys.readouterr()[0])
    assert (item["status"], item["error"], item["sources"]) == (
        "error",
        "invalid URL",
        ["papers.yaml:7"],
    )


def test_markdown_report_escapes_a_location_header_chosen_by_the_server(
    tmp_path: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = "/next?[click](https://evil.example/)@maintainer\x1b[31m"
    server.routes.update({"/moved": redirect(301, hostile), "/next": status(200)})
    root = write_project(tmp_path, papers(server.url("/moved")))
    assert run(root, "--no-cache", "--format", "markdown") == 0
    out = capsys.readouterr().out
    [row] = [line for line in out.splitlines() if line.startswith("| <")]
    assert "\\[click\\]" in row and "`@maintainer`" in row
    assert "](" not in row.replace("\\](", "") and "\x1b" not in row


def _lying_cache(project: Path, url: str) -> None:
    """A cache that says a dead link was fine a minute ago."""
    result = {"status": "ok", "code": 200, "final_url": url}
    entry = {"checked_at": time.time() - 60, "result": result}
    text = json.dumps({"version": 1, "entries": {url: entry}})
    (project / ".link-cache.json").write_text(text, encoding="utf-8")


def _git(project: Path, *args: str) -> None:
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, *args], cwd=project, check=True, capture_output=True)


def test_a_cache_committed_to_the_repository_is_not_trusted(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _lying_cache(project, server.url("/gone"))
    _git(project, "init", "-q")
    _git(project, "add", "-f", ".")
    _git(project, "commit", "-q", "-m", "a pull request")
    assert run(project, "--format", "json") == 1
    out, err = capsys.readouterr()
    statuses = {i["url"]: i["status"] for i in json.loads(out)}
    assert statuses[server.url("/gone")] == "broken"
    assert ".link-cache.json is committed to the repository: it is not trusted" in err


def test_changed_since_never_believes_the_cache_for_changed_links(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(project, "init", "-q")
    _git(project, "add", "papers.yaml")
    _git(project, "commit", "-q", "-m", "base")
    dead = server.url("/gone") + "?changed"
    text = (project / "papers.yaml").read_text()
    (project / "papers.yaml").write_text(text + f"  - id: added\n    title: A\n    url: {dead}\n")
    _lying_cache(project, dead)  # untracked, written by the pull request's own steps
    assert run(project, "--format", "json", "--changed-since", "HEAD") == 1
    [item] = json.loads(capsys.readouterr()[0])
    assert (item["url"], item["status"]) == (dead, "broken")


def test_a_hostile_cache_warns_and_the_run_goes_on(
    project: Path, server: LinkServer, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".link-cache.json").write_text("[" * 100_000, encoding="utf-8")
    assert run(project, "--format", "json") == 1
    out, err = capsys.readouterr()
    assert len(json.loads(out)) == 4
    assert "warning: the cache is ignored: it is nested too deeply" in err


def test_no_answer_from_any_server_exits_2_as_no_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two ports nobody listens on: every request is refused before any server answers.
    first, second = refused_url(), refused_url().replace("/page", "/other")
    write_project(tmp_path, papers(first, second), **{"links.toml": CONFIG})
    assert run(tmp_path, "--no-cache") == 2
    assert "could not reach the network: no link got an answer" in capsys.readouterr().err


def test_one_answer_makes_the_refused_links_broken_links_again(
    tmp_path: Path, server: LinkServer
) -> None:
    server.routes["/gone"] = status(404)
    write_project(tmp_path, papers(refused_url(), server.url("/gone")), **{"links.toml": CONFIG})
    assert run(tmp_path, "--no-cache") == 1
