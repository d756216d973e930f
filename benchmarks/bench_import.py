"""Import the real hand-written lists in ../shared/real-lists/ and report what came through.

For each list: entries the parser found, entries written to the data files, lines not
understood, and whether `validate` and `build` pass on the result. The lists are read in
place (never copied into the repository); nothing is tuned to them.

    python benchmarks/bench_import.py [--lists DIR] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_DEFAULTS = [REPO.parent / "shared" / "real-lists", REPO.parent.parent / "shared" / "real-lists"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)


_GITHUB_RULES = ("remark-lint:awesome-github", "remark-lint:awesome-git-repo-age")


def _linter(name: str) -> str | None:
    local = REPO / "node_modules" / ".bin" / name
    return str(local) if local.is_file() else shutil.which(name)


def lint(target: Path) -> tuple[str, str]:
    """(awesome-lint's errors apart from its GitHub checks, markdownlint's issues), or '-'."""
    awesome, markdown = _linter("awesome-lint"), _linter("markdownlint-cli2")
    if awesome is None or markdown is None or not (target / "README.md").is_file():
        return "-", "-"
    done = subprocess.run([awesome, "README.md"], cwd=target, capture_output=True, text=True)
    output = done.stdout + done.stderr
    problems = [line for line in output.splitlines() if re.match(r"^\s*[✖⚠]\s+\d+:\d+", line)]
    others = [line for line in problems if not line.rstrip().endswith(_GITHUB_RULES)]
    done = subprocess.run([markdown, "README.md"], cwd=target, capture_output=True, text=True)
    issues = re.search(r"Summary: (\d+) issue", done.stdout + done.stderr)
    return str(len(others)), issues.group(1) if issues else "?"


def bench(source: Path, work: Path) -> dict[str, object]:
    sys.path.insert(0, str(REPO))
    from generator.importers.source import import_markdown

    start = time.perf_counter()
    found = import_markdown(source, dates_from_git=False)
    parse_seconds = time.perf_counter() - start
    target = work / source.stem
    imported = _run("import", str(source), "--into", str(target))
    summary = imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else ""
    written = int(summary.split()[1]) if summary.startswith("imported ") else 0
    validate = _run("--root", str(target), "validate")
    build = _run("--root", str(target), "build")
    awesome, markdown = lint(target)
    return {
        "list": source.stem,
        "found": len(found.entries),
        "imported": written,
        "unread": len(found.unread),
        "parse_s": parse_seconds,
        "validate": "pass" if validate.returncode == 0 else "FAIL",
        "build": "pass" if build.returncode == 0 else "FAIL",
        "warnings": validate.stderr.count(": warning: "),
        "awesome": awesome,
        "markdown": markdown,
        "error": (validate.stderr or build.stderr).strip().splitlines()[-1:]
        if validate.returncode or build.returncode
        else [],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the imported lists")
    args = parser.parse_args()
    folder = args.lists or next((d for d in _DEFAULTS if d.is_dir()), None)
    if folder is None or not folder.is_dir():
        print("no real lists found (expected ../shared/real-lists/ beside the repository)")
        return 0
    sources = sorted(p for p in folder.glob("*.md") if p.name != "README.md")
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    print(
        f"{'list':48} {'found':>6} {'imported':>8} {'unread':>7} {'parse s':>8}  validate "
        "warnings build awesome-lint markdownlint"
    )
    for source in sources:
        row = bench(source, work)
        print(
            f"{row['list']:48} {row['found']:>6} {row['imported']:>8} {row['unread']:>7} "
            f"{row['parse_s']:>8.2f}  {row['validate']:8} {row['warnings']:>8} {row['build']:5} "
            f"{row['awesome']:>12} {row['markdown']:>12}"
        )
        for line in row["error"]:
            print(f"    {line}")
    if args.keep:
        print(f"imported lists kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
