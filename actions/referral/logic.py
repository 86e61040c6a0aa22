"""Guided referral: from a citizen's situation to the note's initiatives.

The initiatives (data/knowledge/initiatives.yml) and the referral vocabulary
(data/knowledge/referral.yml) are data, read by actions.referral.catalog; this
module only applies the note's own matching rules to a `Situation`:

- an initiative fits when it serves one of the citizen's needs and nothing the
  caseworker said contradicts its target group (city, gender, form of prostitution,
  and ethnic background where the note names only one);
- a requirement that is not known yet makes the fit conditional, and for an
  initiative that would be the primary fit the form asks for it (`missing_facts`);
- a person under 18 or someone forced by others is not prostitution under the
  definition: no initiative is offered (`NOT_PROSTITUTION`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, List, Mapping, Optional, Text, Tuple

from actions.referral.catalog import (
    ASKABLE_FACTS,
    BACKGROUND,
    CITY,
    DRUG_USE,
    FORM,
    GENDER,
    NEED,
    Catalog,
    Initiative,
    fold,
)
from vidensassistent.components.cues import COERCION, MINOR, detect

PRIMARY = "primary"
SECONDARY = "secondary"
FIT_SCORE = {PRIMARY: 2.0, SECONDARY: 1.0}
# An initiative whose "primært fokus" is the citizen's form of prostitution ranks higher.
FOCUS_BONUS = 0.5
# The note describes the target group as primarily Danish (Reden): a foreign
# background keeps the offer but ranks it lower and says so. Where the note names
# Danes only (Exit Prostitution), a foreign background rules the offer out.
BACKGROUND_PENALTY = 0.25

# Kinds of referral outcome.
OFFERS = "offers"
NOT_PROSTITUTION = "not_prostitution"

ADULT_AGE = 18
MINOR_VALUE = "minor"
COERCED_VALUE = "coerced"
FOREIGN_VALUE = "foreign"
YES_VALUE = "yes"
NO_VALUE = "no"


# --- the citizen's situation ----------------------------------------------------


@dataclass(frozen=True)
class Situation:
    """What the caseworker has told about the citizen. `None`: not said yet;
    `unknown`: asked, and the caseworker does not know."""

    needs: Tuple[Text, ...] = ()
    city: Optional[Text] = None
    gender: Optional[Text] = None
    prostitution_form: Optional[Text] = None
    age: Optional[Text] = None
    coercion: Optional[Text] = None
    drug_use: Optional[Text] = None
    background: Optional[Text] = None

    @property
    def is_minor(self) -> bool:
        if not self.age:
            return False
        if fold(self.age) == MINOR_VALUE:
            return True
        number = re.search(r"\d+", str(self.age))
        return bool(number) and int(number.group()) < ADULT_AGE

    @property
    def adult_age(self) -> Optional[int]:
        number = re.search(r"\d+", str(self.age or ""))
        return int(number.group()) if number and not self.is_minor else None

    @property
    def is_coerced(self) -> bool:
        return bool(self.coercion)

    @property
    def has_drug_use(self) -> bool:
        # "intet misbrug" outweighs a need for a break: Hanne Mariehjemmet is for women
        # from the drug environment, not for a break from anything
        if self.drug_use == NO_VALUE:
            return False
        return self.drug_use == YES_VALUE or "drug_break" in self.needs

    def value(self, fact: Text) -> Any:
        return self.needs if fact == NEED else getattr(self, fact)

    def with_facts(self, facts: Mapping[Text, Any]) -> "Situation":
        """A copy with the given facts replaced (`None` values are ignored)."""
        changes = {
            ("needs" if fact == NEED else fact): as_needs(value) if fact == NEED else value
            for fact, value in facts.items()
            if value not in (None, [], ())
        }
        return replace(self, **changes)


def as_needs(value: Any) -> Tuple[Text, ...]:
    values = value if isinstance(value, (list, tuple)) else [value]
    seen: List[Text] = []
    for item in values:
        if item and item not in seen:
            seen.append(str(item))
    return tuple(seen)


def situation_from_slots(slots: Mapping[Text, Any], catalog: Catalog) -> Situation:
    facts = {fact: slots.get(slot) for fact, slot in catalog.fact_slots.items()}
    return Situation().with_facts(facts)


# --- matching -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One initiative judged against the situation."""

    initiative: Initiative
    need: Text
    fit: Text
    why: Text
    score: float
    contradicted: Tuple[Text, ...] = ()  # facts that rule it out, e.g. ("city",)
    unknown: Tuple[Text, ...] = ()  # facts it depends on that are not known
    caveats: Tuple[Text, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.contradicted and not self.unknown

    @property
    def conditional(self) -> bool:
        return not self.contradicted and bool(self.unknown)


@dataclass
class Referral:
    kind: Text
    matches: List[Candidate] = field(default_factory=list)
    conditional: List[Candidate] = field(default_factory=list)
    ruled_out: List[Candidate] = field(default_factory=list)
    # When nothing fits: other offers the citizen may belong to the target group of.
    in_city: List[Initiative] = field(default_factory=list)
    nationwide: List[Initiative] = field(default_factory=list)
    duties: List[Text] = field(default_factory=list)
    not_prostitution: List[Text] = field(default_factory=list)

    @property
    def best(self) -> Optional[Initiative]:
        return self.matches[0].initiative if self.matches else None


def _known(value: Optional[Text], catalog: Catalog) -> bool:
    return value not in (None, "", catalog.unknown_value)


def _requirement_status(
    initiative: Initiative, situation: Situation, catalog: Catalog
) -> Tuple[List[Text], List[Text]]:
    """Facts that contradict the initiative's target group, and facts still unknown."""
    contradicted: List[Text] = []
    unknown: List[Text] = []
    # (fact, whether the initiative restricts it, the citizen's value, whether it fits)
    restrictions = [
        (CITY, not initiative.nationwide, situation.city, lambda v: initiative.covers_city(v or "")),
        (GENDER, bool(initiative.genders), situation.gender, lambda v: v in initiative.genders),
        (FORM, bool(initiative.forms), situation.prostitution_form, lambda v: v in initiative.forms),
    ]
    for fact, restricted, value, fits in restrictions:
        if not restricted:
            continue
        if not _known(value, catalog):
            unknown.append(fact)
        elif not fits(value):
            contradicted.append(fact)
    if initiative.requires_drug_use and not situation.has_drug_use:
        unknown.append(DRUG_USE)
    # Only a background the caseworker stated rules an offer out; it is never asked for.
    if (
        initiative.background_required
        and _known(situation.background, catalog)
        and situation.background != initiative.background_expects
    ):
        contradicted.append(BACKGROUND)
    return contradicted, unknown


def judge(initiative: Initiative, situation: Situation, catalog: Catalog) -> Optional[Candidate]:
    """How the initiative fits the situation, or None if it serves none of the needs."""
    served = [(need, initiative.needs[need]) for need in situation.needs if need in initiative.needs]
    if not served:
        return None
    need, need_fit = max(served, key=lambda item: FIT_SCORE[item[1].fit])
    score = FIT_SCORE[need_fit.fit]
    caveats: List[Text] = []
    if situation.prostitution_form in initiative.focus_forms:
        score += FOCUS_BONUS
    if (
        initiative.background_expects
        and not initiative.background_required
        and _known(situation.background, catalog)
        and situation.background != initiative.background_expects
        and situation.background == FOREIGN_VALUE
    ):
        score -= BACKGROUND_PENALTY
        if initiative.background_caveat:
            caveats.append(initiative.background_caveat)
    contradicted, unknown = _requirement_status(initiative, situation, catalog)
    return Candidate(
        initiative=initiative,
        need=need,
        fit=need_fit.fit,
        why=need_fit.why,
        score=score,
        contradicted=tuple(contradicted),
        unknown=tuple(unknown),
        caveats=tuple(caveats),
    )


def _ranked(candidates: List[Candidate], catalog: Catalog) -> List[Candidate]:
    order = {initiative_id: i for i, initiative_id in enumerate(catalog.initiatives)}
    return sorted(candidates, key=lambda c: (-c.score, order[c.initiative.id]))


def missing_facts(situation: Situation, catalog: Catalog) -> List[Text]:
    """The facts still to ask for, in asking order: the need first, then whatever a
    primary fit depends on. Nothing once the situation is not prostitution."""
    if situation.is_minor or situation.is_coerced:
        return []
    if not situation.needs:
        return [NEED]
    wanted = set()
    for initiative in catalog.initiatives.values():
        candidate = judge(initiative, situation, catalog)
        if candidate and candidate.fit == PRIMARY and not candidate.contradicted:
            wanted.update(
                fact for fact in candidate.unknown if fact in ASKABLE_FACTS and situation.value(fact) is None
            )
    return [fact for fact in ASKABLE_FACTS if fact in wanted]


def refer(situation: Situation, catalog: Catalog) -> Referral:
    """The note's initiatives for the situation, best fit first."""
    if situation.is_minor or situation.is_coerced:
        reasons = (["minor"] if situation.is_minor else []) + (["coercion"] if situation.is_coerced else [])
        return Referral(kind=NOT_PROSTITUTION, not_prostitution=reasons)

    candidates = [c for c in (judge(i, situation, catalog) for i in catalog.initiatives.values()) if c]
    referral = Referral(
        kind=OFFERS,
        matches=_ranked([c for c in candidates if c.fits], catalog),
        conditional=_ranked([c for c in candidates if c.conditional], catalog),
        ruled_out=[c for c in candidates if c.contradicted and c.fit == PRIMARY],
        duties=["always"] + (["exit"] if "exit" in situation.needs else []),
    )
    if not referral.matches:
        listed = {c.initiative.id for c in candidates if not c.contradicted}
        for initiative in catalog.initiatives.values():
            if initiative.id in listed or not _may_belong(initiative, situation, catalog):
                continue
            if initiative.nationwide:
                referral.nationwide.append(initiative)
            elif _known(situation.city, catalog):
                referral.in_city.append(initiative)
    return referral


def _may_belong(initiative: Initiative, situation: Situation, catalog: Catalog) -> bool:
    """Nothing known contradicts the citizen being in the target group, and the
    initiative is in the citizen's city or nationwide."""
    contradicted, unknown = _requirement_status(initiative, situation, catalog)
    if contradicted:
        return False
    # City-bound offers are only listed for a known city they cover; an offer for
    # people from the drug-abuse environment only when that is known.
    return CITY not in unknown and DRUG_USE not in unknown


# --- follow-up questions ----------------------------------------------------------


def followup_aspect(text: Text, catalog: Catalog) -> Optional[Text]:
    """What a follow-up question ("hvor findes det?") asks about."""
    return next((aspect for aspect, pattern in catalog.followup_aspects if pattern.search(text or "")), None)


# --- free-text answers to the form's questions -------------------------------------


def free_text_answer(fact: Text, text: Text, catalog: Catalog) -> Optional[Text]:
    """The value of a typed answer the entity extractor did not recognise: "ved ikke"
    for any question; for the city also "et andet sted" or a place name."""
    text = (text or "").strip()
    if not text or text.startswith("/"):
        return None
    if catalog.free_text["dont_know"].search(text):
        return catalog.unknown_value
    if fact != CITY:
        return None
    if catalog.free_text["other_place"].search(text):
        return catalog.other_city_value
    match = catalog.free_text["city"].match(text)
    if not match or _names_an_initiative(match.group("city"), catalog):
        return None
    if re.search(r"\.\S", match.group("city")):
        return None  # "www.example.dk" is not a place ("St. Heddinge" is); the answer repeats it
    return " ".join(part[:1].upper() + part[1:] for part in match.group("city").rstrip(".").split())


def _names_an_initiative(text: Text, catalog: Catalog) -> bool:
    words = set(fold(text).replace("-", " ").split())
    return (
        any(words & set(fold(i.name).split()) - {"prostitution"} for i in catalog.initiatives.values())
        or "prostitution" in words
    )


def safety_situation(text: Text) -> Situation:
    """The citizen as the safety cues in a message describe her: under 18 and/or forced
    by others (vidensassistent.components.cues), nothing else."""
    cues = detect(text)
    return Situation(
        age=MINOR_VALUE if MINOR in cues.safety else None,
        coercion=COERCED_VALUE if COERCION in cues.safety else None,
    )
