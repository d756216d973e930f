"""Import the real hand-written lists in ../shared/real-lists/ and report what came through.

For each list: entries in the source (counted here, by a markdown-it-py walk of its own that
shares nothing with the importer: every list item, table row or heading that carries a web
link, outside navigation and housekeeping sections, a sub-item of an item that already has
one not counted again), entries imported, the share kept (source entries one of whose links
is in the written data files, read back with PyYAML: a paper listed in three sections is
one entry that keeps all three), the share of those under their own heading (a section, or
an `also` section, of the entry holding the link is titled with the source's heading),
descriptions kept (of source entries written `[Name](url) - Description`: its words appear
in a written description or note; a leading repetition of the name, which awesome-lint
refuses, and the 'is' after it need not), fields kept, lines not understood, whether the
README keeps the source's top-level headings in order and has no empty section, and the
lint results of the regenerated README. The lists are read in place (never copied into the
repository); nothing is tuned to them.

    python benchmarks/bench_import.py [--lists DIR] [--keep] [--site]
    python benchmarks/bench_import.py --lines 10000   # time one synthetic list of N lines

With `--lines`, a synthetic list of that many lines mixing the shapes above (tool lines,
titles with labelled links, tables, groups inside lists, citations without a link, a
heading every 60 lines, every tenth paper repeated in a later section) is imported by the
real CLI and timed: no step of the import may grow faster than the list.
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
    r"^\s*(?:[-*+]|\d+[.)])\s+\[([^\]]+)\]\([^)\s]+\)"
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
    links_of_line: dict[int, set[str]] = field(default_factory=dict)  # entry line -> its links


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _without_name(words: str, name: str) -> str:
    """The description's words without the entry's name in front (and an 'is' after it)."""
    if name and words.startswith(name + " "):
        words = re.sub(r"^(?:is|are|was) ", "", words[len(name) + 1 :])
    return words


def _hrefs(inline) -> set[str]:
    """The web addresses an entry's line links to, badge links (an image only) left out."""
    found, current, images = set(), None, False
    for child in inline.children or ():
        if child.type == "link_open":
            current, images = str(child.attrs.get("href", "")), False
        elif child.type == "image":
            images = True
        elif child.type == "link_close" and current and not images:
            found.add(current)
        elif child.type == "html_inline":
            found.update(re.findall(r"href=[\"'](https?://[^\"']+)", child.content))
    return {href for href in found if href.startswith(("http://", "https://"))}


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
    list_depth, in_head = 0, False
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
                _add(found, stack, token.map[0] + 1, _hrefs(inline))
        elif token.type in {"thead_open", "thead_close"}:
            in_head = token.type == "thead_open"  # a table's header row names its columns
        elif token.type in {"bullet_list_open", "ordered_list_open"}:
            list_depth += 1
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
        elif token.type in {"list_item_open", "tr_open"} and token.map and _counted(stack):
            if in_head:
                continue
            if token.type == "list_item_open" and entry_depth is not None:
                if list_depth > entry_depth:
                    continue  # a detail of the entry above
                entry_depth = None
            inline = _first_inline(tokens, index)
            if inline is None or not _web_link([inline]):
                continue
            _add(found, stack, token.map[0] + 1, _hrefs_of_row(tokens, index, inline))
            if token.type == "list_item_open":
                entry_depth = list_depth
                match = _DESCRIBED.match(lines[token.map[0]])
                if match and len(_words(match.group(2)).split()) >= 2:
                    text = _words(_without_badges(match.group(2)))
                    found.descriptions.append(_without_name(text, _words(match.group(1))))
    return found


def _counted(stack: list[tuple[int, str, bool]]) -> bool:
    """Inside a section that holds entries: not front matter, not under housekeeping (a
    table of contents' own lines only: the sections below it may be the list itself)."""
    if not stack or stack[-1][2]:
        return False
    return not any(house and not _NAVIGATION.match(words) for _, words, house in stack)


def _add(
    found: SourceCount, stack: list[tuple[int, str, bool]], line: int, hrefs: set[str]
) -> None:
    found.entries += 1
    found.heading_of_line[line] = stack[-1][1]
    found.links_of_line[line] = hrefs
    top = next(words for _, words, house in stack if not house)
    if top not in found.headings:
        found.headings.append(top)


def _without_badges(text: str) -> str:
    text = re.sub(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!\[[^\]]*\]\([^)]*\)", " ", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def _hrefs_of_row(tokens: list, start: int, inline) -> set[str]:
    """A list item's links are its first line's; a table row's are those of all its cells."""
    if tokens[start].type == "list_item_open":
        return _hrefs(inline)
    found: set[str] = set()
    for token in tokens[start + 1 :]:
        if token.type == "tr_close":
            break
        if token.type == "inline":
            found |= _hrefs(token)
    return found


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


@dataclass
class Written:
    """The imported data as written, read back with PyYAML (not with the importer)."""

    titles: dict[str, list[str]] = field(default_factory=dict)  # link -> its sections' titles
    said: str = ""  # every description and note, in words
    fields: int = 0


def _section_titles(sections: list, titles: dict[str, str], above: str = "") -> None:
    """Each section's title with its parents' (a group inside a list is under its heading)."""
    for section in sections or ():
        titles[section["id"]] = f"{_words(section['title'])} | {above}"
        _section_titles(section.get("sections"), titles, titles[section["id"]])


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def read_written(target: Path) -> Written:
    import yaml

    found = Written()
    if not (target / "papers.yaml").is_file():
        return found
    papers = yaml.safe_load((target / "papers.yaml").read_text(encoding="utf-8"))
    titles: dict[str, str] = {}
    _section_titles(papers.get("sections"), titles)
    entries = list(papers.get("papers") or [])
    for part in sorted((target / "papers").glob("*.yaml")):
        entries += yaml.safe_load(part.read_text(encoding="utf-8")).get("papers") or []
    datasets = yaml.safe_load((target / "datasets.yaml").read_text(encoding="utf-8"))
    said = []
    for entry in [*entries, *(datasets.get("datasets") or [])]:
        homes = [entry.get("section"), *(entry.get("also") or [])]
        names = [titles.get(home, "") for home in homes if home]
        for text in _strings(entry):
            if text.startswith(("http://", "https://")):
                found.titles.setdefault(text, []).extend(names)
        said += [_words(str(entry.get(key, ""))) for key in ("description", "note")]
        found.fields += sum(1 for key in entry if key not in {"id", "title", "section", "url"})
    found.said = " | ".join(said)
    return found


def bench(source: Path, work: Path, site: bool) -> dict[str, object]:
    sys.path.insert(0, str(REPO))
    from generator.importers.source import import_markdown

    counted = count_source(source.read_text(encoding="utf-8"))
    start = time.perf_counter()
    found = import_markdown(source, dates_from_git=False)
    parse_seconds = time.perf_counter() - start
    target = work / source.stem
    imported = _run("import", str(source), "--into", str(target), "--min-kept", "0")
    summary = imported.stdout.strip().splitlines()[-1] if imported.stdout.strip() else ""
    written = int(summary.split()[1]) if summary.startswith("imported ") else 0
    validate = _run("--root", str(target), "validate")
    build = _run("--root", str(target), "build", *(() if site else ("--no-site",)))
    awesome, markdown = lint(target)
    data = read_written(target)
    kept = {
        line: [title for href in hrefs for title in data.titles.get(href, ())]
        for line, hrefs in counted.links_of_line.items()
        if any(href in data.titles for href in hrefs)
    }
    own = sum(
        1
        for line, titles in kept.items()
        if any(
            counted.heading_of_line[line] in part for title in titles for part in title.split(" | ")
        )
    )
    readme = (target / "README.md").read_text(encoding="utf-8") if build.returncode == 0 else ""
    headings, empty = _readme_headings(readme)
    described = sum(1 for d in counted.descriptions if d and d in data.said)
    return {
        "list": source.stem,
        "source": counted.entries,
        "imported": written,
        "covered": len(kept),
        "own": own / len(kept) if kept else 0.0,
        "descriptions": f"{described}/{len(counted.descriptions)}",
        "fields": data.fields,
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


def synthetic_list(lines: int) -> str:
    """A list of about `lines` lines in the common shapes, every entry distinct but every
    tenth paper, which comes again under a later heading."""
    out = ["# Awesome Synthetic Things", "", "> Things to time the importer with.", ""]
    index = 0
    while len(out) < lines:
        section = index // 50
        out += [f"## Area {section}", ""]
        if section % 4 == 3:
            out += ["| Title | Venue | Code | Notes |", "| --- | --- | --- | --- |"]
        for _ in range(50):
            index += 1
            shape = index % 5 if section % 4 != 3 else 5
            paper = index - 100 if index % 10 == 1 and index > 100 else index  # a repeat
            arxiv = f"{2100 + paper // 90000:04d}.{paper % 90000 + 10000:05d}"
            title = f"Synthetic Study {paper} of Editing Knowledge at Scale"
            out += _synthetic_lines(shape, index, title, arxiv)
        out.append("")
    return "\n".join(out[:lines]) + "\n"


def _synthetic_lines(shape: int, index: int, title: str, arxiv: str) -> list[str]:
    year, paper = 2000 + index % 20, f"https://arxiv.org/abs/{arxiv}"
    return [
        [f"- [tool-{index}](https://github.com/e/tool-{index}) - Does thing {index} well."],
        [f"- {title} (ICLR 2024) [[paper]]({paper}) [[code]](https://github.com/e/p{index})"],
        [f"- Group {index}", f"  - [{title}]({paper}). NeurIPS 2023."],
        [f"- **{title}** ({year}), A. Author, B. Writer [[pdf]]({paper.replace('abs', 'pdf')})"],
        [f"- {title} ({year}), C. Citer et al."],
        [f"| [{title}]({paper}) | ACL 2024 | [code](https://github.com/e/t{index}) | Shows it |"],
    ][shape]


def _child_cpu() -> float:
    """CPU seconds of finished child processes: on a shared machine, steadier than the clock."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_synthetic(lines: int) -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-import-lines-"))
    source = work / "README.md"
    source.write_text(synthetic_list(lines), encoding="utf-8")
    start, cpu = time.perf_counter(), _child_cpu()
    done = _run("import", str(source), "--into", str(work / "list"), "--min-kept", "0")
    seconds, cpu = time.perf_counter() - start, _child_cpu() - cpu
    summary = done.stdout.strip().splitlines()[-1:] or done.stderr.strip().splitlines()[-1:]
    print(
        f"{lines} lines imported in {seconds:.2f} s, {cpu:.2f} s of CPU (the whole CLI, "
        "Python's start and the validation of the written list included)"
    )
    print(f"    {summary[0] if summary else ''}")
    shutil.rmtree(work, ignore_errors=True)
    return done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the imported lists")
    parser.add_argument("--site", action="store_true", help="build the site too (slow)")
    parser.add_argument("--lines", type=int, help="time a synthetic list of N lines instead")
    args = parser.parse_args()
    if args.lines:
        return time_synthetic(args.lines)
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
