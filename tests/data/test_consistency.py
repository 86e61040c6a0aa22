"""The rules that keep the tour, the quiz and the declines in line with the FAQ answers (issue 16).

1. The tour and the quiz never state more than the FAQ answer on the same topic.
   Every tour section and quiz item names the topic(s) it summarises (`topics:` in
   tour.yml / quiz.yml, ids of topics.yml), and every number (so also every
   percentage, amount and year), city and initiative name in it also appears in
   the answer text of one of those topics (`utter_faq/<topic>`).

2. Every text with a figure, amount, legal statement or offer carries the 2013
   caveat: its own, or that of the answer it is part of. What counts:

   - a figure: a number that is not a year (3.483, 41 %, 50.000 kr., 14 dage,
     § 10, under 18 år) or a share in words (halvdelen, to tredjedele, samtlige);
   - a legal statement: a mention of a law or a legal status (serviceloven, §,
     straffeloven, formålsvejledningen, lovligt/ulovligt, (af)kriminaliseret,
     skattepligtig, momsregistreret, skat, rufferi, anerkendt erhverv,
     retstilstand);
   - an offer: the name of one of the note's four initiatives;
   - the caveat: a phrase that dates the text to the note, "… fra 2013" (also "fra
     notatet fra 2013"), "… udkom i 2013" or "som <de/loven/…> var i 2013" / "som
     notatet beskriver den i 2013". A bare "2013" ("igangsættes i 2013") is not one.

   The unit that must carry the caveat: a tour section's summary; a quiz item's
   explanation (it is shown with the right answer, so it must carry the caveat
   for the question, the right option and itself); a whole referral answer or
   follow-up answer as the assistant sends it; a decline (`utter_not_covered_*`);
   a FAQ answer.
"""

import re
from itertools import product

import pytest
import yaml

from actions.referral.catalog import load_catalog
from actions.referral.logic import Situation, refer
from actions.referral.text import aspect_answer, city_answer, form_answer, gender_answer, render_referral
from vidensassistent.knowledge import load_knowledge
from vidensassistent.settings import ROOT

KNOWLEDGE = load_knowledge()
CATALOG = load_catalog()


def _yaml(path):
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def _faq_answers():
    answers = {}
    for path in sorted((ROOT / "data/nlu/responses").glob("*.yml")):
        for name, variants in yaml.safe_load(path.read_text(encoding="utf-8"))["responses"].items():
            answers[name.split("/", 1)[1]] = " ".join(v["text"] for v in variants)
    return answers


ANSWERS = _faq_answers()
TOUR = _yaml("data/knowledge/tour.yml")["sections"]
QUIZ = _yaml("data/knowledge/quiz.yml")["questions"]
DOMAIN_RESPONSES = _yaml("domain.yml")["responses"]


# --- what a text states -------------------------------------------------------------------

NUMBER = re.compile(r"\d+(?:\.\d{3})*(?:,\d+)?")


def _cities():
    """Every place name the NLU knows (data/nlu/referral.yml), mapped to one spelling."""
    nlu = _yaml("data/nlu/referral.yml")["nlu"]
    canonical = {}
    for item in nlu:
        if item.get("lookup") == "city":
            for line in item["examples"].splitlines():
                name = line.strip()[2:].strip()
                if name:
                    canonical.setdefault(name, name)
    for item in nlu:
        if "synonym" in item:
            for line in item["examples"].splitlines():
                name = line.strip()[2:].strip()
                if name in canonical:
                    canonical[name] = item["synonym"]
    return canonical


CITIES = _cities()
# Each initiative by its full name and by its first word ("Reden", "Hanne", "Exit").
INITIATIVE_NAMES = {
    alias: initiative.id
    for initiative in CATALOG.initiatives.values()
    for alias in {initiative.name, initiative.name.split()[0]}
}


def _named(names, text):
    """Canonical values of the names (case-sensitive, whole words) that occur in the text."""
    return {value for name, value in names.items() if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)}


def facts(text):
    return (
        {("tal", n) for n in NUMBER.findall(text)}
        | {("by", c) for c in _named(CITIES, text)}
        | {("initiativ", i) for i in _named(INITIATIVE_NAMES, text)}
    )


FIGURE = re.compile(
    r"(?<![\d.])(?!(?:19|20)\d\d(?!\d))\d+|\bhalvdelen\b|\btredjedel|\bfjerdedel|\btiendedel|\bsamtlige\b",
    re.IGNORECASE,
)
LEGAL = re.compile(
    r"servicelov|§|straffelov|formålsvejledning|\b(?:u?lovlig|(?:af)?kriminaliser|skattepligt|momsregistr|rufferi"
    r"|anerkendt erhverv|retstilstand)|\bskat\b",
    re.IGNORECASE,
)
CAVEAT = re.compile(r"\b(?:fra|udkom i|som \w+ var i|som notatet beskriver \w+ i) 2013\b")


def needs_caveat(text):
    """Why the text must carry the 2013 caveat (None: it need not)."""
    for kind, pattern in (("tal", FIGURE), ("lovstof", LEGAL)):
        found = pattern.search(text)
        if found:
            return f"{kind}: {found.group(0)}"
    offers = _named(INITIATIVE_NAMES, text)
    return f"tilbud: {sorted(offers)[0]}" if offers else None


def _missing_caveat(text, shown=None):
    """The reason `text` needs a caveat that `shown` (default: the text) lacks."""
    reason = needs_caveat(text)
    return reason if reason and not CAVEAT.search(shown if shown is not None else text) else None


# --- the rules work as described --------------------------------------------------------------


@pytest.mark.parametrize(
    "text,caveat",
    [
        ("Bemærk: Tallene er fra 2011 og kan have ændret sig siden notatet udkom i 2013.", True),
        ("Oplysningerne er fra notatet fra 2013.", True),
        ("(reglerne, som de var i 2013)", True),
        ("(retstilstanden, som notatet beskriver den i 2013)", True),
        ("Exit Prostitution igangsættes i 2013 i København.", False),
        ("uafklaret finansiering efter 2013", False),
    ],
)
def test_what_counts_as_the_2013_caveat(text, caveat):
    assert bool(CAVEAT.search(text)) is caveat


@pytest.mark.parametrize(
    "text,needs",
    [
        ("41 % havde været udsat for vold", True),
        ("over 50.000 kr. årligt", True),
        ("ca. halvdelen er af anden etnisk herkomst", True),
        ("Servicelovens § 10 vedrører rådgivningen", True),
        ("rufferi er ulovligt", True),
        ("Reden KFUK dækker basale behov", True),
        ("Socialstyrelsen definerede begrebet i 2010", False),
        ("Implementering fremmes gennem tre drivkræfter", False),
    ],
)
def test_what_needs_the_caveat(text, needs):
    assert bool(needs_caveat(text)) is needs


def test_facts_are_numbers_cities_and_initiatives():
    found = facts("I 2011 oplyste 41 % i Aarhus og København, at Reden KFUK og Exit hjalp.")
    assert found == {
        ("tal", "2011"),
        ("tal", "41"),
        ("by", "Århus"),
        ("by", "København"),
        ("initiativ", "reden"),
        ("initiativ", "exit_prostitution"),
    }


# --- rule 1: the tour and the quiz state no more than the FAQ answers -------------------------


def _topics_of(entry):
    topics = entry.get("topics") or []
    assert topics, f"{entry['id']} names no topics"
    unknown = set(topics) - set(KNOWLEDGE.topics)
    assert not unknown, f"{entry['id']}: unknown topics {unknown}"
    return topics


def _beyond_the_answers(text, topics):
    answered = set().union(*(facts(ANSWERS[t]) for t in topics))
    return sorted(facts(text) - answered)


@pytest.mark.parametrize("section", TOUR, ids=lambda s: s["id"])
def test_tour_section_states_nothing_beyond_its_topics_answers(section):
    assert _beyond_the_answers(section["summary"], _topics_of(section)) == []


def _quiz_text(question):
    correct = question["options"]["ABCD".index(question["correct"])]
    return " ".join([question["question"], correct, question["explanation"]])


@pytest.mark.parametrize("question", QUIZ, ids=lambda q: q["id"])
def test_quiz_item_states_nothing_beyond_its_topics_answers(question):
    assert _beyond_the_answers(_quiz_text(question), _topics_of(question)) == []


# --- rule 2: figures, law and offers carry the 2013 caveat -------------------------------------


@pytest.mark.parametrize("section", TOUR, ids=lambda s: s["id"])
def test_tour_section_carries_the_caveat(section):
    assert _missing_caveat(section["summary"]) is None


@pytest.mark.parametrize("question", QUIZ, ids=lambda q: q["id"])
def test_quiz_explanation_carries_the_caveat(question):
    assert _missing_caveat(_quiz_text(question), shown=question["explanation"]) is None


@pytest.mark.parametrize("topic", sorted(ANSWERS))
def test_faq_answer_carries_the_caveat(topic):
    assert _missing_caveat(ANSWERS[topic]) is None


@pytest.mark.parametrize("response", sorted({rule.response for rule in KNOWLEDGE.not_covered}))
def test_decline_carries_the_caveat(response):
    for variant in DOMAIN_RESPONSES[response]:
        assert _missing_caveat(variant["text"]) is None


def _situations():
    needs = [[n] for n in CATALOG.labels["need"]] + [["overnight_food", "exit"]]
    for need, city, gender, form, background in product(
        needs,
        ["København", "Aalborg", "Tarm", "other", "unknown"],
        ["female", "male", None],
        ["street", "clinic", None],
        [None, "foreign"],
    ):
        facts = {"need": need, "city": city, "gender": gender, "prostitution_form": form}
        yield Situation().with_facts({**facts, "background": background})
    yield Situation().with_facts({"need": ["overnight_food"], "age": "16 år"})
    yield Situation().with_facts({"coercion": "coerced"})
    yield Situation().with_facts({"need": ["exit"], "age": "17", "coercion": "coerced"})


def test_every_referral_answer_carries_the_caveat():
    missing = []
    for situation in _situations():
        answer = "\n\n".join(render_referral(refer(situation, CATALOG), situation, CATALOG))
        if _missing_caveat(answer):
            missing.append((situation, _missing_caveat(answer)))
    assert missing == []


@pytest.mark.parametrize("initiative", list(CATALOG.initiatives), ids=str)
def test_every_follow_up_about_an_initiative_carries_the_caveat(initiative):
    offer = CATALOG.initiatives[initiative]
    answers = [aspect_answer(offer, aspect, CATALOG) for aspect, _ in CATALOG.followup_aspects]
    answers += [aspect_answer(offer, None, CATALOG)]
    answers += [city_answer(offer, city, CATALOG, []) for city in ("Odense", "Aalborg", "Tarm")]
    answers += [gender_answer(offer, gender, CATALOG) for gender in ("female", "male")]
    answers += [form_answer(offer, form, CATALOG) for form in ("street", "clinic")]
    assert [a for a in answers if _missing_caveat(a)] == []
