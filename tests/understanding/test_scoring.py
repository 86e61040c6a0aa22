"""How the realistic sets score a reply (vidensassistent.tooling.realistic)."""

from vidensassistent.tooling.realistic import ANSWER, CLARIFY, REFERRAL, Outcome, _answered


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
