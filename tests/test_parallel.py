"""Rendering in worker processes: the same files, in the same order, as rendering here."""

from __future__ import annotations

import os

import pytest
from support.data import numbered_paper
from support.site import REPO

from generator.catalog.model import Catalog, Section
from generator.catalog.project import Project, open_catalog
from generator.render import parallel
from generator.render.pages import PAGE_SIZE, Pages, SiteSettings, render_site

needs_fork = pytest.mark.skipif(not parallel._can_fork(), reason="this system cannot fork")


def _catalog(count: int) -> Catalog:
    papers = tuple(
        numbered_paper(
            n,
            venue="ICLR",
            year=2015 + n % 9,
            section=("big", "small")[n % 2],
            method=("KD", "FT", "SFT")[n % 3],
            tags=(f"tag-{n % 5}",),
        )
        for n in range(count)
    )
    sections = (Section("big", "Big"), Section("small", "Small"))
    return Catalog(sections=sections, papers=papers, datasets=())


@needs_fork
def test_pieces_run_in_other_processes_and_come_back_in_order() -> None:
    pieces = [lambda n=n: (n, os.getpid()) for n in range(parallel.MIN_PIECES * 2)]
    results = parallel.run_all(pieces, workers=2)
    assert [n for n, _ in results] == list(range(len(pieces)))
    assert os.getpid() not in {pid for _, pid in results}


def test_a_piece_that_fails_in_a_worker_fails_here_with_its_own_error() -> None:
    def broken() -> int:
        raise ZeroDivisionError("the template divided by zero")

    pieces = [lambda: 1] * parallel.MIN_PIECES + [broken]
    with pytest.raises(ZeroDivisionError) as raised:
        parallel.run_all(pieces, workers=2)
    assert raised.traceback[-1].name == "broken"


def test_little_work_runs_here() -> None:
    pieces = [os.getpid] * (parallel.MIN_PIECES - 1)
    assert set(parallel.run_all(pieces, workers=4)) == {os.getpid()}


@needs_fork
def test_parallel_rendering_gives_the_files_of_serial_rendering() -> None:
    catalog = _catalog(20 * PAGE_SIZE)
    templates = Project(REPO).templates_dir
    settings = SiteSettings("Test list", "https://example.org/list/")
    assert len(Pages(catalog, templates, settings).pieces()) >= parallel.MIN_PIECES
    serial = render_site(catalog, templates, settings, workers=1)
    shared = render_site(catalog, templates, settings, workers=2)
    assert [f.path for f in shared.files] == [f.path for f in serial.files]
    assert shared == serial


@needs_fork
def test_the_list_of_this_repository_renders_the_same_in_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog, _ = open_catalog(Project(REPO))
    assert catalog is not None
    templates = Project(REPO).templates_dir
    settings = SiteSettings("Test list", "https://example.org/list/")
    serial = render_site(catalog, templates, settings, workers=1)
    monkeypatch.setattr(parallel, "MIN_PIECES", 1)  # a small list is otherwise rendered here
    assert render_site(catalog, templates, settings, workers=2) == serial
