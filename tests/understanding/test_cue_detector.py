"""The NLU component that overrules the classifier's intent on deterministic cues
(vidensassistent.components.cue_detector), on Rasa messages as the pipeline hands them on."""

from rasa.shared.nlu.training_data.message import Message

from vidensassistent.components.cue_detector import CueDetector


def intent_after(text, intent="faq", topic=None, confidence=0.9, entities=()):
    data = {"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": list(entities)}
    if topic:
        ranking = [{"intent_response_key": f"faq/{topic}", "confidence": confidence}]
        data["response_selector"] = {"faq": {"ranking": ranking}}
    message = Message(data=data)
    CueDetector().process([message])
    return message.get("intent")["name"]


def test_a_case_ending_in_a_question_the_note_never_covers_is_not_turned_into_a_referral():
    # "brug for et sted at sove" is a referral cue, but the question asks for a phone number
    text = (
        "Borger, kvinde på 34, står på gaden på Vesterbro og har brug for et sted at sove i de kolde"
        " nætter. Hvad er telefonnummeret og åbningstiderne til herberget på Vesterbro?"
    )
    assert intent_after(text, intent="out_of_scope", confidence=0.5) == "out_of_scope"
    assert intent_after(text, intent="describe_situation", confidence=0.6) == "out_of_scope"
    # the same case asking where she can go starts the referral
    asking = text.replace("Hvad er telefonnummeret og åbningstiderne til", "Kan hun komme på")
    assert intent_after(asking, intent="out_of_scope", confidence=0.5) == "describe_situation"


def test_an_offers_description_gives_way_to_the_referral_when_a_city_decides_it():
    text = "Hvem tilbyder mad og en seng til kvinder der står på gaden i Aalborg?"
    city = {"entity": "city", "value": "Aalborg", "start": 62, "end": 69}
    assert intent_after(text, topic="reden", confidence=0.6, entities=[city]) == "describe_situation"
    # without a city the offer the classifier is sure of is answered directly
    plain = "Hvem tilbyder mad og en seng til kvinder der står på gaden?"
    assert intent_after(plain, topic="reden", confidence=0.6) == "faq"


def test_asking_whether_a_named_offer_takes_someone_goes_to_the_referral():
    for text in ("Kan Reden tage imod en mand?", "exit prostitution viborg?"):
        assert intent_after(text, topic="reden", confidence=0.9) == "describe_situation", text
    # the offer's name alone is a question about the offer
    assert intent_after("reden kfuk", topic="reden", confidence=0.9) == "faq"
