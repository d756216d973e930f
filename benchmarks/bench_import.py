"""Import the real hand-written lists in ../shared/real-lists/ and report what came through.

For each list: entries in the source (counted here, by a markdown-it-py walk of its own that
shares nothing with the importer: every list item, table row or heading that carries a web
link, outside navigation and housekeeping sections, a sub-item of an item that already has
one not counted again), entries imported, the share of those under their own heading,
descriptions kept (of source entries written `[Name](url) - Description`), fields kept,
the share kept (source entries whose line an imported entry comes from: a paper listed in
three sections is one entry that keeps all three),
lines not understood, whether the README keeps the source's top-level headings in order
and has no empty section, and the lint results of the regenerated README. The lists are
read in place (never copied into the repository); nothing is tuned to them.

    python benchmarks/bench_import.py [--lists DIR] [--keep] [--site]
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
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_DEFAULTS = [REPO.parent / "shared" / "real-lists", REPO.parent.parent / "shared" / "real-lists"]
_HOUSEKEEPING = re.compile(
    r"contents|table of contents|toc|contribut|licen[cs]e|acknowledg|citation|cite|"
    r"star history|sponsor|back to top",
    re.IGNORECASE,
)
_NAVIGATION = re.compile(r"contents|table of contents|toc", re.IGNORECASE)
_DESCRIBED = re.compile(  # "- [Name](url) ... - Description", the separator any dash or colon
    r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]+\]\([^)\s]+\)"
    r"[^-\u2013\u2014:]*?\s[-\u2013\u2014:]\s+(\S.*)$"
)
_WORD = re.compile(r"[^\W_]+")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)


_GITHUB_RULES = ("remark-lint:awesome-github", "remark-lint:awesome-git-repo-age")


def _linter(name: str) -> str | None:
    local = REPO / "node_modules" / ".bin" / name
    return str(local) if local.is_file() else shutil.which(name)


def lint(target: Path) -> tuple[str, str]:
    """('errors/warnings' of awesome-lint apart from its GitHub checks, markdownlint's
    issues), or '-'. awesome-lint's warnings are its spell-check of the source's words."""
    awesome, markdown = _linter("awesome-lint"), _linter("markdownlint-cli2")
    if awesome is None or markdown is None or not (target / "README.md").is_file():
        return "-", "-"
    done = subprocess.run([awesome, "README.md"], cwd=target, capture_output=True, text=True)
    output = done.stdout + done.stderr
    problems = [line for line in output.splitlines() if re.match(r"^\s*[✖⚠]\s+\d+:\d+", line)]
    others = [line for line in problems if not line.rstrip().endswith(_GITHUB_RULES)]
    errors = sum(1 for line in others if "✖" in line)
    done = subprocess.run([markdown, "README.md"], cwd=target, capture_output=True, text=True)
    issues = re.search(r"Summary: (\d+) issue", done.stdout + done.stderr)
    return f"{errors}/{len(others) - errors}", issues.group(1) if issues else "?"


# The source, counted without the importer -------------------------------------------------


@dataclass
class SourceCount:
    entries: int = 0
    headings: list[str] = field(default_factory=list)  # top-level headings holding entries
    descriptions: list[str] = field(default_factory=list)
    heading_of_line: dict[int, str] = field(default_factory=dict)  # entry line -> its heading


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _web_link(tokens: list) -> bool:
    for token in tokens:
        for child in token.children or ():
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if href.startswith(("http://", "https://")):
                return True
            if child.type == "html_inline" and re.search(r"href=[\"']https?://", child.content):
                return True
    return False


def count_source(text: str) -> SourceCount:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(text)
    lines = text.split("\n")
    found = SourceCount()
    headings = [t for t in tokens if t.type == "heading_open"]
    title = headings[0] if headings and headings[0].tag == "h1" else None  # the list's name
    stack: list[tuple[int, str, bool]] = []  # (level, words, housekeeping) of open headings
    entry_depth: int | None = None
    list_depth = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[index + 1]
            level = int(token.tag[1])
            words = _words(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", inline.content))
            words = re.sub(r"^(?:\d+ )+", "", words)  # "1.2 Title": its numbering
            while stack and stack[-1][0] >= level:
                stack.pop()
            if token is not title:
                stack.append((level, words, bool(_HOUSEKEEPING.match(words))))
            if _counted(stack) and _web_link([inline]):
                _add(found, stack, token.map[0] + 1)
        elif token.type in {"bullet_list_open", "ordered_list_open"}:
            list_depth += 1
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
        elif token.type in {"list_item_open", "tr_open"} and token.map and _counted(stack):
            if token.type == "list_item_open" and entry_depth is not None:
                if list_depth > entry_depth:
                    continue  # a detail of the entry above
                entry_depth = None
            inline = _first_inline(tokens, index)
            if inline is None or not _web_link([inline]):
                continue
            _add(found, stack, token.map[0] + 1)
            if token.type == "list_item_open":
                entry_depth = list_depth
                match = _DESCRIBED.match(lines[token.map[0]])
                if match and len(_words(match.group(1)).split()) >= 2:
                    found.descriptions.append(_words(_without_badges(match.group(1))))
    return found


def _counted(stack: list[tuple[int, str, bool]]) -> bool:
    """Inside a section that holds entries: not front matter, not under housekeeping (a
    table of contents' own lines only: the sections below it may be the list itself)."""
    if not stack or stack[-1][2]:
        return False
    return not any(house and not _NAVIGATION.match(words) for _, words, house in stack)


def _add(found: SourceCount, stack: list[tuple[int, str, bool]], line: int) -> None:
    found.entries += 1
    found.heading_of_line[line] = stack[-1][1]
    top = next(words for _, words, house in stack if not house)
    if top not in found.headings:
        found.headings.append(top)


def _without_badges(text: str) -> str:
    text = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _first_inline(tokens: list, start: int):
    closing = "list_item_close" if tokens[start].type == "list_item_open" else "tr_close"
    depth = 0
    for token in tokens[start + 1 :]:
        if token.type == tokens[start].type:
            depth += 1
        if token.type == closing:
            if depth == 0:
                return None
            depth -= 1
        if token.type == "inline" and tokens[start].type == "list_item_open":
            return token
        if token.type == "inline" and _web_link([token]):
            return token
    return None


# The import, measured -------------------------------------------------------------------


def _readme_headings(readme: str) -> tuple[list[str], int]:
    """The README's `##` headings (in words) and its empty sections."""
    headings, empty, last_level, body = [], 0, 0, True
    for line in readme.split("\n"):
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            level = len(match.group(1))
            if not body and level <= last_level:
                empty += 1
            if level == 2:
                headings.append(_words(match.group(2)))
            last_level, body = level, False
        elif line.strip():
            body = True
    return headings, empty


def _in_order(wanted: list[str], have: list[str]) -> int:
    """How many of `wanted` appear in `have`, in order."""
    position, kept = 0, 0
    for heading in wanted:
        matches = [i for i, h in enumerate(have) if i >= position and heading in h]
        if matches:
            kept, position = kept + 1, matches[0] + 1
    return kept


def _yaml_descriptions(target: Path) -> str:
    text = (target / "papers.yaml").read_text(encoding="utf-8")
    found = re.findall(r"^\s+(?:description|note): (.*)$", text, re.MULTILINE)
    return " | ".join(_words(item) for item in found)


def _fields(target: Path) -> int:
    text = (target / "papers.yaml").read_text(encoding="utf-8")
    body = text.partition("\npapers:")[2]
    keys = re.findall(r"^\s+(?:- )?([a-z]+):", body, re.MULTILINE)
    return sum(1 for key in keys if key not in {"id", "title", "section", "url", "label"})


def bench(source: Path, work: Path, site: bool) -> dict[str, object]:
    sys.path.insert(0, str(REPO))
    from generator.importers.source import import_markdown
    from generator.importers.writer import build_data

    counted = count_source(source.read_text(encoding="utf-8"))
    start = time.perf_counter()
    found = import_markdown(source, dates_from_git=False)
    parse_seconds = time.perf_counter() - start
    target = work / source.stem
    imported = _run("import", str(source), "--into", str(target), "--min-kept", "0")
    if "unrecognized arguments" in imported.stderr:  # an importer from before --min-kept
        imported = _run("import", str(source), "--into", str(target))
    summary = imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else ""
    written = int(summary.split()[1]) if summary.startswith("imported ") else 0
    validate = _run("--root", str(target), "validate")
    build = _run("--root", str(target), "build", *(() if site else ("--no-site",)))
    awesome, markdown = lint(target)
    placed = [e for e in found.entries if e.line in counted.heading_of_line]
    own = sum(
        1
        for e in placed
        if counted.heading_of_line[e.line] in {_words(title) for title in e.sections[0]}
    )
    left_out = {n.line for n in build_data(found)[2].notices if n.reason.startswith("left out")}
    covered = {
        line
        for e in found.entries
        if e.line not in left_out
        for line in (e.line, *e.lines)
        if line in counted.heading_of_line
    }
    readme = (target / "README.md").read_text(encoding="utf-8") if build.returncode == 0 else ""
    headings, empty = _readme_headings(readme)
    kept_text = _yaml_descriptions(target) if (target / "papers.yaml").is_file() else ""
    described = sum(1 for d in counted.descriptions if d and d in kept_text)
    return {
        "list": source.stem,
        "source": counted.entries,
        "imported": written,
        "covered": len(covered),
        "own": own / len(placed) if placed else 0.0,
        "descriptions": f"{described}/{len(counted.descriptions)}",
        "fields": _fields(target) if (target / "papers.yaml").is_file() else 0,
        "unread": len(found.unread),
        "headings": f"{_in_order(counted.headings, headings)}/{len(counted.headings)}",
        "empty": empty,
        "parse_s": parse_seconds,
        "validate": "pass" if validate.returncode == 0 else "FAIL",
        "build": "pass" if build.returncode == 0 else "FAIL",
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
    parser.add_argument("--site", action="store_true", help="build the site too (slow)")
    args = parser.parse_args()
    folder = args.lists or next((d for d in _DEFAULTS if d.is_dir()), None)
    if folder is None or not folder.is_dir():
        print("no real lists found (expected ../shared/real-lists/ beside the repository)")
        return 0
    sources = sorted(p for p in folder.glob("*.md") if p.name != "README.md")
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    print(
        f"| {'list':40} | source | imported | kept | own heading | descriptions | fields "
        "| unread | top headings | empty | parse s | validate | build | awesome-lint err/warn "
        "| markdownlint |"
    )
    print("|" + "---|" * 15)
    for source in sources:
        row = bench(source, work, args.site)
        kept = row["covered"] / row["source"] if row["source"] else 0.0
        print(
            f"| {row['list'][:40]:40} | {row['source']:>6} | {row['imported']:>8} | "
            f"{kept:>4.0%} | {row['own']:>11.0%} | {row['descriptions']:>12} | "
            f"{row['fields']:>6} | {row['unread']:>6} | {row['headings']:>12} | "
            f"{row['empty']:>5} | {row['parse_s']:>7.2f} | {row['validate']:8} | "
            f"{row['build']:5} | {row['awesome']:>12} | {row['markdown']:>12} |"
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
