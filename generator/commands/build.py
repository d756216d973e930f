"""`build`: validate, then write README.md (and the site); `--check` only compares."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from generator.catalog.project import Project, identity_problem, open_catalog
from generator.commands.common import add_engine, report
from generator.diagnostics import has_errors
from generator.files import write_atomic
from generator.render.issue_form import FORM_FILE, render_issue_form
from generator.render.readme import build_readme, summary_notice, template_problem
from generator.render.readme_model import counts, readme_size_problem


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("build", help="validate, then write README.md and the site")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a diff if a generated, committed file is stale",
    )
    mode.add_argument(
        "--pre-commit",
        action="store_true",
        help="for the pre-commit hook: regenerate a stale README.md and exit 1 until it is staged",
    )
    parser.add_argument("--no-site", action="store_true", help="skip the site")
    add_engine(parser)
    parser.set_defaults(run=run)


STALE_README = "README.md is stale: run `listsmith build`, then `git add README.md` and commit"
STALE_FORM = f"{FORM_FILE} is stale: run `listsmith build`, then `git add` it and commit"
REGENERATED_README = (
    "README.md did not match the data, so it was regenerated (as `listsmith build` "
    "does): run `git add README.md` and commit again"
)


def stale_diff(path: Path, expected: str, name: str) -> str:
    """A unified diff from the file on disk to what it should be; empty when up to date."""
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if current == expected:
        return ""
    return "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            expected.splitlines(keepends=True),
            fromfile=f"{name} (committed)",
            tofile=f"{name} (generated)",
        )
    )


def run(args: argparse.Namespace) -> int:
    project = Project(args.root)
    catalog, diagnostics = open_catalog(project)
    missing = identity_problem(project)
    if missing:
        diagnostics.append(missing)
    report(diagnostics, stream=sys.stderr)
    if catalog is None or has_errors(diagnostics):
        print("build stopped: nothing was written", file=sys.stderr)
        return 1
    try:
        built = build_readme(catalog, project.templates_dir)
        form = render_issue_form(catalog, project.templates_dir)
    except Exception as error:  # a template's own mistake (syntax, undefined, 1/0...)
        report([template_problem(error, project.templates_dir)], stream=sys.stderr)
        print("build stopped: nothing was written", file=sys.stderr)
        return 1
    readme = built.text
    mode = "summary" if built.summarized else catalog.identity.readme_mode
    sized = [found for found in (summary_notice(built), readme_size_problem(readme, mode)) if found]
    if sized:
        report(sized, stream=sys.stderr)
    if args.check:
        diff = stale_diff(project.readme, readme, "README.md")
        form_diff = (
            stale_diff(project.root / FORM_FILE, form, FORM_FILE) if has_github(project) else ""
        )
        if diff or form_diff:
            sys.stdout.write(diff + form_diff)
            print(STALE_README if diff else STALE_FORM, file=sys.stderr)
            return 1
        print("README.md is up to date", file=sys.stderr)
        return 0
    writes_form = not args.pre_commit and has_github(project)
    if writes_form and (status := _write_generated(project, FORM_FILE, form)):
        return status
    if args.pre_commit:
        return _regenerate_for_commit(project, readme, ", ".join(counts(catalog)))
    if args.no_site:
        return _write_readme(project, readme, ", ".join(counts(catalog)))
    # The engine is imported only when a site is built: it doubles the start-up time of the CLI.
    from generator.site.build import SiteError, discard, has_site, publish, stage_site

    if not has_site(project):
        print("no mkdocs.yml: the site was skipped", file=sys.stderr)
        return _write_readme(project, readme, ", ".join(counts(catalog)))
    from generator.site.stage import site_name_problem

    named_differently = site_name_problem(project, catalog)
    if named_differently:
        report([named_differently], stream=sys.stderr)
    try:
        staged = stage_site(project, engine=args.engine, catalog=catalog)
    except SiteError as error:
        report(error.diagnostics, stream=sys.stderr)
        print("build stopped: nothing was written", file=sys.stderr)
        return 1
    previous = _read_bytes(project.readme)
    status = _write_readme(project, readme, ", ".join(counts(catalog)))
    if status:
        discard(staged)
        return status
    try:
        publish(staged)
    except OSError as error:
        discard(staged)
        _restore(project.readme, previous)
        print(f"error: cannot replace {staged.destination}: {error.strerror}", file=sys.stderr)
        print("build stopped: README.md and the site are unchanged", file=sys.stderr)
        return 1
    print(f"wrote the site to {staged.destination} ({args.engine})", file=sys.stderr)
    return 0


def _regenerate_for_commit(project: Project, readme: str, counted: str) -> int:
    """pre-commit checks the staged files: a stale README is rewritten, and must be staged.

    pre-commit hides unstaged changes while its hooks run, so a README that was rebuilt but
    not staged looks stale here too; either way, what is left to do is `git add README.md`.
    """
    if not stale_diff(project.readme, readme, "README.md"):
        print("README.md is up to date", file=sys.stderr)
        return 0
    status = _write_readme(project, readme, counted)
    if status == 0:
        print(REGENERATED_README, file=sys.stderr)
        return 1
    return status


def _write_readme(project: Project, readme: str, counted: str) -> int:
    wrote = f"wrote README.md ({counted})"
    return _write(project.readme, readme, wrote, "build stopped: README.md is unchanged")


def _write(path: Path, text: str, wrote: str, stopped: str) -> int:
    try:
        write_atomic(path, text)
    except OSError as error:
        print(f"error: cannot write {path}: {error.strerror}", file=sys.stderr)
        print(stopped, file=sys.stderr)
        return 1
    print(wrote, file=sys.stderr)
    return 0


def has_github(project: Project) -> bool:
    """A list with a `.github/` folder lives on GitHub: its issue form is generated too."""
    return (project.root / ".github").is_dir()


def _write_generated(project: Project, name: str, text: str) -> int:
    """A generated file besides README.md, written only when it changed."""
    path = project.root / name
    if not stale_diff(path, text, name):
        return 0
    return _write(path, text, f"wrote {name}", "build stopped: nothing was written")


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _restore(path: Path, previous: bytes | None) -> None:
    """Put back the file a failed build had already replaced."""
    try:
        if previous is None:
            path.unlink(missing_ok=True)
        else:
            write_atomic(path, previous)
    except OSError:
        pass  # the error that stopped the build is the one to report
