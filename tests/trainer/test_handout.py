"""`make handout`: the printable page holds every answer the assistant gives, word for word."""

import html
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import yaml

from vidensassistent.knowledge import load_knowledge
from vidensassistent.settings import ROOT

KNOWLEDGE = load_knowledge()


def assistant_answers():
    """topic -> answer texts, read the way Rasa reads the response files."""
    answers = {}
    for path in sorted((ROOT / "data/nlu/responses").glob("*.yml")):
        for name, variants in yaml.safe_load(path.read_text(encoding="utf-8"))["responses"].items():
            answers.setdefault(name.split("/", 1)[1], []).extend(v["text"] for v in variants)
    return answers


class HandoutParser(HTMLParser):
    """Collects, per <article data-topic>, the text of each answer as paragraphs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.topics = {}  # topic -> {"section": ..., "answers": [[paragraph, ...], ...], "area": ...}
        self.area = None
        self.topic = None
        self.in_answer = False
        self.paragraph = None
        self.resources = []
        self.toc_links = []
        self.in_nav = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "script", "link", "iframe") or attrs.get("src"):
            self.resources.append((tag, attrs))
        if tag == "nav":
            self.in_nav = True
        if tag == "a" and self.in_nav:
            self.toc_links.append(attrs.get("href"))
        if tag == "section" and "area" in (attrs.get("class") or ""):
            self.area = attrs["id"].removeprefix("omraade-")
        if tag == "article":
            self.topic = attrs["data-topic"]
            self.topics[self.topic] = {"section": attrs["data-section"], "answers": [], "area": self.area}
        if tag == "div" and attrs.get("class") == "answer":
            self.in_answer = True
            self.topics[self.topic]["answers"].append([])
        if tag == "p" and self.in_answer:
            self.paragraph = []
        if tag == "br" and self.paragraph is not None:
            self.paragraph.append("\n")

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_nav = False
        if tag == "p" and self.paragraph is not None:
            self.topics[self.topic]["answers"][-1].append("".join(self.paragraph).replace("\n\n", "\n"))
            self.paragraph = None
        if tag == "div" and self.in_answer:
            self.in_answer = False

    def handle_data(self, data):
        if self.paragraph is not None:
            self.paragraph.append(data.replace("\n", "") if data == "\n" else data)


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    out = tmp_path_factory.mktemp("handout")
    command = [sys.executable, "-m", "vidensassistent.cli.handout", "--out", str(out), "--pdf", "no"]
    subprocess.run(command, check=True, cwd=ROOT)
    page = (out / "handout.html").read_text(encoding="utf-8")
    parser = HandoutParser()
    parser.feed(page)
    return page, parser


def test_every_answer_is_in_the_handout_word_for_word(handout):
    _, parsed = handout
    answers = assistant_answers()
    assert set(parsed.topics) == set(answers)
    for topic, texts in answers.items():
        printed = ["\n\n".join(paragraphs) for paragraphs in parsed.topics[topic]["answers"]]
        assert printed == [text.strip() for text in texts], topic


def test_every_answer_shows_its_source_section_under_its_area(handout):
    _, parsed = handout
    for topic in KNOWLEDGE.topics.values():
        printed = parsed.topics[topic.id]
        assert printed["section"] == topic.section
        assert printed["area"] == topic.area
        assert f"afsnittet '{topic.section}'" in printed["answers"][0][-1]


def test_areas_and_topics_come_in_the_assistant_order_with_a_table_of_contents(handout):
    page, parsed = handout
    assert list(parsed.topics) == list(KNOWLEDGE.topics)
    assert [link for link in parsed.toc_links if not link.startswith("#omraade-")] == [
        f"#{topic}" for topic in KNOWLEDGE.topics
    ]
    for area_title in KNOWLEDGE.areas.values():
        assert html.escape(area_title, quote=False) in page


def test_the_page_is_self_contained_and_printable(handout):
    page, parsed = handout
    assert parsed.resources == []
    assert "http://" not in page and "https://" not in page
    assert '<html lang="da">' in page and '<meta charset="utf-8">' in page
    assert "@page" in page and "break-before: page" in page


def test_titles_and_answers_are_escaped_and_kept_word_for_word():
    from vidensassistent.cli.handout import Entry, Group, render

    answer = "Svar med <b>fed</b> & \"citat\"\nanden linje\n\nKilde: Vidensnotatet, afsnittet 'A & B'"
    texts = yaml.safe_load((ROOT / "data/knowledge/handout.yml").read_text(encoding="utf-8"))
    group = Group("x", "Område <script>", [Entry("t", "Titel & <i>", "A & B", [answer])])
    page = render([group], texts, "01.12.2026")
    assert "<script>" not in page and "<b>" not in page and "<i>" not in page
    assert "Område &lt;script&gt;" in page and "Titel &amp; &lt;i&gt;" in page
    parser = HandoutParser()
    parser.feed(page)
    assert ["\n\n".join(p) for p in parser.topics["t"]["answers"]] == [answer]
    assert parser.topics["t"]["section"] == "A & B"
