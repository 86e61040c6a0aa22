"""Near-domain questions the note cannot answer get a decline that names what the note
lacks and offers the nearest fact (data/knowledge/not_covered.yml, issue 11), while
look-alike questions the note does answer still get their answer.

The wordings below are written for this test, not taken from a tuning or judging set."""

import pytest

from actions.faq.logic import ANSWER, NOT_COVERED, decide
from vidensassistent.components.cues import detect
from vidensassistent.knowledge import load_knowledge

KNOWLEDGE = load_knowledge()


def parse(text, topic):
    """An NLU result that is sure of `topic`: the classifier's neighbouring-topic guess."""
    return {
        "text": text,
        "intent": {"name": "faq", "confidence": 0.9},
        "scope": {"similarity": 0.95},
        "cues": detect(text).as_dict(),
        "response_selector": {
            "faq": {"ranking": [{"intent_response_key": f"faq/{topic}", "confidence": 0.9}]}
        },
    }


DECLINED = [
    # (question, the topic a classifier would guess, the decline, the first topic offered)
    ("Hvor stor en bevilling fik Reden KFUK sidste år?", "reden", "funding", "initiatives_overview"),
    ("hvor mange sengepladser har reden", "reden", "capacity", "initiatives_overview"),
    (
        "Er der venteliste til Hanne Mariehjemmet lige nu?",
        "hanne_mariehjemmet",
        "capacity",
        "initiatives_overview",
    ),
    ("hvad koster det at købe sex på en klinik", "forms", "market", "spectrum"),
    ("Hvem er kunderne typisk, er det gifte mænd?", "gender_ethnicity", "market", "spectrum"),
    ("hvor gamle er kvinderne på gaden typisk", "gender_ethnicity", "age", "gender_ethnicity"),
    (
        "Fra hvilke lande kommer kvinderne på klinikkerne?",
        "gender_ethnicity",
        "nationalities",
        "gender_ethnicity",
    ),
    ("Hvilke kurser kan jeg tage om prostitution?", "driver_competences", "courses", "driver_competences"),
    (
        "findes der tilbud til transkvinder der sælger sex",
        "gender_ethnicity",
        "transgender",
        "gender_ethnicity",
    ),
    ("hvor mange kvinder i prostitution er blevet voldtaget", "violence", "violence_counts", "violence"),
    (
        "Hvilke kommuner har en strategi for prostitution?",
        "initiatives_overview",
        "municipal_practice",
        "economy_costs",
    ),
    (
        "Hvor mange kvinder har Exit Prostitution hjulpet ud?",
        "exit_prostitution",
        "offer_results",
        "initiatives_overview",
    ),
    ("Hvordan afmelder hun sin moms, når hun stopper?", "tax", "tax_practice", "tax"),
    ("hvor mange dør af en overdosis på gaden om året", "drugs", "deaths", "mental_health"),
    (
        "Hvordan passer jeg på mig selv efter en hård samtale?",
        "stigma",
        "own_reactions",
        "driver_competences",
    ),
    (
        "Han har aldrig solgt sex, men er hjemløs. Hvad virker for ham?",
        "effect_evidence",
        "other_groups",
        "initiatives_overview",
    ),
    ("Hvornår blev prostitution afkriminaliseret?", "legal_status", "history", "legal_status"),
    ("Kan hun blive udvist efter udlændingeloven?", "legal_status", "other_laws", "serviceloven_10"),
    ("Hvilket fagsystem skal vi registrere indsatsen i?", "documentation", "tools", "documentation"),
    (
        "Må kommunen oprette en profil på en annonceside?",
        "hidden_prostitution",
        "online",
        "hidden_prostitution",
    ),
    ("Hvad sagde Højesteret om skat af prostitution?", "tax", "penalties", "legal_status"),
    ("Hvad siger spansk lov om prostitution?", "foreign_research", "foreign_law", "foreign_research"),
    ("Skal hun betale kontanthjælpen tilbage?", "factor_interpersonal", "benefits", "factor_interpersonal"),
    (
        "Har borgeren ret til aktindsigt i mine notater om hendes sexsalg?",
        "documentation",
        "case_handling",
        "serviceloven_10",
    ),
    ("Hvordan er antallet steget siden 2013?", "extent_numbers", "later_years", "about_note"),
    (
        "Hvem driver Hanne Mariehjemmet i dag?",
        "hanne_mariehjemmet",
        "offer_fate",
        "initiatives_overview",
    ),
    (
        "Er Kompetencecenter Prostitution blevet erstattet af noget andet?",
        "kompetencecenter",
        "offer_fate",
        "initiatives_overview",
    ),
    ("Bør jeg opfordre hende til at stoppe?", "leaving_difficulty", "personal_advice", "serviceloven_10"),
    ("Skal jeg fraråde ham at begynde på en klinik?", "forms", "personal_advice", "serviceloven_10"),
    (
        "Vores opsøgende medarbejder er blevet truet af en alfons. Hvad gør vi?",
        "pimping_employment",
        "staff_conditions",
        "driver_competences",
    ),
    ("Hvad siger Red Barnet om unge i prostitution?", "research_limits", "other_sources", "research_limits"),
    (
        "Hvilken minister har ansvaret for prostitutionsområdet?",
        "initiatives_overview",
        "politicians",
        "about_note",
    ),
    ("Hvordan formulerer jeg det i journalen?", "stigma", "case_handling", "serviceloven_10"),
    ("Kan hun trække kondomer fra i skat?", "tax", "tax_practice", "tax"),
    ("Hvornår trådte § 10 i kraft?", "serviceloven_10", "history", "legal_status"),
    ("hvad hedder lederen af reden", "reden", "people", "about_note"),
    ("Hvem var forsker på kortlægningen fra 2011?", "spectrum", "people", "about_note"),
    (
        "Hvad koster det at indføre domino-strategien i en kommune?",
        "strategy_domino",
        "prices",
        "economy_costs",
    ),
    ("reden kfuk hjemmeside", "reden", "contact", "initiatives_overview"),
    (
        "Hun har fået en sanktion i jobcentret, kan hun klage?",
        "factor_interpersonal",
        "benefits",
        "factor_interpersonal",
    ),
]


@pytest.mark.parametrize("text,guess,kind,offered", DECLINED, ids=[d[2] + ":" + d[0][:30] for d in DECLINED])
def test_a_question_the_note_cannot_answer_gets_a_specific_decline(text, guess, kind, offered):
    decision = decide(parse(text, guess), KNOWLEDGE)
    assert decision.kind == NOT_COVERED
    assert decision.response == f"utter_not_covered_{kind}"
    assert decision.topics[0].id == offered


ANSWERED = [
    # look-alikes of the declines above that the note does answer
    ("Har Reden KFUK en fast bevilling?", "reden"),
    ("Hvor længe kan en kvinde bo på Hanne Mariehjemmet?", "hanne_mariehjemmet"),
    ("Hvor meget skal man tjene, før man skal registreres hos SKAT?", "tax"),
    ("hvor mange har været udsat for vold fra kunderne", "violence"),
    ("Hvor stor en del er af anden etnisk herkomst end dansk?", "gender_ethnicity"),
    ("Er det nok at sende medarbejderne på kursus?", "driver_competences"),
    ("Hvor mange mænd prostituerer sig?", "gender_ethnicity"),
    ("Hvilke kommuner har testet vidensnotatet?", "about_note"),
    ("Hvor mange byer har Reden KFUK afdelinger i?", "reden"),
    ("Skal indtægter fra prostitution beskattes, hun er bange for en restskat?", "tax"),
    ("Hvor mange på gaden har et heroinmisbrug?", "drugs"),
    ("Er prostitution afkriminaliseret i Danmark?", "legal_status"),
    ("Hvad er lovgrundlaget for at rådgive borgere i prostitution?", "serviceloven_10"),
    ("Hvad betyder det, at indsatsen skal overvåges løbende?", "driver_organisation"),
    ("Er hanne mariehjemmet finansieret efter 2013?", "hanne_mariehjemmet"),
    ("Hvor tit bliver notatet opdateret?", "about_note"),
    ("Kan vi overføre resultater fra et program i udlandet?", "foreign_research"),
    ("Hun er bange for at blive anklaget for socialt bedrageri. Hvad siger notatet?", "factor_interpersonal"),
    ("Har hendes angst noget med prostitution at gøre?", "mental_health"),
    ("Er webcamshows uden fysisk kontakt prostitution?", "not_prostitution"),
    ("Er Exit Prostitution permanent?", "exit_prostitution"),
    ("Hvad sker der med Hanne Mariehjemmet efter 2013?", "hanne_mariehjemmet"),
    ("Hvem driver Reden?", "reden"),
    ("Hvad skal jeg råde hende til, hvis hun vil stoppe?", "formaalsvejledning"),
    ("Skal jeg anbefale hende Kompetencecenter Prostitution?", "kompetencecenter"),
    ("Hvorfor skjuler mange prostitutionen for deres familie?", "stigma"),
    ("Hvad skal medarbejderne have af støtte, når de arbejder med målgruppen?", "driver_competences"),
    ("Hvilket ministerium har finansieret initiativerne?", "initiatives_overview"),
    ("Hvad siger SFI om spektret af prostitution?", "spectrum"),
    ("Hvem har skrevet forordet til notatet?", "about_note"),
    ("Hvad koster prostitution kommunerne?", "economy_costs"),
    ("Hvad er en cost-benefit-analyse, regnes effekten om til kroner?", "cost_benefit"),
    ("hun har ingen fast adresse", "hidden_prostitution"),
    ("Hvad gør ledelsen for at implementeringen lykkes?", "driver_leadership"),
]


@pytest.mark.parametrize("text,topic", ANSWERED, ids=[a[0][:40] for a in ANSWERED])
def test_a_look_alike_the_note_answers_is_not_declined(text, topic):
    decision = decide(parse(text, topic), KNOWLEDGE)
    assert (decision.kind, [t.id for t in decision.topics]) == (ANSWER, [topic])


def test_every_decline_names_what_is_missing_and_offers_topics():
    for rule in KNOWLEDGE.not_covered:
        assert rule.related and all(t in KNOWLEDGE.topics for t in rule.related), rule.id
