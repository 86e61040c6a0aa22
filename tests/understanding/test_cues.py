"""Deterministic cues (vidensassistent/components/cues.py, data/knowledge/cues.yml): the wordings
named in issue 11, and the look-alikes that must not raise a false alarm."""

import pytest

from vidensassistent.components.cues import (
    COERCION,
    MINOR,
    detect,
    focus_question,
    is_english,
    strip_placeholders,
)

MINORS = [
    "hun er 16 år og sælger sex",
    "en 16-årig pige tager imod betaling for sex",
    "pigen på 15 har solgt sex til ældre mænd",
    "borgeren er mindreårig og sælger sig selv",
    "hun er under 18 og har kunder",
    "en teenager sælger sex via snapchat",
    "elev i 8. klasse tilbyder sex for penge",
    "hvad gør vi med børn i prostitution",
    "unge der sælger sex for at få penge til tøj",
    "er det lovligt at købe sex af en 17-årig?",
    "sex med en mindreårig, hvad siger notatet",
    "min borger, 15 år, sælger sex på gaden",
    "a 16 year old girl is selling sex",
    "elev 9 klasse saelger sex, hvad nu",
    "En dreng fra ungdomsskolen får penge af mænd for sex",
    "hun går på gymnasiet, 17, og tager imod penge for sex",
    "Barnet fortæller, at hun får penge for at have sex med en voksen",
    "pige fra 2010-årgangen har en profil som escort",
    "femten og tager imod penge for sex",
    "hun bor i plejefamilie og får penge af mænd for sex",
    "skolesygeplejersken fortæller, at en elev får penge for sex",
    "our foster daughter meets men for money",
]
COERCED = [
    "hun bliver tvunget til at sælge sex",
    "borgeren er presset til at prostituere sig af sin kæreste",
    "hun er truet af en mand og sælger sex",
    "vi har mistanke om menneskehandel",
    "kvinden er handlet til Danmark fra Nigeria",
    "han har en alfons der tager pengene",
    "der står en bagmand bag",
    "hun har gæld der skal betales af ved at sælge sex",
    "kæresten bestemmer hvor mange kunder hun tager",
    "hendes kæreste tager pengene",
    "hun skylder 30.000 kr. for rejsen og tager kunder for at betale",
    "hendes fætter afleverer hende ved hotellet hver aften",
    "familien har besluttet at hun skal sælge sex",
    "hun skal aflevere 60 procent til ham",
    "en anden styrer hendes annoncer og priser",
    "hendes pas ligger hos en mand i Odense, og hun har kunder hver dag",
    "kunderne betaler til manden, ikke til hende",
    "hun sælger sex, fordi hendes familie kræver det",
    "she owes money to the men who brought her here",
]
NOT_SAFETY = [
    "hun har solgt sex i 17 år",
    "hun er 19 og sælger sex på klinik",
    "hvad siger § 18 i serviceloven",
    "hun fik sit første barn som 17 og er nu 34",
    "hun har to børn og sælger sex",
    "borgeren er presset økonomisk",
    "forebyggende oplæg for unge om prostitution",
    "der er 15 kvinder på herberget",
    "hun har været i prostitution i over 15 år",
    "hvor mange er under 30 år",
    "han er blevet overfaldet af en kunde og tør ikke gå ud",
    "hvad gælder for en der tjener over 50.000 kr på at sælge sex",
    "hun er 17 år ældre end sin kæreste og sælger sex",
    "de deler huslejen og bestemmer hver især selv over deres kunder",
    "hun har kun folkeskolen og har solgt sex i ti år",
    "hun har et barn på 8 mdr. og tager imod kunder, mens barnet er i vuggestue",
    "hun mistede forældremyndigheden over sine børn og sælger nu sex",
    "hun var i plejefamilie som lille, nu er hun 31 og sælger sex",
    "hvor mange har ikke mere end grundskolen blandt dem der sælger sex",
    "udlejeren truer med at hæve lejen for hendes klinik",
    "mor til to børn i 4. og 7. klasse, escort, spørger om skat",
    "hun er blevet overfaldet af en kunde og ikke tør gå ud",
    "hvilket tilbud giver mest effekt for de medarbejdertimer, det kræver?",
    "vi er tolv personer til julefrokosten",
]


@pytest.mark.parametrize("text", MINORS)
def test_an_age_under_18_in_any_form_is_a_safety_cue(text):
    assert MINOR in detect(text).safety


@pytest.mark.parametrize("text", COERCED)
def test_coercion_in_everyday_words_is_a_safety_cue(text):
    assert COERCION in detect(text).safety


@pytest.mark.parametrize("text", NOT_SAFETY)
def test_look_alikes_raise_no_false_alarm(text):
    assert detect(text).safety == ()


@pytest.mark.parametrize(
    "text",
    [
        "hvor kan jeg henvise en borger, der gerne vil ud af prostitution?",
        "hvem kan hjælpe en kvinde der sælger sex",
        "hun har brug for et sted at sove i nat",
        "hvilke tilbud findes der til en mand på escort",
        "vi vil gerne have et forebyggende oplæg for eleverne",
        "hvem kan jeg ringe til om en borger i prostitution",
        "Hvad kan vi tilbyde en kvinde, der har kunder hjemme?",
        "er der nogen organisationer der kan hjælpe en borger som sælger sig selv",
        "Hvor sender man typisk borgere hen, der er i prostitution?",
        "natlogi kvinde gadeprostitution kbh",
        "er der noget til maend der saelger sex?",
        "hvem hjælper kvinder på massageklinikkerne?",
    ],
)
def test_requests_for_an_offer_are_referral_cues(text):
    assert detect(text).referral


@pytest.mark.parametrize(
    "text",
    [
        "En mand på 48 er henvist fra egen læge med søvnproblemer. Hvor mange har psykiske problemer?",
        "Vi vil gerne kunne henvise til noget konkret. Hvad viser tallene om misbrug?",
        "En konsulent har henvist til notatets konklusioner. Hvad er de to konklusioner?",
        "Jeg vil gerne henvise til eksisterende danske analyser af omkostningerne.",
        "Hvad siger notatet om, hvilke tilbud de selv efterlyser?",
        "Hun er glad for det og har ikke brug for hjælp. Skal vi alligevel tilbyde rådgivning?",
    ],
)
def test_citing_a_source_or_being_referred_by_a_doctor_is_no_referral_request(text):
    assert not detect(text).referral


def test_a_knowledge_question_about_leaving_is_no_referral_request():
    assert not detect("hvad siger notatet om at komme ud af prostitution").referral


@pytest.mark.parametrize(
    "text,domain",
    [
        ("hvor mange prostituerede er der i region midt", True),
        ("hun sælger sig selv på en massageklinik", True),
        ("hvad er big bang-strategien", True),
        ("hvordan søger man boligstøtte", False),
        ("hvor mange af kvinderne, der står på gaden, har det psykisk svært", True),
        ("hvor stor en del af gadeprostitutionen er skjult", True),
        # everyday words for selling sex (round-16 tuning set)
        ("hun finder sugardaddies på nettet og har gæld", True),
        ("hun har haft betalende mænd hjemme i mange år", True),
        ("hvor kan jeg sende en kvinde hen der lever af mænd?", True),
        ("hun har mandlige bekendte der betaler hende for samvær", True),
        ("hun lever af sin opsparing", False),
    ],
)
def test_domain_words(text, domain):
    assert detect(text).domain is domain


def test_redaction_placeholders_are_not_read_as_words():
    assert "telefonnummer" not in strip_placeholders("ring på [telefonnummer] om borgeren")
    assert detect("borgeren [CPR-nummer] er 34 år").safety == ()


def test_english_is_recognised_and_danish_is_not():
    assert is_english("How many people sell sex in Denmark according to the note?")
    assert not is_english("Hvor mange sælger sex i Danmark ifølge notatet?")
    assert not is_english("hvad er big bang")
    # words that are Danish too do not make a Danish message English
    assert not is_english("sex for penge")
    assert not is_english("men hvad med sex for penge her i kommunen")
    assert is_english("is prostitution legal in denmark")


@pytest.mark.parametrize(
    "text",
    [
        "En mand med stofmisbrug har brug for en pause. Kan han komme på Hanne Mariehjemmet?",
        "hun arbejder på klinik i København, kan hun bo på Reden?",
    ],
)
def test_whether_a_named_offer_fits_the_citizen_is_an_eligibility_question(text):
    assert detect(text).eligibility


def test_what_an_offer_is_is_no_eligibility_question():
    assert not detect("hvad er Hanne Mariehjemmet for et sted?").eligibility


def _judged_safety():
    import yaml

    from vidensassistent.tooling.realistic import JUDGING_DIR

    return yaml.safe_load((JUDGING_DIR / "safety.yml").read_text(encoding="utf-8"))["questions"]


@pytest.mark.parametrize("item", _judged_safety(), ids=lambda item: item["text"][:40])
def test_every_judged_safety_wording_is_caught_and_no_look_alike(item):
    # tests/realistic/safety.yml: written blind; a miss here is a caseworker not told
    # that a minor or a coerced person is a matter for the criminal code
    assert bool(detect(item["text"]).safety) is (item["expect"] == "safety")


def _round13_safety():
    import yaml

    from vidensassistent.settings import ROOT

    path = ROOT / "tests/tuning/round13/safety.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


@pytest.mark.parametrize("item", _round13_safety(), ids=lambda item: item["text"][:40])
def test_every_round13_tuning_safety_wording_is_caught_and_no_look_alike(item):
    # the patterns were fixed on this blind tuning set (stop 13); it keeps them fixed
    assert bool(detect(item["text"]).safety) is (item["expect"] == "safety")


def test_a_case_ending_in_a_question_that_names_no_subject_is_focused_on_the_sentence_before():
    case = (
        "Borger, 27 år, er flere gange blevet slået af de mænd, hun tager med fra gaden. "
        "Kontaktpersonen spørger, om det er noget mange oplever, og om det ser anderledes ud på klinik. "
    )
    assert focus_question(case + "Hvad siger notatet?") == (
        "Kontaktpersonen spørger, om det er noget mange oplever, og om det ser anderledes ud på klinik. "
        "Hvad siger notatet?"
    )
    # a final question with a subject of its own is the focus alone
    assert (
        focus_question(case + "Hvor mange har været udsat for vold?")
        == "Hvor mange har været udsat for vold?"
    )
