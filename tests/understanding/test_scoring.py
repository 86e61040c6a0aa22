"""How the realistic sets score a reply (vidensassistent.tooling.realistic)."""

from vidensassistent.tooling.realistic import (
    ANSWER,
    CLARIFY,
    REFERRAL,
    Outcome,
    ReplyReader,
    SetScore,
    _answered,
    _referral_ok,
)


def test_the_topics_own_answer_counts_and_another_does_not():
    assert _answered("drugs", Outcome(ANSWER, topic="drugs"))
    assert not _answered("drugs", Outcome(ANSWER, topic="violence"))
    assert not _answered("drugs", Outcome(CLARIFY))


def test_a_question_on_an_offer_may_be_answered_by_a_referral_that_recommends_it():
    recommended = Outcome(REFERRAL, offers=frozenset({"reden"}))
    assert _answered("reden", recommended)
    # a referral that only asks its first question, or recommends another offer, does not count
    assert not _answered("reden", Outcome(REFERRAL))
    assert not _answered("reden", Outcome(REFERRAL, offers=frozenset({"kompetencecenter"})))
    # and a referral is no answer to a knowledge question
    assert not _answered("drugs", Outcome(REFERRAL, offers=frozenset({"hanne_mariehjemmet"})))


def test_the_overview_answers_a_referral_request_that_decides_nothing_or_asks_for_every_offer():
    overview = Outcome(ANSWER, topic="initiatives_overview")
    every_offer = ["kompetencecenter", "exit_prostitution", "reden", "hanne_mariehjemmet"]
    assert _referral_ok({"offers": [], "not_offers": []}, overview)[0]
    assert _referral_ok({"offers": every_offer, "not_offers": []}, overview)[0]
    # facts that call for one offer want that offer, not the list of all four
    assert not _referral_ok({"offers": ["reden"], "not_offers": []}, overview)[0]


def test_the_offers_a_referral_lists_are_read_from_its_reply_and_a_side_mention_is_not():
    reply = [
        {
            "text": "Jeg har forstået: kvinde, gadeprostitution, København, behov: et sted at sove og mad.\n"
            "Dette tilbud i notatet passer:\n"
            "1. Reden KFUK (permanent bevilling) – dækker basale behov for overnatning og mad."
        },
        {"text": "Hvis borgeren kommer fra stofmisbrugsmiljøet: Hanne Mariehjemmet (uafklaret)."},
    ]
    got = ReplyReader().read(reply)
    assert got.kind == REFERRAL
    assert got.offers == frozenset({"reden"})
    # so a referral recommending an offer the facts rule out is a miss
    assert _referral_ok({"offers": [], "not_offers": ["reden"]}, got) == (False, "offers_excluded")


def test_the_in_scope_line_shows_correct_answers_by_writing_style():
    score = SetScore("in_scope")
    score.add(True, "", "a", style="case")
    score.add(False, "refused", "b", style="case")
    score.add(True, "", "c", style="typo")
    assert score.line().splitlines() == [
        "in_scope       66.7% (2/3)  misses: refused 1",
        "              by style: case 1/2, typo 1/1",
    ]
