"""Round trip: importing the original hand-written list gives every paper and dataset of it.

The seed is read in place from `../shared/seed/` beside the repository (never copied in);
the test skips without it, and fails without it when AWESOME_CI=1.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.importers.source import import_markdown

REPO = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; a git worktree in wt/NAME finds it one level further up.
_CANDIDATES = [
    base / "shared" / "seed" / "awesome-llm-knowledge-update.md"
    for base in (REPO.parent, REPO.parent.parent)
]
SEED = next((path for path in _CANDIDATES if path.is_file()), _CANDIDATES[0])

# (title as the seed writes it, landing page, venue, year, method tag, code)
SEED_PAPERS = [
    (
        "A Survey on Knowledge Distillation of Large Language Models",
        "https://arxiv.org/abs/2402.13116",
        "arXiv",
        2024,
        None,
        None,
    ),
    (
        "EasyEdit: An Easy-to-use Knowledge Editing Framework for Large Language Models",
        "https://arxiv.org/abs/2308.07269",
        "ACL",
        2024,
        None,
        "https://github.com/zjunlp/EasyEdit",
    ),
    (
        "When Scaling Meets LLM Finetuning: The Effect of Data, Model and Finetuning Method",
        "https://openreview.net/forum?id=5HCnKDeTws",
        "ICLR",
        2024,
        "FT",
        None,
    ),
    (
        "Injecting New Knowledge into Large Language Models via Supervised Fine-Tuning",
        "https://arxiv.org/abs/2404.00213",
        "arXiv",
        2024,
        "SFT",
        None,
    ),
    (
        "Distilling the knowledge in a neural network",
        "https://arxiv.org/abs/1503.02531",
        "arXiv",
        2015,
        "KD",
        None,
    ),
    (
        "Sequence-level knowledge distillation",
        "https://aclanthology.org/D16-1139/",
        "EMNLP",
        2016,
        "SeqKD",
        "https://github.com/harvardnlp/seq2seq-attn",
    ),
    (
        "LIMA: Less is more for alignment",
        "https://openreview.net/forum?id=KBMOKmX2he",
        "NeurIPS",
        2023,
        "SeqKD",
        None,
    ),
    (
        "Propagating Knowledge Updates to LMs Through Distillation",
        "https://proceedings.neurips.cc/paper_files/paper/2023/hash/"
        "932147114c48f8b04d41aebc0c631158-Abstract-Conference.html",
        "NeurIPS",
        2023,
        "Context Distillation",
        "https://github.com/shankarp8/knowledge_distillation",
    ),
    (
        "MiniLLM: Knowledge distillation of large language models",
        "https://openreview.net/forum?id=5h0qf7IBZZ",
        "ICLR",
        2024,
        "ReverseKD",
        "https://github.com/microsoft/LMOps/tree/main/minillm",
    ),
    (
        "Direct Preference Knowledge Distillation for Large Language Models",
        "https://arxiv.org/abs/2406.19774",
        "arXiv",
        2024,
        "PDKD",
        "https://aka.ms/dpkd",
    ),
]
# Named only by their code links in the seed: written as tools, their code link their url.
SEED_NAMES_ONLY = {
    "ROME": "https://github.com/kmeng01/rome",
    "MEND": "https://github.com/eric-mitchell/mend",
    "WISE": "https://github.com/zjunlp/EasyEdit/tree/main/easyeditor/models/wise",
}
# (dataset name, its paper's title, time)
SEED_DATASETS = [
    (
        "WikiData",
        "Evaluating the ripple effects of knowledge editing in language models",
        "a range of 250 days after July 2022",
    ),
    (
        "ECBD: Entity Cloze By Date",
        "Entity Cloze By Date: What LMs Know About Unseen Entities",
        "2017 to 2021",
    ),
    (
        "ENTITY INFERENCES",
        "Can LMs Learn New Entities from Descriptions? Challenges in "
        "Propagating Injected Knowledge",
        "real entity with definition sentences from the 2020 and 2021 subsets of ECBD + fake "
        "people information",
    ),
    (
        "Recent sporting events in Wikipedia articles",
        "Injecting New Knowledge into Large Language Models via Supervised Fine-Tuning",
        "5 events in 2023, 1 event in 2018",
    ),
]


@pytest.fixture(scope="module")
def seed() -> Path:
    if not SEED.is_file():
        if os.environ.get("AWESOME_CI") == "1":
            pytest.fail(f"{SEED} is missing; AWESOME_CI=1 requires the shared seed beside the repo")
        pytest.skip(f"no seed list at {SEED} (lay ../shared/ beside the repository)")
    return SEED


@pytest.fixture(scope="module")
def imported(seed: Path, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("seed") / "list"
    assert main(["import", str(seed), "--into", str(target)]) == 0
    return target


def test_every_seed_paper_is_written_with_the_seeds_facts(imported: Path) -> None:
    entries = yaml.safe_load((imported / "papers.yaml").read_text())["papers"]
    papers = [entry for entry in entries if entry.get("kind", "paper") == "paper"]
    by_title = {paper["title"]: paper for paper in papers}
    for title, url, venue, year, method, code in SEED_PAPERS:
        paper = by_title[title]
        assert (paper["url"], paper["venue"], paper["year"]) == (url, venue, year), title
        assert paper.get("method") == method, title
        assert paper.get("code") == code, title
    assert len(papers) == len(SEED_PAPERS)


def test_entries_named_only_by_code_links_are_written_as_tools(seed: Path, imported: Path) -> None:
    names = {e.title: e for e in import_markdown(seed, dates_from_git=False).entries}
    assert set(names) >= set(SEED_NAMES_ONLY)
    entries = yaml.safe_load((imported / "papers.yaml").read_text())["papers"]
    tools = {e["title"]: e for e in entries if e.get("kind") == "tool"}
    assert {title: tool["url"] for title, tool in tools.items()} == SEED_NAMES_ONLY
    assert all("venue" not in tool and "year" not in tool for tool in tools.values())


def test_the_seeds_facts_beyond_venue_and_year_come_through(imported: Path) -> None:
    entries = yaml.safe_load((imported / "papers.yaml").read_text())["papers"]
    by_title = {entry["title"]: entry for entry in entries}
    easyedit = by_title[SEED_PAPERS[1][0]]
    assert (easyedit["venue"], easyedit["year"], easyedit["track"]) == (
        "ACL",
        2024,
        "System Demonstrations",
    )
    assert by_title[SEED_PAPERS[0][0]]["date"] == "2024-02"  # "Arxiv 2402"


def test_the_seeds_paper_heading_gives_way_to_its_subsections(imported: Path) -> None:
    sections = yaml.safe_load((imported / "papers.yaml").read_text())["sections"]
    assert [s["title"] for s in sections] == ["Survey & Framework", "Paper List"]
    report = (imported / "import-report.md").read_text()
    assert "its subsections take its place" in report


def test_every_seed_dataset_is_written_with_its_paper_and_time(imported: Path) -> None:
    datasets = yaml.safe_load((imported / "datasets.yaml").read_text())["datasets"]
    assert [d["name"] for d in datasets] == [name for name, _, _ in SEED_DATASETS]
    papers = {
        p["id"]: p["title"]
        for p in yaml.safe_load((imported / "papers.yaml").read_text())["papers"]
    }
    for dataset, (_, title, time) in zip(datasets, SEED_DATASETS, strict=True):
        paper_title = (
            dataset["publication"]["title"]
            if "publication" in dataset
            else papers[dataset["paper"]]
        )
        assert paper_title == title
        assert dataset.get("time") == time


def test_the_signed_link_of_the_seed_is_published_without_its_token(imported: Path) -> None:
    text = (imported / "datasets.yaml").read_text()
    assert "token=" not in text
    assert "removed the expiring signature (token)" in (imported / "import-report.md").read_text()


def test_the_imported_seed_builds(imported: Path) -> None:
    assert main(["--root", str(imported), "build", "--no-site"]) == 0
