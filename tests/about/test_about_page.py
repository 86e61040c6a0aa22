""" "Om Vidensassistenten" and the widget's privacy facts say what the configuration does.

The page is rendered by vidensassistent/cli/about.py from data/about.yml; these tests render it
from the real data file (and from a changed copy, to see that the numbers follow).
"""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml

from vidensassistent.cli import about as about_script
from vidensassistent.integration import privacy
from vidensassistent.integration.about import load_about
from vidensassistent.settings import ROOT


class Claims(HTMLParser):
    """Text of every element with a data-claim (and data-kind / data-stored) attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.claims: dict = {}
        self.kinds: list = []
        self.stored: list = []
        self.headings: list = []
        self.links: list = []
        self._open: list = []  # (tag, claim name or None, heading?)
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-kind" in attrs:
            self.kinds.append(attrs["data-kind"])
        if "data-stored" in attrs:
            self.stored.append(attrs["data-stored"])
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag in ("meta", "link", "br"):
            return
        claim = attrs.get("data-claim")
        if claim:
            self.claims[claim] = ""
        self._open.append((tag, claim, tag in ("h1", "h2", "h3")))
        if tag in ("h1", "h2", "h3"):
            self.headings.append("")

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        for _, claim, heading in self._open:
            if claim:
                self.claims[claim] += data
            if heading:
                self.headings[-1] += data


def parse(html):
    parser = Claims()
    parser.feed(html)
    parser.claims = {k: " ".join(v.split()) for k, v in parser.claims.items()}
    parser.headings = [" ".join(h.split()) for h in parser.headings]
    parser.full_text = " ".join("".join(parser.text).split())
    return parser


@pytest.fixture(scope="module")
def about():
    return load_about()


@pytest.fixture(scope="module")
def page(about):
    return parse(about_script.render(about))


def changed_about(tmp_path, **changes):
    data = yaml.safe_load((ROOT / "data" / "about.yml").read_text(encoding="utf-8"))
    for key, value in changes.items():
        target = data
        *path, last = key.split("__")
        for part in path:
            target = target[part]
        target[last] = value
    path = tmp_path / "about.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_page_states_the_configured_retention_everywhere(page, about):
    days = about["retention_days"]
    assert page.claims["retention-days"] == str(days)
    # Every "N dage" on the page is the configured number (except the reply time to complaints).
    assert set(re.findall(r"(?<!inden for )\b(\d+) dage", page.full_text)) == {str(days)}


def test_the_page_and_the_widget_follow_a_changed_retention(tmp_path):
    path = changed_about(tmp_path, retention_days=45)
    about_script.main(
        [
            "--about",
            str(path),
            "--out",
            str(tmp_path / "web"),
            "--widget-settings",
            str(tmp_path / "widget.json"),
        ]
    )
    rendered = parse((tmp_path / "web" / "om.html").read_text(encoding="utf-8"))
    assert rendered.claims["retention-days"] == "45"
    assert set(re.findall(r"(?<!inden for )\b(\d+) dage", rendered.full_text)) == {"45"}
    assert json.loads((tmp_path / "widget.json").read_text())["retentionDays"] == 45


def test_make_purge_deletes_after_the_days_the_page_states(tmp_path, about):
    """`make purge` without DAYS uses retention_days; an override says it differs."""
    db = f"sqlite:///{tmp_path / 'none.db'}"
    run = subprocess.run(
        [sys.executable, "-m", "vidensassistent.cli.purge", "--db-url", db, "--dry-run"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"({about['retention_days']} dage)" in run.stdout
    assert "Bemærk" not in run.stdout
    dry = subprocess.run(
        ["make", "-n", "purge"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert "-m vidensassistent.cli.purge" in dry.stdout and "--days" not in dry.stdout
    override = subprocess.run(
        [sys.executable, "-m", "vidensassistent.cli.purge", "--db-url", db, "--dry-run", "--days", "7"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(7 dage)" in override.stdout
    assert f"siger {about['retention_days']} dage" in override.stdout


def test_the_page_lists_exactly_what_the_channels_remove(page):
    assert page.kinds == list(privacy.PLACEHOLDERS)
    for kind, placeholder in privacy.PLACEHOLDERS.items():
        assert placeholder in page.full_text, kind
    # ... and a message with each of them is stored with the placeholder (what the page says).
    redacted, found = privacy.redact(
        "Borgeren Mette Hansen bor på Vestergade 12, 2. tv., 8000 Aarhus C; "
        "ring 12 34 56 78 eller skriv til a@b.dk om 010203-1234"
    )
    assert set(found) == set(privacy.PLACEHOLDERS)
    assert all(p in redacted for p in privacy.PLACEHOLDERS.values())


def test_the_page_says_what_is_stored_where_for_how_long_and_who_reads_it(page):
    assert page.stored == ["text", "feedback", "answers", "ids", "browser"]
    assert "indholdsredaktørerne" in page.full_text.lower()
    assert "rapporten" in page.full_text
    assert '"Slet samtalen"' in page.full_text and '"Start forfra"' in page.full_text
    assert "Den forrige samtale slettes ikke herved" in page.full_text


def test_the_page_has_the_ai_notice_and_the_source(page):
    notice = page.claims["ai-notice"]
    for phrase in (
        "automatisk assistent",
        "ikke et menneske",
        "vidensnotatet fra 2013",
        "vejledning",
        "ikke afgørelser i konkrete sager",
    ):
        assert phrase in notice
    assert page.claims["source-year"] == "2013"
    assert "Mennesker, der prostituerer sig" in page.full_text


def test_the_accessibility_statement_has_the_danish_structure(page, about):
    for heading in (
        "Tilgængelighedserklæring",
        "Overholdelsesstatus",
        "Sådan er tilgængeligheden målt",
        "Kendte begrænsninger",
        "Feedback og kontaktoplysninger",
        "Håndhævelsesprocedure",
        "Udarbejdelse af erklæringen",
    ):
        assert heading in page.headings
    assert "WCAG 2.1 niveau AA" in page.claims["conformance"]
    assert "delvist" in page.claims["conformance"]
    assert "Digitaliseringsstyrelsen" in page.claims["enforcement"]
    assert about["accessibility"]["enforcement"]["url"] in page.links
    assert about["accessibility"]["report_email"] in page.full_text
    lock = json.loads((ROOT / "web" / "package-lock.json").read_text())
    assert page.claims["axe-version"] == lock["packages"]["node_modules/axe-core"]["version"]


def test_the_municipality_fills_in_the_controller_in_the_data_file(tmp_path):
    path = changed_about(tmp_path, controller__name="Aarhus <Kommune> & co", dpo__email="dpo@aarhus.dk")
    rendered = about_script.render(load_about(path))
    # Autoescaped, and shown where the page names the controller.
    assert "Aarhus &lt;Kommune&gt; &amp; co" in rendered and "<Kommune>" not in rendered
    assert "Aarhus <Kommune> & co" in parse(rendered).claims["controller"]
    assert "dpo@aarhus.dk" in rendered


def test_a_missing_or_wrong_retention_is_refused(tmp_path):
    with pytest.raises(ValueError, match="retention_days"):
        load_about(changed_about(tmp_path, retention_days="30 dage"))
