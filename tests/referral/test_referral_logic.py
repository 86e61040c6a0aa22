"""Matching the citizen's situation to the note's four initiatives
(actions/referral: catalog, logic, facts, text, followup)."""

import pytest
import yaml

from actions.referral.catalog import load_catalog
from actions.referral.facts import facts_from_entities
from actions.referral.followup import (
    ABOUT_INITIATIVE,
    ASK_WHICH,
    REFERRAL,
    START_QUESTIONS,
    reply_to_followup,
)
from actions.referral.logic import (
    NOT_PROSTITUTION,
    Situation,
    followup_aspect,
    free_text_answer,
    missing_facts,
    refer,
)
from actions.referral.text import render_referral
from vidensassistent.knowledge import load_knowledge
from vidensassistent.settings import ROOT

INITIATIVE_NAMES = ["Kompetencecenter Prostitution", "Exit Prostitution", "Reden KFUK", "Hanne Mariehjemmet"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def situation(**facts):
    return Situation().with_facts(facts)


def answer(catalog, **facts):
    s = situation(**facts)
    return "\n\n".join(render_referral(refer(s, catalog), s, catalog))


def ranked_ids(catalog, **facts):
    return [c.initiative.id for c in refer(situation(**facts), catalog).matches]


# --- every initiative can be the answer ---------------------------------------------


@pytest.mark.parametrize(
    "facts,best",
    [
        ({"need": ["counselling"], "prostitution_form": "clinic"}, "kompetencecenter"),
        ({"need": ["prevention_young"]}, "kompetencecenter"),
        ({"need": ["exit"], "city": "Aalborg", "gender": "male"}, "exit_prostitution"),
        (
            {"need": ["overnight_food"], "gender": "female", "prostitution_form": "street", "city": "Odense"},
            "reden",
        ),
        ({"need": ["drug_break"], "gender": "female", "city": "Esbjerg"}, "hanne_mariehjemmet"),
    ],
)
def test_every_initiative_is_reachable_as_the_best_fit(catalog, facts, best):
    assert ranked_ids(catalog, **facts)[0] == best
    name = catalog.initiatives[best].name
    assert f"1. {name}" in answer(catalog, **facts)


# --- Reden is not in Aalborg ------------------------------------------------------------


def test_a_woman_on_the_street_in_aalborg_is_told_reden_is_not_there_and_what_is(catalog):
    text = answer(
        catalog, need=["overnight_food"], gender="female", prostitution_form="street", city="Aalborg"
    )
    assert (
        ranked_ids(
            catalog, need=["overnight_food"], gender="female", prostitution_form="street", city="Aalborg"
        )
        == []
    )
    assert "Reden KFUK findes ifølge notatet kun i København, Odense og Århus – ikke i Aalborg." in text
    assert "I Aalborg nævner notatet: Exit Prostitution" in text
    # Hanne Mariehjemmet would do if she comes from the drug environment: said as a condition.
    assert "Hvis borgeren kommer fra stofmisbrugsmiljøet: Hanne Mariehjemmet" in text
    # The municipality can still help over immediate difficulties.
    assert "hjælpe borgeren over øjeblikkelige vanskeligheder" in text


def test_in_aarhus_the_same_woman_gets_reden(catalog):
    assert ranked_ids(
        catalog, need=["overnight_food"], gender="female", prostitution_form="street", city="Århus"
    ) == ["reden"]


@pytest.mark.parametrize(
    "facts,reason",
    [
        (
            {"gender": "male", "prostitution_form": "street", "city": "Odense"},
            "Reden KFUK er ifølge notatet kun for kvinder.",
        ),
        (
            {"gender": "female", "prostitution_form": "clinic", "city": "Odense"},
            "Reden KFUK er ifølge notatet for kvinder, der prostituerer sig på gaden.",
        ),
    ],
)
def test_reden_is_ruled_out_with_the_notes_reason(catalog, facts, reason):
    text = answer(catalog, need=["overnight_food"], **facts)
    assert "reden" not in ranked_ids(catalog, need=["overnight_food"], **facts)
    assert reason in text


# --- not prostitution under the definition ----------------------------------------------


@pytest.mark.parametrize("age", ["16 år", "17-årig", "hun er 15", "minor"])
def test_a_person_under_18_gets_the_criminal_law_answer_and_no_offer(catalog, age):
    s = situation(need=["overnight_food"], gender="female", age=age)
    referral = refer(s, catalog)
    assert referral.kind == NOT_PROSTITUTION and not referral.matches
    assert missing_facts(s, catalog) == []
    text = answer(catalog, need=["overnight_food"], gender="female", age=age)
    assert "under 18 år" in text and "straffeloven" in text
    assert "Notatet beskriver ikke, hvordan den slags sager skal håndteres." in text
    # No offer; the note mentions young people only for the competence centre's prevention work.
    assert "passer" not in text
    assert "Kompetencecenter Prostitution arbejder forebyggende med oplysningsarbejde" in text
    assert not any(name in text for name in INITIATIVE_NAMES if name != "Kompetencecenter Prostitution")


def test_an_adult_age_changes_nothing(catalog):
    assert ranked_ids(catalog, need=["exit"], city="Odense", age="18 år") == [
        "exit_prostitution",
        "kompetencecenter",
    ]
    assert "25 år" in answer(catalog, need=["exit"], city="Odense", age="hun er 25")


def test_someone_forced_by_others_gets_the_criminal_law_answer_even_before_the_need_is_known(catalog):
    s = situation(coercion="coerced", city="København")
    assert missing_facts(s, catalog) == []
    text = answer(catalog, coercion="coerced", city="København")
    assert "tvinges af andre" in text and "menneskehandel" in text and "straffeloven" in text
    assert "Notatet beskriver ikke, hvordan den slags sager skal håndteres." in text
    assert "Kilde: Vidensnotatet, afsnittet 'Definition af prostitution'" in text
    assert not any(name in text for name in INITIATIVE_NAMES)


# --- cities the note does not name --------------------------------------------------------


def test_a_city_the_note_does_not_name_gets_only_the_nationwide_offers(catalog):
    text = answer(catalog, need=["exit"], city="Tarm")
    assert ranked_ids(catalog, need=["exit"], city="Tarm") == ["kompetencecenter"]
    assert (
        "Exit Prostitution findes ifølge notatet kun i København, Odense, Århus og Aalborg – ikke i Tarm."
        in text
    )


def test_somewhere_else_than_the_four_cities(catalog):
    text = answer(catalog, need=["exit"], city="other")
    assert "Exit Prostitution findes ifølge notatet kun i København, Odense, Århus og Aalborg." in text


def test_an_unknown_city_makes_the_city_bound_offer_conditional(catalog):
    text = answer(catalog, need=["exit"], city="unknown")
    assert ranked_ids(catalog, need=["exit"], city="unknown") == ["kompetencecenter"]
    assert "Hvis borgeren er i København, Odense, Århus eller Aalborg: Exit Prostitution" in text


# --- several fitting offers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "facts,expected",
    [
        (
            {"need": ["counselling"], "prostitution_form": "clinic", "city": "Odense"},
            ["kompetencecenter", "exit_prostitution"],
        ),
        ({"need": ["exit"], "city": "Århus"}, ["exit_prostitution", "kompetencecenter"]),
        (
            {
                "need": ["overnight_food"],
                "gender": "female",
                "prostitution_form": "street",
                "city": "København",
                "drug_use": "yes",
            },
            ["reden", "hanne_mariehjemmet"],
        ),
        (
            {
                "need": ["overnight_food", "exit"],
                "gender": "female",
                "prostitution_form": "street",
                "city": "Odense",
            },
            ["exit_prostitution", "reden", "kompetencecenter"],
        ),
    ],
)
def test_several_offers_are_all_shown_best_first_with_one_line_of_why_each(catalog, facts, expected):
    assert ranked_ids(catalog, **facts) == expected
    text = answer(catalog, **facts)
    assert "Disse tilbud i notatet passer, bedste først:" in text
    lines = [line for line in text.splitlines() if line[:2] in {f"{i}." for i in range(1, 5)}]
    assert [line.split(" (")[0][3:] for line in lines] == [catalog.initiatives[i].name for i in expected]
    for line in lines:
        assert " – " in line and line.endswith(".")


def test_the_clinic_focus_ranks_the_competence_centre_first(catalog):
    street = ranked_ids(catalog, need=["counselling"], prostitution_form="street", city="Odense")
    clinic = ranked_ids(catalog, need=["counselling"], prostitution_form="clinic", city="Odense")
    assert street[0] == clinic[0] == "kompetencecenter"
    assert (
        refer(situation(need=["counselling"], prostitution_form="clinic"), catalog).matches[0].score
        > refer(situation(need=["counselling"], prostitution_form="street"), catalog).matches[0].score
    )


def test_exit_is_not_offered_to_a_citizen_of_foreign_background_and_the_answer_says_why(catalog):
    # The note's target group for Exit Prostitution is "Danskere", without Reden's "primært".
    text = answer(catalog, need=["exit"], city="Odense", background="foreign")
    assert ranked_ids(catalog, need=["exit"], city="Odense", background="foreign") == ["kompetencecenter"]
    assert "1. Exit Prostitution" not in text and "1. Kompetencecenter Prostitution" in text
    assert "Notatet nævner kun danskere i målgruppen for Exit Prostitution." in text
    # A Danish or unstated background changes nothing.
    for background in ("danish", None):
        assert ranked_ids(catalog, need=["exit"], city="Odense", background=background) == [
            "exit_prostitution",
            "kompetencecenter",
        ]


def test_reden_keeps_a_woman_of_foreign_background_but_says_what_the_note_says(catalog):
    # Reden's target group is women "primært med dansk etnisk baggrund": ranked lower, not excluded.
    facts = dict(need=["overnight_food"], gender="female", prostitution_form="street", city="Odense")
    assert ranked_ids(catalog, background="foreign", **facts) == ["reden"]
    text = answer(catalog, background="foreign", **facts)
    assert "Målgruppen er ifølge notatet primært kvinder med dansk etnisk baggrund." in text
    assert (
        refer(situation(background="foreign", **facts), catalog).matches[0].score
        < refer(situation(**facts), catalog).matches[0].score
    )


# --- the municipality's own duty and the date of the facts ----------------------------------


@pytest.mark.parametrize("need", ["overnight_food", "drug_break", "exit", "counselling", "prevention_young"])
def test_every_answer_states_the_duty_under_serviceloven_10_and_that_the_facts_are_from_2013(catalog, need):
    text = answer(catalog, need=[need], gender="female", city="Odense", prostitution_form="street")
    assert "Efter servicelovens § 10" in text
    assert "Oplysningerne om tilbuddene er fra notatet fra 2013" in text
    assert "Kilde: Vidensnotatet" in text


def test_wanting_out_adds_the_formaalsvejledning(catalog):
    assert "formålsvejledningen til serviceloven" in answer(catalog, need=["exit"], city="Odense")
    assert "formålsvejledningen" not in answer(catalog, need=["counselling"], city="Odense")


# --- what the form asks for ------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts,asked",
    [
        ({}, ["need"]),
        ({"need": ["overnight_food"]}, ["city", "gender", "prostitution_form"]),
        ({"need": ["overnight_food"], "city": "Aalborg"}, []),  # Reden is not there: nothing decides more
        ({"need": ["overnight_food"], "city": "Odense", "gender": "unknown"}, ["prostitution_form"]),
        ({"need": ["drug_break"]}, ["gender"]),
        ({"need": ["exit"]}, ["city"]),
        ({"need": ["counselling"]}, []),
        ({"need": ["prevention_young"]}, []),
        ({"age": "16"}, []),
    ],
)
def test_only_the_facts_that_decide_the_answer_are_asked(catalog, facts, asked):
    assert missing_facts(situation(**facts), catalog) == asked


@pytest.mark.parametrize(
    "fact,text,value",
    [
        ("city", "Tarm", "Tarm"),
        ("city", "hun bor i tarm", "Tarm"),
        ("city", "ved ikke", "unknown"),
        ("city", "Det ved jeg ikke", "unknown"),
        ("city", "et andet sted", "other"),
        ("city", "hvad er Reden?", None),
        ("city", "hun står på gaden", None),
        ("city", "hun er fra Thyborøn", "Thyborøn"),
        ("city", "reden", None),
        ("gender", "ved ikke", "unknown"),
        ("gender", "Tarm", None),
        ("prostitution_form", "aner det ikke", "unknown"),
    ],
)
def test_typed_answers_the_extractor_does_not_know(catalog, fact, text, value):
    assert free_text_answer(fact, text, catalog) == value


# --- follow-ups --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,aspect",
    [
        ("hvor findes det?", "where"),
        ("hvem kan bruge det?", "who"),
        ("hvor længe kan hun være der?", "stay"),
        ("er det permanent?", "funding"),
        ("hvem kontakter man?", "contact"),
        ("virker det?", "effect"),
        ("hvad går det ud på?", "purpose"),
    ],
)
def test_follow_up_aspects(catalog, text, aspect):
    assert followup_aspect(text, catalog) == aspect


def test_follow_ups_about_the_initiative_in_context(catalog):
    reden, hanne = catalog.initiatives["reden"], catalog.initiatives["hanne_mariehjemmet"]
    where = reply_to_followup("hvor findes det?", {}, Situation(), reden, catalog)
    assert where.kind == ABOUT_INITIATIVE and "København, Odense og Århus" in where.messages[0]
    who = reply_to_followup("hvem kan bruge det?", {}, Situation(), hanne, catalog)
    assert "Kvinder fra stofmisbrugsmiljøet i hele Danmark" in who.messages[0]
    odense = reply_to_followup("og i Odense?", {"city": "Odense"}, Situation(), reden, catalog)
    assert odense.messages[0].startswith("Ja, Reden KFUK findes ifølge notatet i Odense.")
    aalborg = reply_to_followup("og i Aalborg?", {"city": "Aalborg"}, Situation(), reden, catalog)
    assert aalborg.messages[0].startswith(
        "Nej, Reden KFUK findes ifølge notatet kun i København, Odense og Århus"
    )
    assert "I Aalborg nævner notatet: Exit Prostitution" in aalborg.messages[0]
    men = reply_to_followup("kan mænd også bruge det?", {"gender": "male"}, Situation(), reden, catalog)
    assert "kun for kvinder" in men.messages[0]
    funding = reply_to_followup(
        "er det permanent?", {}, Situation(), catalog.initiatives["exit_prostitution"], catalog
    )
    assert "2012–2015" in funding.messages[0] and "2012-1015" in funding.messages[0]
    assert all("2013" in reply.messages[0] for reply in (where, who, odense, aalborg, men, funding))


def test_a_new_city_for_the_citizen_in_context_gives_a_new_referral(catalog):
    aarhus = situation(need=["overnight_food"], gender="female", prostitution_form="street", city="Århus")
    reply = reply_to_followup(
        "og i Aalborg?", {"city": "Aalborg"}, aarhus, catalog.initiatives["reden"], catalog
    )
    assert reply.kind == REFERRAL and reply.situation.city == "Aalborg" and reply.initiative is None
    assert "ikke i Aalborg" in reply.messages[0]
    back = reply_to_followup("og i Odense?", {"city": "Odense"}, reply.situation, None, catalog)
    assert back.initiative.id == "reden"


def test_a_follow_up_without_anything_in_context_asks_which_offer_is_meant(catalog):
    assert reply_to_followup("hvor findes det?", {}, Situation(), None, catalog).kind == ASK_WHICH
    assert (
        reply_to_followup("hun er på gaden i Odense", {"city": "Odense"}, Situation(), None, catalog).kind
        == START_QUESTIONS
    )


def test_a_request_for_an_offer_with_nothing_in_context_starts_the_questions(catalog):
    reply = reply_to_followup("hvor kan jeg henvise?", {}, Situation(), None, catalog, asks_for_offer=True)
    assert reply.kind == START_QUESTIONS


# --- the data says what the note says --------------------------------------------------------


def test_initiatives_data_holds_the_notes_facts(catalog):
    initiatives = catalog.initiatives
    assert list(initiatives) == ["kompetencecenter", "exit_prostitution", "reden", "hanne_mariehjemmet"]
    assert initiatives["kompetencecenter"].funding_text == "permanent bevilling"
    assert initiatives["reden"].funding_text == "permanent bevilling"
    exit_ = initiatives["exit_prostitution"]
    assert (exit_.funding_period, exit_.funding_as_printed) == ("2012–2015", "2012-1015")
    assert initiatives["hanne_mariehjemmet"].funding_text == "uafklaret finansiering efter 2013"
    assert initiatives["hanne_mariehjemmet"].stay == "ophold af maksimalt 14 dages varighed"
    assert initiatives["reden"].cities == ("København", "Odense", "Århus")
    assert exit_.cities == ("København", "Odense", "Århus", "Aalborg")
    assert (
        initiatives["kompetencecenter"].contact
        == "Kompetencecenter Prostitution, Socialstyrelsens Voksenenhed"
    )
    assert catalog.as_of == 2013


def test_every_initiative_links_to_its_faq_topic(catalog):
    topics = load_knowledge().topics
    for initiative in catalog.initiatives.values():
        assert initiative.faq_topic in topics


def test_nlu_values_and_knowledge_values_agree(catalog):
    """The synonyms in data/nlu/referral.yml produce exactly the values the data uses."""
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "referral.yml").read_text(encoding="utf-8"))["nlu"]
    synonyms = {item["synonym"] for item in nlu if "synonym" in item}
    needs = {need for i in catalog.initiatives.values() for need in i.needs}
    assert needs == set(catalog.labels["need"]) <= synonyms
    assert {"female", "male"} <= synonyms
    assert set(catalog.labels["prostitution_form"]) - {"other"} <= synonyms
    cities = {city for i in catalog.initiatives.values() for city in i.cities}
    lookup = {
        e.strip()[2:]
        for item in nlu
        if item.get("lookup") == "city"
        for e in item["examples"].splitlines()
        if e.strip()
    }
    assert cities <= (synonyms | lookup)


def test_the_age_of_the_citizens_child_is_not_the_citizens_age():
    text = "45-årig mor til en 15-årig søn sælger sex fra sin lejlighed"
    entities = [
        {"entity": "age", "value": "45", "start": 0, "end": 8},
        {"entity": "age", "value": "15", "start": 19, "end": 26},
    ]
    assert facts_from_entities(entities, text) == {"age": "45"}
    alone = "en 15-årig sælger sex"
    age = {"entity": "age", "value": "15", "start": 3, "end": 10}
    assert facts_from_entities([age], alone) == {"age": "15"}


@pytest.mark.parametrize(
    "text,entity,value",
    [
        ("Borgeren mødte sin kæreste som 16-årig, og nu sælger hun sex på egen hånd", "age", "16"),
        ("Hun sælger sex og bor i en 17 år gammel campingvogn", "age", "17"),
        ("Hun er tvunget til at flytte pga. renovering og vil fortsætte sin klinik", "coercion", "coerced"),
    ],
)
def test_an_age_under_18_or_a_coercion_the_safety_cues_do_not_confirm_is_no_fact(text, entity, value):
    word = {"16": "16-årig", "17": "17 år", "coerced": "tvunget"}[value]
    start = text.index(word)
    found = {"entity": entity, "value": value, "start": start, "end": start + len(word)}
    assert entity not in facts_from_entities([found], text)
    # the same entity where the cues agree stays a fact
    assert facts_from_entities([found], "hun er " + word + " og sælger sex")[entity] == value


@pytest.mark.parametrize(
    "text,word",
    [
        ("Hun sælger sex på en klinik og drikker meget, men tager ikke stoffer", "stoffer"),
        ("behov for overnatning, kvinde, prostitution, aalborg, intet misbrug", "misbrug"),
    ],
)
def test_a_denied_drug_use_rules_out_hanne_mariehjemmet_even_for_a_break(catalog, text, word):
    start = text.index(word)
    found = {"entity": "drug_use", "value": "yes", "start": start, "end": start + len(word)}
    facts = facts_from_entities([found], text)
    assert facts["drug_use"] == "no"
    # "et par ugers pause" reads as the need for a break, but the note's break is
    # for women from the drug environment
    assert "hanne_mariehjemmet" not in ranked_ids(catalog, need=["drug_break"], gender="female", **facts)
    assert "hanne_mariehjemmet" in ranked_ids(catalog, need=["drug_break"], gender="female")
    # the word without a denial stays a drug use
    assert (
        facts_from_entities([found], text.replace("ikke ", "").replace("intet ", "et "))["drug_use"] == "yes"
    )


def test_a_denied_form_of_prostitution_is_no_fact(catalog):
    text = "Hun har kokainmisbrug og mandlige bekendte der betaler, men hun står ikke på gaden"

    def street(message):
        start = message.index("gaden")
        return [{"entity": "prostitution_form", "value": "street", "start": start, "end": start + 5}]

    assert "prostitution_form" not in facts_from_entities(street(text), text)
    affirmed = text.replace("står ikke på", "står på")
    assert facts_from_entities(street(affirmed), affirmed)["prostitution_form"] == "street"
