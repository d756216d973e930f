"""End to end: `python -m generator validate|build` on a copy of the project in a temp dir."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
import yaml
from support.data import BILLION_LAUGHS_TEXT, REPO, copy_project
from support.signals import restore_sigint

from generator.cli import COMMANDS, build_parser, command_name, main, named_command


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path)


def run(project, *args: str) -> int:
    return main(["--root", str(project), *args])


def break_papers(project, old: str, new: str) -> None:
    path = project / "papers.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, fragment: str, name: str = "papers.yaml") -> int:
    lines = (project / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def snapshot(directory) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_validate_accepts_the_project(project, capsys):
    assert run(project, "validate") == 0
    out, err = capsys.readouterr()
    papers = len(yaml.safe_load((project / "papers.yaml").read_text())["papers"])
    assert out == ""
    assert f"ok: {papers} papers" in err


def test_validate_as_a_real_process(project):
    command = [sys.executable, "-m", "generator", "--root", str(project), "validate"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    break_papers(project, "section: paper-list", "section: paper-lists")
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1
    line = line_of(project, "section: paper-lists")
    assert done.stdout == (
        f"papers.yaml:{line}:14: error: unknown section 'paper-lists' "
        "(hint: did you mean 'paper-list'?) [LKU204]\n"
    )
    assert "1 error(s), 0 warning(s)" in done.stderr


def test_validate_reports_every_problem_as_file_line_column(project, capsys):
    # Sequence-Level Knowledge Distillation: no arXiv id, so no venue means no arXiv preprint.
    break_papers(project, "venue: EMNLP", "venu: EMNLP")
    break_papers(project, "year: 2016", "year: 1900")
    assert run(project, "validate") == 1
    out, _ = capsys.readouterr()
    venue_line, year_line = line_of(project, "venu: EMNLP"), line_of(project, "year: 1900")
    assert out.splitlines() == [
        f"papers.yaml:{venue_line - 3}:5: error: a paper needs a 'venue' (or an 'arxiv' id, "
        "which makes it an arXiv preprint) (hint: add venue: NeurIPS (a name from venues.yaml), "
        "or venue: arXiv for a preprint) [LKU101]",
        f"papers.yaml:{venue_line}:5: error: unknown key 'venu' (hint: did you mean 'venue'?) "
        "[LKU101]",
        f"papers.yaml:{year_line}:11: error: 'year' is 1900, below the minimum 1950 "
        "(hint: write the four-digit year of publication, e.g. 2024) [LKU101]",
    ]


def test_validate_github_format_annotates_the_pull_request(project, capsys):
    break_papers(project, "section: paper-list", "section: paper-lists")
    assert run(project, "validate", "--format", "github") == 1
    out, _ = capsys.readouterr()
    line = line_of(project, "section: paper-lists")
    assert out == (
        f"::error file=papers.yaml,line={line},col=14::unknown section 'paper-lists' "
        "(hint: did you mean 'paper-list'?)\n"
    )


def test_validate_json_format_is_machine_readable(project, capsys):
    assert run(project, "validate", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []
    break_papers(project, "section: paper-list", "section: paper-lists")
    assert run(project, "validate", "--format", "json") == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem == {
        "file": "papers.yaml",
        "line": line_of(project, "section: paper-lists"),
        "column": 14,
        "message": "unknown section 'paper-lists'",
        "hint": "did you mean 'paper-list'?",
        "severity": "error",
        "code": "LKU204",
    }


def test_unknown_format_is_a_usage_error(project, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(project, "validate", "--format", "xml")
    assert exit_info.value.code == 2


def test_problems_in_datasets_and_notes_are_reported_too(project, capsys):
    datasets = project / "datasets.yaml"
    datasets.write_text(
        datasets.read_text().replace("paper: sft-knowledge-injection", "paper: sft")
    )
    (project / "notes" / "extra.md").write_text("# Extra\n\nSee [x](paper:nope).\n")
    assert run(project, "validate") == 1
    out, _ = capsys.readouterr()
    assert f"datasets.yaml:{line_of(project, 'paper: sft', 'datasets.yaml')}:12: error: " in out
    assert "notes/extra.md:3:9: error: unknown paper 'nope'" in out


BAD_INPUTS = {
    "syntax": (b"sections:\n  - id: a\n   title: b\n", "papers.yaml:3:4: error: invalid YAML"),
    "tabs": (b"sections:\n\t- id: a\n", "papers.yaml:2:1: error: tab character in indentation"),
    "utf8": (
        b"sections: []\npapers: [caf\xe9]\n",
        "papers.yaml:2:13: error: the file is not valid UTF-8",
    ),
    "empty": (b"", "papers.yaml:1:1: error: the file is empty"),
    "top-level": (
        b"- a\n- b\n",
        "papers.yaml:1:1: error: the document must be a mapping, not a list",
    ),
    "tag": (
        b"papers: !!python/object/apply:os.system ['touch hacked']\n",
        "papers.yaml:1:9: error: invalid YAML: the YAML tag",
    ),
    "alias-bomb": (None, "papers.yaml:1:4: error: YAML anchor 'a' is not allowed"),
    "deep": (b"papers: " + b"[" * 100_000, "error: the document is nested more than 64 levels"),
    "huge-number": (b"papers: " + b"7" * 5000 + b"\n", "papers.yaml:1:9: error: invalid YAML"),
    "duplicate-key": (b"sections: []\nsections: []\n", "papers.yaml:2:1: error: duplicate key"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_exits_1_with_a_located_message_and_no_traceback(project, case):
    content, expected = BAD_INPUTS[case]
    (project / "papers.yaml").write_bytes(
        BILLION_LAUGHS_TEXT.encode() if content is None else content
    )
    command = [sys.executable, "-m", "generator", "--root", str(project), "validate"]
    # The timeout only turns a hang into a failure.
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 1
    assert expected in done.stdout
    assert "Traceback" not in done.stderr
    assert not (project / "hacked").exists()


def test_missing_papers_file_is_reported(project, capsys):
    (project / "papers.yaml").unlink()
    assert run(project, "validate") == 1
    assert "papers.yaml:1:1: error: file not found (hint: create papers.yaml)" in (
        capsys.readouterr().out
    )


def test_build_writes_the_committed_readme_byte_for_byte(project, capsys):
    committed = (REPO / "README.md").read_bytes()
    (project / "README.md").unlink()
    assert run(project, "build", "--no-site") == 0
    assert (project / "README.md").read_bytes() == committed
    assert "wrote README.md" in capsys.readouterr().err


def test_two_builds_are_byte_identical_and_leave_no_temporary_files(project):
    assert run(project, "build", "--no-site") == 0
    first = snapshot(project)
    assert run(project, "build", "--no-site") == 0
    assert snapshot(project) == first
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []


def test_build_keeps_the_readme_permissions(project):
    (project / "README.md").chmod(0o640)
    assert run(project, "build", "--no-site") == 0
    assert (project / "README.md").stat().st_mode & 0o777 == 0o640


def test_failed_build_leaves_every_file_exactly_as_it_was(project, capsys):
    (project / "README.md").write_text("hand-written, stale\n")
    break_papers(project, "year: 2015", "year: soon")
    before = snapshot(project)
    assert run(project, "build", "--no-site") == 1
    assert snapshot(project) == before
    out_err = capsys.readouterr()
    assert "'year' must be a whole number, not text" in out_err.err
    assert "build stopped: nothing was written" in out_err.err


def test_build_check_passes_on_a_fresh_readme_and_writes_nothing(project, capsys):
    before = snapshot(project)
    assert run(project, "build", "--check", "--no-site") == 0
    assert snapshot(project) == before
    assert "README.md is up to date" in capsys.readouterr().err


def test_build_check_fails_with_a_diff_on_a_stale_readme_and_writes_nothing(project, capsys):
    break_papers(project, "title: Fast Model Editing at Scale", "title: Fast Model Editing")
    before = snapshot(project)
    assert run(project, "build", "--check", "--no-site") == 1
    assert snapshot(project) == before
    out, err = capsys.readouterr()
    assert out.startswith("--- README.md (committed)\n+++ README.md (generated)\n")
    assert "\n-- [Fast Model Editing at Scale](" in out
    assert "\n+- [Fast Model Editing](" in out
    assert "README.md is stale: run `listsmith build`, then `git add README.md`" in err


def test_build_check_fails_when_the_readme_is_missing(project, capsys):
    (project / "README.md").unlink()
    assert run(project, "build", "--check", "--no-site") == 1
    assert not (project / "README.md").exists()


def test_build_check_fails_on_invalid_data(project, capsys):
    break_papers(project, "year: 2015", "year: 1900")
    assert run(project, "build", "--check", "--no-site") == 1


def test_build_as_a_real_process(project):
    (project / "README.md").unlink()
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--no-site"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert (project / "README.md").read_bytes() == (REPO / "README.md").read_bytes()


def test_build_runs_in_the_current_directory_by_default(project, monkeypatch):
    monkeypatch.chdir(project)
    (project / "README.md").unlink()
    command = [sys.executable, "-m", "generator", "build", "--no-site"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert (project / "README.md").is_file()


def test_broken_template_is_located_and_nothing_is_written(project, capsys):
    template = project / "templates" / "readme" / "paper.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    template.write_text("\n".join([*lines, "{% for x in %}"]) + "\n", encoding="utf-8")
    before = snapshot(project)
    assert run(project, "build", "--no-site") == 1
    assert snapshot(project) == before
    err = capsys.readouterr().err
    assert f"templates/readme/paper.md.j2:{len(lines) + 1}:1: error: template error: " in err
    assert "Traceback" not in err


def test_template_using_an_unknown_field_is_located(project, capsys):
    template = project / "templates" / "readme" / "paper.md.j2"
    text = template.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "paper.title" in row)
    template.write_text(text.replace("paper.title", "paper.titel", 1), encoding="utf-8")
    assert run(project, "build", "--no-site") == 1
    assert f"templates/readme/paper.md.j2:{line}:1: error: template error: " in (
        capsys.readouterr().err
    )


def test_template_that_fails_while_rendering_is_located(project, capsys):
    template = project / "templates" / "readme" / "paper.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    template.write_text("\n".join([*lines, "{{ 1 / 0 }}"]) + "\n", encoding="utf-8")
    before = snapshot(project)
    assert run(project, "build", "--no-site") == 1
    assert snapshot(project) == before
    err = capsys.readouterr().err
    assert f"templates/readme/paper.md.j2:{len(lines) + 1}:1: error: template error: " in err


def test_unwritable_readme_is_reported_without_a_traceback(project, capsys):
    readme = project / "README.md"
    readme.unlink()
    readme.mkdir()  # a directory where the file should go: the rename fails
    assert run(project, "build", "--no-site") == 1
    err = capsys.readouterr().err
    assert "error: cannot write" in err and "README.md is unchanged" in err
    assert not [p for p in project.iterdir() if p.name.endswith(".tmp")]


def test_a_deleted_template_falls_back_to_the_packaged_one(project):
    (project / "templates" / "README.md.j2").unlink()
    assert run(project, "build", "--no-site") == 0
    assert (project / "README.md").read_text(encoding="utf-8").startswith("# ")


def test_a_template_that_includes_a_missing_one_is_reported(project, capsys):
    (project / "templates" / "README.md.j2").write_text('{% include "readme/gone.md.j2" %}\n')
    assert run(project, "build", "--no-site") == 1
    assert "templates/readme/gone.md.j2:1:1: error: template not found" in capsys.readouterr().err


# A sitecustomize module for the child process: it holds the import of $BLOCK_IMPORT until the
# test interrupts it, so that Ctrl-C lands at a known moment of start-up.
_BLOCKING_IMPORT = """
import os, sys, time

class HoldImport:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["BLOCK_IMPORT"]:
            sys.stderr.write("held\\n")
            sys.stderr.flush()
            time.sleep(600)
        return None

sys.meta_path.insert(0, HoldImport())
"""


@pytest.mark.parametrize(
    "module",
    ["generator.cli", "generator.commands.build", "yaml", "jsonschema", "jinja2"],
)
def test_ctrl_c_during_start_up_is_one_line_and_exit_130(project, tmp_path, module):
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(_BLOCKING_IMPORT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{hook}{os.pathsep}{REPO}", "BLOCK_IMPORT": module}
    command = [sys.executable, "-m", "generator", "--root", str(project), "build", "--no-site"]
    with subprocess.Popen(
        command, cwd=REPO, env=env, stderr=subprocess.PIPE, text=True, preexec_fn=restore_sigint
    ) as child:
        try:
            assert child.stderr.readline() == "held\n"
            child.send_signal(signal.SIGINT)
            rest = child.stderr.read()
            # The timeout only turns a hang into a failure.
            assert child.wait(timeout=120) == 130, rest
        finally:
            child.kill()
    assert rest == "interrupted\n"


# --- list.yaml and the README's size (issue 10) ---


def _set_identity(project, extra: str) -> None:
    path = project / "list.yaml"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_a_readme_past_what_github_renders_becomes_the_summary_and_says_so(project, capsys):
    _set_identity(project, "news:\n  - date: 2024-01\n    text: " + "word " * 110_000 + "\n")
    assert run(project, "build", "--no-site") == 0  # a warning: the README is still written
    _, err = capsys.readouterr()
    assert "README.md:1:1: warning: README.md lists the sections only" in err
    assert "more than the 512 KiB that GitHub renders" in err
    assert "`readme: {mode: summary}` in list.yaml" in err
    assert (project / "README.md").stat().st_size < 512 * 1024


def test_a_readme_past_what_github_renders_stays_full_without_a_site_and_warns(project, capsys):
    text = (project / "list.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("  site: ")]
    (project / "list.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    _set_identity(project, "news:\n  - date: 2024-01\n    text: " + "word " * 110_000 + "\n")
    assert run(project, "build", "--no-site") == 0
    _, err = capsys.readouterr()
    assert "README.md:1:1: warning: README.md is " in err
    assert "more than the 512 KiB that GitHub renders" in err
    assert (project / "README.md").stat().st_size > 512 * 1024


def test_summary_mode_needs_the_sites_address(project, capsys):
    text = (project / "list.yaml").read_text(encoding="utf-8")
    text = text.replace("  site: https://", "  home: https://").replace(
        "mode: full", "mode: summary"
    )
    (project / "list.yaml").write_text(text, encoding="utf-8")
    assert run(project, "validate") == 1
    out, _ = capsys.readouterr()
    assert "a summary README links to the site for the full list, but no site is named" in out


def test_build_without_list_yaml_says_what_to_write(project, capsys):
    (project / "list.yaml").unlink()
    before = snapshot(project)
    assert run(project, "build", "--no-site") == 1
    _, err = capsys.readouterr()
    assert "list.yaml:1:1: error: the list has no list.yaml" in err
    assert "at least `title` and `description`" in err
    assert snapshot(project) == before
    assert run(project, "validate") == 0  # the entries alone are still valid


def test_a_project_venues_yaml_adds_venues_the_vocabulary_lacks(project, capsys):
    break_papers(project, "venue: EMNLP", "venue: MLHC")
    assert run(project, "validate") == 0
    out, _ = capsys.readouterr()
    assert "unknown venue 'MLHC'" in out
    (project / "venues.yaml").write_text("venues:\n  - name: MLHC\n", encoding="utf-8")
    assert run(project, "validate") == 0
    out, _ = capsys.readouterr()
    assert "MLHC" not in out


def test_a_broken_venues_yaml_is_a_located_error(project, capsys):
    (project / "venues.yaml").write_text("venues:\n  - nam: MLHC\n", encoding="utf-8")
    assert run(project, "validate") == 1
    out, _ = capsys.readouterr()
    assert "venues.yaml:2:5: error: unknown key 'nam' (hint: did you mean 'name'?)" in out


# --- start-up: a command imports only what it runs on ---


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["check-links", "--allow-private"], "check_links"),
        (["--root", "build", "new", "--title", "x"], "new"),  # a root named like a command
        (["--root=serve", "import", "list.md"], "import_"),
        (["--ro", "validate", "build", "--help"], None),  # an abbreviation, as argparse takes it
        (["--ro", "validate", "build"], "build"),
        (["-h", "build"], None),  # the overview, of every command
        (["--he", "validate"], None),
        (["build", "--help"], None),
        (["--root"], None),
        (["--help"], None),
        (["--version"], None),
        (["bogus"], None),
        ([], None),
    ],
)
def test_the_named_command_is_found_as_argparse_finds_it(argv, module):
    assert named_command(argv) == module


def test_a_command_registers_alone_and_the_overview_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        build_parser(["--help"]).parse_args(["--help"])
    overview = capsys.readouterr().out
    assert all(command_name(module) in overview for module in COMMANDS)
    arguments = build_parser(["--root", "build", "new"]).parse_known_args(
        ["--root", "build", "new"]
    )[0]
    assert arguments.command == "new"


def test_check_links_starts_without_the_builders_libraries(project):
    probe = (
        "import sys; from generator.cli import main; "
        "code = main(['--root', sys.argv[1], 'check-links', '--plan']); "
        "print(sorted(m for m in ('generator.commands.build', 'generator.render.readme', "
        "'jinja2') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(project)], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"
