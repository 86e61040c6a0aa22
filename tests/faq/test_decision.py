"""The answer/"Mente du"/decline decision on realistic NLU results (issue 11):
inside the note's domain there is no flat refusal, and short follow-ups lean on
the topic just answered."""

import pytest

from actions.faq.logic import (
    ANSWER,
    CLARIFY,
    NOT_COVERED,
    NOT_IN_NOTE,
    OUT_OF_SCOPE,
    decide,
    with_focus,
    with_second_question,
)
from vidensassistent.components.cues import detect, load_patterns
from vidensassistent.knowledge import load_knowledge

KNOWLEDGE = load_knowledge()


def parse(text, ranking, intent="faq", similarity=0.95):
    return {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "scope": {"similarity": similarity},
        "cues": detect(text).as_dict(),
        "response_selector": {
            "faq": {
                "ranking": [
                    {"intent_response_key": f"faq/{topic}", "confidence": conf} for topic, conf in ranking
                ]
            }
        },
    }


def ids(decision):
    return [t.id for t in decision.topics]


def test_new_wording_inside_the_domain_is_not_refused_for_low_similarity():
    text = "min borger tager imod kunder i sin lejlighed, skal hun betale skat af det?"
    decision = decide(parse(text, [("tax", 0.7), ("legal_status", 0.1)], similarity=0.80), KNOWLEDGE)
    assert (decision.kind, ids(decision)) == (ANSWER, ["tax"])


def test_far_from_everything_and_outside_the_domain_is_still_refused():
    decision = decide(parse("hvordan søger man om et nyt pas", [("tax", 0.7)], similarity=0.80), KNOWLEDGE)
    assert decision.kind == OUT_OF_SCOPE


def test_unsure_inside_the_domain_asks_did_you_mean_instead_of_refusing():
    text = "prostitution og kommunens rolle"
    decision = decide(parse(text, [("serviceloven_10", 0.12), ("formaalsvejledning", 0.10)]), KNOWLEDGE)
    assert decision.kind == CLARIFY
    assert ids(decision)[:2] == ["serviceloven_10", "formaalsvejledning"]


def test_a_long_case_with_one_clearly_leading_topic_is_answered_and_two_close_ones_are_not():
    # a long case spreads the probability thin without leaving a second candidate
    text = (
        "Vi har i et halvt år forsøgt at få kontakt til kvinderne på klinikkerne, og det går"
        " langsomt. Er det normalt, og hvad betyder det for planlægningen?"
    )
    lead = decide(parse(text, [("factor_institutional", 0.23), ("research_limits", 0.05)]), KNOWLEDGE)
    assert (lead.kind, ids(lead)) == (ANSWER, ["factor_institutional"])
    close = decide(parse(text, [("factor_institutional", 0.23), ("factor_interpersonal", 0.2)]), KNOWLEDGE)
    assert close.kind == CLARIFY


def test_a_whole_question_no_topic_comes_near_is_declined_with_the_nearest_topics():
    # a case description that ends in a practical question: every topic is unlikely, so
    # "Mente du" would offer answers to other questions; the decline says so instead
    text = (
        "Hun tager imod kunder om natten og kommer ikke til sine aftaler om dagen."
        " Hvordan får vi hende til at møde op?"
    )
    ranking = [("factor_interpersonal", 0.15), ("formaalsvejledning", 0.07)]
    decision = decide(parse(text, ranking), KNOWLEDGE)
    assert (decision.kind, ids(decision)[:1]) == (NOT_IN_NOTE, ["factor_interpersonal"])
    # the same ranking a little surer is still a "Mente du"
    ranking = [("factor_interpersonal", 0.17), ("formaalsvejledning", 0.07)]
    assert decide(parse(text, ranking), KNOWLEDGE).kind == CLARIFY


def test_a_domain_question_the_note_cannot_answer_names_the_nearest_topics():
    text = "hvad tjener en escort typisk i timen"
    decision = decide(parse(text, [("forms", 0.2)], intent="out_of_scope"), KNOWLEDGE)
    assert decision.kind == NOT_IN_NOTE
    assert ids(decision) == ["forms"]


def test_regional_figures_get_a_decline_with_the_national_figure():
    text = "hvor mange prostituerede er der i region midtjylland"
    decision = decide(parse(text, [("extent_numbers", 0.8)]), KNOWLEDGE)
    assert decision.kind == NOT_COVERED
    assert decision.response == "utter_not_covered_local_figures"
    assert ids(decision)[0] == "extent_numbers"


def test_a_short_follow_up_is_read_against_the_topic_just_answered():
    decision = decide(
        parse("og heroin?", [("hidden_prostitution", 0.2), ("drugs", 0.15)], similarity=0.7),
        KNOWLEDGE,
        context_topic="drugs",
    )
    assert (decision.kind, ids(decision)) == (ANSWER, ["drugs"])


def test_a_follow_up_the_classifier_is_sure_of_moves_to_that_topic():
    decision = decide(
        parse("og mænd?", [("gender_ethnicity", 0.82), ("extent_numbers", 0.02)]),
        KNOWLEDGE,
        context_topic="extent_numbers",
    )
    assert ids(decision) == ["gender_ethnicity"]


@pytest.mark.parametrize(
    "offer,text",
    [("reden", "og mænd?"), ("exit_prostitution", "og udlændinge?"), ("hanne_mariehjemmet", "i aalborg?")],
)
def test_who_or_where_after_an_offer_asks_whether_that_offer_covers_them(offer, text):
    # Reden's answer says it is for women: "og mænd?" is answered with Reden again, not
    # with the note's figures on men, however sure the classifier is of those.
    decision = decide(parse(text, [("gender_ethnicity", 0.9), (offer, 0.05)]), KNOWLEDGE, context_topic=offer)
    assert ids(decision) == [offer]


def test_a_city_the_lookup_knows_after_an_offer_asks_whether_that_offer_works_there():
    # "Herning" is in no list of follow-up words; the referral's city lookup finds it.
    p = parse("og i Herning?", [("reden", 0.9), ("exit_prostitution", 0.05)])
    p["entities"] = [{"entity": "city", "start": 5, "end": 12, "value": "Herning"}]
    assert ids(decide(p, KNOWLEDGE, context_topic="exit_prostitution")) == ["exit_prostitution"]
    # without the entity (a word no lookup knows) a sure ranking decides, as before
    p["entities"] = []
    assert ids(decide(p, KNOWLEDGE, context_topic="exit_prostitution")) != ["exit_prostitution"]


def test_a_longer_question_after_an_answer_continues_it_when_that_is_its_best_topic():
    text = "fra hvilket beløb skal hun være selvstændig?"
    p = parse(text, [("tax", 0.18), ("forms", 0.01)], intent="out_of_scope")
    assert decide(p, KNOWLEDGE).kind == OUT_OF_SCOPE  # on its own: declined
    assert ids(decide(p, KNOWLEDGE, context_topic="tax")) == ["tax"]
    # after another answer, or with a best topic other than the one just answered: declined
    assert decide(p, KNOWLEDGE, context_topic="drugs").kind == OUT_OF_SCOPE
    other = parse(text, [("forms", 0.18), ("tax", 0.1)], intent="out_of_scope")
    assert decide(other, KNOWLEDGE, context_topic="tax").kind == OUT_OF_SCOPE


def test_a_message_the_classifier_calls_a_follow_up_is_read_against_the_answer_just_given():
    text = "hvad skal der så til i stedet?"  # seven words: longer than a bare follow-up
    p = parse(text, [("driver_competences", 0.03), ("driver_leadership", 0.03)], intent="ask_followup")
    assert ids(decide(p, KNOWLEDGE, context_topic="driver_competences")) == ["driver_competences"]
    assert decide(p, KNOWLEDGE).kind == OUT_OF_SCOPE  # with nothing answered before


def test_a_message_that_opens_like_a_follow_up_is_read_against_the_answer_just_given():
    text = "gælder det også dem der står på fortovet om natten?"  # nine words
    p = parse(text, [("leaving_difficulty", 0.03), ("mental_health", 0.01)], intent="faq")
    assert ids(decide(p, KNOWLEDGE, context_topic="mental_health")) == ["mental_health"]
    # the same words without an answer before them are a question of their own
    assert decide(p, KNOWLEDGE).kind != ANSWER


def test_a_form_named_in_a_follow_up_after_figures_by_form_keeps_that_answer():
    p = parse("og pigerne i massagehusene?", [("education", 0.3), ("violence", 0.01)])
    p["entities"] = [{"entity": "prostitution_form", "start": 13, "end": 26, "value": "clinic"}]
    assert ids(decide(p, KNOWLEDGE, context_topic="violence")) == ["violence"]
    # "og mænd?" after the figures asks for the men's figures: a gender is not a form
    men = parse("og mænd?", [("gender_ethnicity", 0.9), ("extent_numbers", 0.05)])
    men["entities"] = [{"entity": "gender", "start": 3, "end": 7, "value": "male"}]
    assert ids(decide(men, KNOWLEDGE, context_topic="extent_numbers")) == ["gender_ethnicity"]


def test_a_confident_new_question_after_an_answer_is_not_a_follow_up():
    decision = decide(
        parse("hvad er big bang?", [("strategy_big_bang", 0.9)]), KNOWLEDGE, context_topic="drugs"
    )
    assert ids(decision) == ["strategy_big_bang"]


def test_a_redacted_phone_number_does_not_make_it_a_contact_question():
    text = "borgeren ([telefonnummer]) spørger, om hun skal betale skat af indtægten"
    decision = decide(parse(text, [("tax", 0.8)]), KNOWLEDGE)
    assert (decision.kind, ids(decision)) == (ANSWER, ["tax"])


def with_parts(parse_data, *parts):
    parse_data["parts"] = [
        {"text": text, "label": f"faq/{topic}", "confidence": conf} for text, topic, conf in parts
    ]
    return parse_data


def test_two_questions_in_one_message_get_two_answers():
    text = "Hvad er rufferi? Og skal hun betale skat af indtægten?"
    p = with_parts(
        parse(text, [("pimping_employment", 0.6), ("tax", 0.3)]),
        ("Hvad er rufferi", "pimping_employment", 0.8),
        ("Og skal hun betale skat af indtægten?", "tax", 0.7),
    )
    decision = with_second_question(p, KNOWLEDGE, decide(p, KNOWLEDGE))
    assert (decision.kind, ids(decision)) == (ANSWER, ["pimping_employment", "tax"])


def test_an_unclear_second_question_adds_nothing():
    text = "Hvad er Reden? Hvem kan bruge det?"
    p = with_parts(
        parse(text, [("reden", 0.8)]), ("Hvad er Reden", "reden", 0.9), ("Hvem kan bruge det?", "tax", 0.2)
    )
    decision = with_second_question(p, KNOWLEDGE, decide(p, KNOWLEDGE))
    assert ids(decision) == ["reden"]


def test_a_long_case_whose_final_question_is_clear_gets_that_answer_not_did_you_mean():
    text = "En 29-årig kvinde fortæller, at hun tager imod betalende mænd ... Er det ulovligt?"
    p = parse(text, [("legal_status", 0.25), ("tax", 0.22)])
    p["focus"] = [{"text": "Er det ulovligt?", "label": "faq/legal_status", "confidence": 0.7}]
    decision = with_focus(p, KNOWLEDGE, decide(p, KNOWLEDGE))
    assert (decision.kind, ids(decision)) == (ANSWER, ["legal_status"])


def test_the_final_question_cannot_pick_a_topic_the_whole_case_does_not_suggest():
    p = parse("En lang sag ... Er det ulovligt?", [("legal_status", 0.25), ("tax", 0.22)])
    p["focus"] = [{"text": "Er det ulovligt?", "label": "faq/reden", "confidence": 0.9}]
    assert with_focus(p, KNOWLEDGE, decide(p, KNOWLEDGE)).kind == CLARIFY


@pytest.mark.parametrize(
    "text",
    [
        "kilde?",
        "hvorfor ikke?",
        "hvor mange?",
        "hvem gælder det?",
        "uddyb det",
        "og i dag?",
        "fx?",
        "uddyb nr 2",
    ],
)
def test_a_followup_naming_no_topic_is_about_the_answer_before(text):
    # the classifier picks some topic for "hvor mange?" (the figures); after an answer
    # on hidden prostitution the question is about that answer
    p = parse(text, [("extent_numbers", 0.9), ("hidden_prostitution", 0.02)])
    decision = decide(p, KNOWLEDGE, context_topic="hidden_prostitution")
    assert (decision.kind, ids(decision)) == (ANSWER, ["hidden_prostitution"])


@pytest.mark.parametrize("text", ["hvorfor?", "hvorfor ikke?", "men hvorfor ikke?"])
def test_why_after_no_documented_effect_gets_why_research_is_limited(text):
    p = parse(text, [("effect_evidence", 0.6), ("research_limits", 0.1)])
    decision = decide(p, KNOWLEDGE, context_topic="effect_evidence")
    assert (decision.kind, ids(decision)) == (ANSWER, ["research_limits"])


def test_a_followup_with_a_topic_word_is_read_on_its_own():
    p = parse("og mænd?", [("gender_ethnicity", 0.3), ("extent_numbers", 0.01)])
    decision = decide(p, KNOWLEDGE, context_topic="extent_numbers")
    assert (decision.kind, ids(decision)) == (ANSWER, ["gender_ethnicity"])


@pytest.mark.parametrize(
    "text,context", [("og dem på gaden?", "mental_health"), ("og på klinik?", "violence")]
)
def test_a_followup_naming_a_form_asks_for_that_forms_figure_in_the_answer_before(text, context):
    # the classifier links "gaden" to the drugs answer; the mental health answer has the street's figure
    p = parse(text, [("drugs", 0.6), (context, 0.03)])
    decision = decide(p, KNOWLEDGE, context_topic=context)
    assert (decision.kind, ids(decision)) == (ANSWER, [context])


@pytest.mark.parametrize(
    "text,context,expected",
    [
        ("fortæl mere om den første", "initiatives_overview", "kompetencecenter"),
        ("og den sidste?", "initiatives_overview", "hanne_mariehjemmet"),
        ("uddyb nr 2", "drivers", "driver_competences"),
        ("hvad betyder den tredje?", "strategies", "strategy_kaskade"),
        ("den fjerde", "factors_levels", "factor_infrastructural"),
    ],
)
def test_a_followup_pointing_at_an_item_of_a_listing_answer_gets_that_items_answer(text, context, expected):
    # the classifier sees only "første"/"2" and keeps the listing answer
    p = parse(text, [(context, 0.5), ("drugs", 0.1)])
    decision = decide(p, KNOWLEDGE, context_topic=context)
    assert (decision.kind, ids(decision)) == (ANSWER, [expected])


@pytest.mark.parametrize(
    "text,context",
    [
        ("den fjerde", "drivers"),  # only three drivers
        ("fortæl mere om den første", "drugs"),  # no listing answer
        ("den første og den anden", "initiatives_overview"),  # two places
    ],
)
def test_a_place_that_points_at_no_item_keeps_the_answer_before(text, context):
    p = parse(text, [(context, 0.5), ("violence", 0.1)])
    decision = decide(p, KNOWLEDGE, context_topic=context)
    assert (decision.kind, ids(decision)) == (ANSWER, [context])


def _out_of_scope_by(text, out_of_scope, faq, ranking):
    p = parse(text, ranking, intent="out_of_scope")
    p["intent"]["confidence"] = out_of_scope
    p["intent_ranking"] = [
        {"name": "out_of_scope", "confidence": out_of_scope},
        {"name": "faq", "confidence": faq},
    ]
    return p


def test_a_domain_question_the_classifier_called_out_of_scope_by_a_hair_is_answered():
    text = "hvor længe kan man bo på Hanne Mariehjemmet"
    p = _out_of_scope_by(text, 0.50, 0.49, [("hanne_mariehjemmet", 0.49)])
    assert (decide(p, KNOWLEDGE).kind, ids(decide(p, KNOWLEDGE))) == (ANSWER, ["hanne_mariehjemmet"])


def test_a_clear_out_of_scope_stays_declined_and_outside_the_domain_a_tie_is_declined_too():
    in_domain = _out_of_scope_by(
        "hvor mange bor på Hanne Mariehjemmet i dag", 0.7, 0.29, [("hanne_mariehjemmet", 0.29)]
    )
    assert decide(in_domain, KNOWLEDGE).kind == NOT_IN_NOTE
    outside = _out_of_scope_by("hvordan søger man om et nyt pas", 0.50, 0.49, [("economy_costs", 0.49)])
    assert decide(outside, KNOWLEDGE).kind == OUT_OF_SCOPE


CASE_WITH_TREATMENT = (
    "Ditte på 35 har solgt sex på gaden i flere år og har et tungt heroinmisbrug. Hun er lige begyndt "
    "i substitutionsbehandling hos misbrugscentret, og jeg vil gerne vide, om hun er et typisk "
    "eksempel. Hvor mange af dem på gaden har et misbrug af hash, heroin eller kokain?"
)


def test_a_decline_word_only_in_the_case_description_does_not_decline_a_clear_question():
    # "substitutionsbehandling" describes the citizen; the question asks the note's figures
    decision = decide(parse(CASE_WITH_TREATMENT, [("drugs", 0.8), ("mental_health", 0.05)]), KNOWLEDGE)
    assert (decision.kind, ids(decision)) == (ANSWER, ["drugs"])


def test_a_decline_word_in_the_final_question_still_declines():
    text = CASE_WITH_TREATMENT.rsplit(". ", 1)[0] + ". Hvordan foregår substitutionsbehandling med metadon?"
    decision = decide(parse(text, [("drugs", 0.8), ("mental_health", 0.05)]), KNOWLEDGE)
    assert decision.kind == NOT_COVERED


def test_a_decline_word_in_the_case_declines_when_the_classifier_is_unsure():
    decision = decide(parse(CASE_WITH_TREATMENT, [("drugs", 0.3), ("mental_health", 0.28)]), KNOWLEDGE)
    assert decision.kind == NOT_COVERED


def test_every_listed_item_and_listing_answer_is_a_topic_of_the_note():
    lists = load_patterns().followup_list_items
    assert lists
    for listing, items in lists.items():
        assert listing in KNOWLEDGE.topics and set(items) <= set(KNOWLEDGE.topics), listing
