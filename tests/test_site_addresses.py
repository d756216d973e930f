"""list.yaml's `links` is the one place that says where a list lives: the site's address,
canonical links, sitemap, feed links and edit links follow from it."""

from __future__ import annotations

from pathlib import Path

from test_fields import ATTENTION

from generator import TOOL_URL, __version__
from generator.catalog.identity import identity_from_data
from generator.cli import main
from generator.net.session import user_agent
from generator.site.stage import addresses

SITE = "https://owner.github.io/awesome-things/"
REPOSITORY = "https://github.com/owner/awesome-things"
NAMED = {"title": "Awesome Things", "description": "Things."}
PAPER = ATTENTION + "    added: 2024-05-01\n"


def test_a_new_list_s_site_is_addressed_by_its_list_yaml(tmp_path: Path) -> None:
    root = tmp_path / "things"
    assert main(["init", str(root), "--title", "Awesome Things"]) == 0
    with (root / "list.yaml").open("a", encoding="utf-8") as identity:
        identity.write(f"links:\n  repository: {REPOSITORY}\n  site: {SITE}\n")
    papers = (root / "papers.yaml").read_text().replace("papers: []\n", "papers:\n" + PAPER)
    (root / "papers.yaml").write_text(papers)
    assert "site_url" not in (root / "mkdocs.yml").read_text()
    assert main(["--root", str(root), "build"]) == 0
    site = root / "site"
    assert f"<loc>{SITE}</loc>" in (site / "sitemap.xml").read_text()
    home = (site / "index.html").read_text()
    assert f'<link rel="canonical" href="{SITE}">' in home
    section = (site / "sections" / "entries" / "index.html").read_text()
    assert f'href="{REPOSITORY}/edit/main/papers.yaml"' in section
    feed = (site / "feed.xml").read_text()
    assert f'<link href="{SITE}sections/entries/#attention"/>' in feed


def test_mkdocs_yml_keeps_the_last_word_where_it_says_otherwise() -> None:
    settings = {"site_url": "https://mirror.example/", "repo_url": "https://git.example/x"}
    assert addresses(settings, SITE, REPOSITORY) == {}
    assert addresses({}, SITE, REPOSITORY) == {
        "site_url": SITE,
        "edit_uri": f"{REPOSITORY}/edit/main/",  # no repo_url: no widget asking GitHub's API
    }
    assert addresses({}, None, "https://gitlab.example/x") == {}


def test_the_user_agent_names_the_list_s_contact_from_list_yaml() -> None:
    by_mail = identity_from_data({**NAMED, "contact": {"email": "a@example.org", "url": SITE}})
    by_page = identity_from_data({**NAMED, "contact": {"url": REPOSITORY + "/issues"}})
    assert by_mail.reach == "a@example.org"
    assert user_agent(by_mail.reach, role="link-checker") == (
        f"listsmith-link-checker/{__version__} (mailto:a@example.org; +{TOOL_URL})"
    )
    assert by_page.reach == REPOSITORY + "/issues"
    assert identity_from_data(NAMED).reach == ""
    assert user_agent() == f"listsmith/{__version__} (+{TOOL_URL})"
