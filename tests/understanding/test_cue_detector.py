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


def test_a_request_naming_who_the_citizen_is_gets_the_offers_that_fit_not_the_overview():
    text = "Hvilke tilbud findes der til mænd, der prostituerer sig?"
    men = {"entity": "gender", "value": "male", "start": 29, "end": 33}
    assert intent_after(text, topic="initiatives_overview", entities=[men]) == "describe_situation"
    # asking for all offers gets the overview of the four
    assert intent_after("Hvilke tilbud findes der?", topic="initiatives_overview") == "faq"


def test_everyday_requests_for_an_offer_start_the_referral():
    for text in (
        "er der noget til maend der saelger sex?",
        "noget for kvinder der saelger sex for at koebe stoffer og bare skal vaek nogle dage?",
        "Hvem hjælper kvinder på massageklinikker, der giver 'ekstra' til kunderne?",
        "Hvor kan en kvinde på 31 fra Randers, der står på gaden, få tag over hovedet og mad?",
    ):
        assert intent_after(text, topic="gender_ethnicity", confidence=0.5) == "describe_situation", text


def test_a_referral_request_for_someone_the_best_offer_does_not_take_goes_to_the_referral():
    text = "Mand 35 med heroinmisbrug saelger sex. Hvor kan han faa en pause fra miljoeet?"
    man = {"entity": "gender", "value": "male", "start": 0, "end": 4}
    assert (
        intent_after(text, topic="hanne_mariehjemmet", confidence=0.6, entities=[man]) == "describe_situation"
    )
    # a woman: Hanne Mariehjemmet's own answer is the answer
    woman = {"entity": "gender", "value": "female", "start": 0, "end": 6}
    female = text.replace("Mand", "Kvinde").replace("han", "hun")
    assert intent_after(female, topic="hanne_mariehjemmet", confidence=0.6, entities=[woman]) == "faq"
