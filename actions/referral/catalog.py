"""The referral's data: the note's four initiatives (data/knowledge/initiatives.yml)
and the referral vocabulary and sentences (data/knowledge/referral.yml), read into
a `Catalog`; and the names of the facts a citizen's situation is made of."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Text, Tuple

import yaml

from vidensassistent.knowledge import KNOWLEDGE_DIR

# Facts the form can ask for, in the order it asks them.
NEED = "need"
CITY = "city"
GENDER = "gender"
FORM = "prostitution_form"
DRUG_USE = "drug_use"
BACKGROUND = "background"
AGE = "age"
COERCION_FACT = "coercion"
ASKABLE_FACTS: Tuple[Text, ...] = (NEED, CITY, GENDER, FORM)
# All facts of a situation (keys of referral.yml `facts`).
ALL_FACTS: Tuple[Text, ...] = (
    NEED,
    CITY,
    GENDER,
    FORM,
    AGE,
    COERCION_FACT,
    DRUG_USE,
    BACKGROUND,
)


@dataclass(frozen=True)
class NeedFit:
    fit: Text
    why: Text


@dataclass(frozen=True)
class Initiative:
    id: Text
    name: Text
    faq_topic: Text
    funding_status: Text
    funding_text: Text
    funding_statement: Text
    funding_period: Optional[Text]
    funding_as_printed: Optional[Text]
    target_group: Text
    purpose: Text
    nationwide: bool
    cities: Tuple[Text, ...]
    where: Text
    summary: Text
    stay: Optional[Text]
    documentation: Text
    contact: Text
    needs: Dict[Text, NeedFit]
    genders: Tuple[Text, ...] = ()
    forms: Tuple[Text, ...] = ()
    requires_drug_use: bool = False
    focus_forms: Tuple[Text, ...] = ()
    focus_note: Optional[Text] = None
    background_expects: Optional[Text] = None
    background_required: bool = False
    background_caveat: Optional[Text] = None

    def covers_city(self, city: Text) -> bool:
        return self.nationwide or fold(city) in {fold(c) for c in self.cities}


@dataclass(frozen=True)
class Catalog:
    """Initiatives in the note's order plus the referral vocabulary and texts."""

    initiatives: Dict[Text, Initiative]
    as_of: int
    dated_notice: Text
    fact_slots: Dict[Text, Text]
    labels: Dict[Text, Dict[Text, Text]]
    where_phrases: Dict[Text, Text]
    unknown_value: Text
    other_city_value: Text
    free_text: Dict[Text, "re.Pattern[str]"]
    duties: Dict[Text, Text]
    not_prostitution: Dict[Text, Text]
    texts: Dict[Text, Text]
    pronouns: Tuple[Text, ...]
    followup_aspects: List[Tuple[Text, "re.Pattern[str]"]]

    def by_faq_topic(self, topic_id: Optional[Text]) -> Optional[Initiative]:
        return next((i for i in self.initiatives.values() if i.faq_topic == topic_id), None)

    def label(self, fact: Text, value: Text) -> Text:
        return self.labels.get(fact, {}).get(value, value)


def fold(text: Text) -> Text:
    """Case and spacing folded away, for comparing names and places."""
    return " ".join(str(text).casefold().split())


def _clean(text: Optional[Text]) -> Text:
    return " ".join(str(text or "").split())


def _parse_initiative(initiative_id: Text, entry: Mapping[Text, Any]) -> Initiative:
    match = entry.get("match") or {}
    funding = entry["funding"]
    coverage = entry["coverage"]
    background = match.get("background") or {}
    return Initiative(
        id=initiative_id,
        name=entry["name"],
        faq_topic=entry["faq_topic"],
        funding_status=funding["status"],
        funding_text=funding["text"],
        funding_statement=funding["statement"],
        funding_period=funding.get("period"),
        funding_as_printed=funding.get("as_printed"),
        target_group=_clean(entry["target_group"]),
        purpose=_clean(entry["purpose"]),
        nationwide=bool(coverage.get("nationwide")),
        cities=tuple(coverage.get("cities") or ()),
        where=_clean(coverage["where"]),
        summary=_clean(entry["summary"]),
        stay=entry.get("stay"),
        documentation=_clean(entry["documentation"]),
        contact=entry["contact"],
        needs={
            need: NeedFit(fit=spec["fit"], why=_clean(spec["why"]))
            for need, spec in (match.get("needs") or {}).items()
        },
        genders=tuple(match.get("genders") or ()),
        forms=tuple(match.get("forms") or ()),
        requires_drug_use=bool(match.get("requires_drug_use")),
        focus_forms=tuple(match.get("focus_forms") or ()),
        focus_note=match.get("focus_note"),
        background_expects=background.get("requires") or background.get("expects"),
        background_required="requires" in background,
        background_caveat=background.get("caveat"),
    )


def parse_catalog(initiatives_raw: Mapping[Text, Any], referral_raw: Mapping[Text, Any]) -> Catalog:
    facts = referral_raw["facts"]
    return Catalog(
        initiatives={
            initiative_id: _parse_initiative(initiative_id, entry)
            for initiative_id, entry in initiatives_raw["initiatives"].items()
        },
        as_of=int(initiatives_raw["as_of"]),
        dated_notice=_clean(initiatives_raw["dated_notice"]),
        fact_slots={name: spec["slot"] for name, spec in facts.items()},
        labels={name: dict(spec.get("labels") or {}) for name, spec in facts.items()},
        where_phrases=dict(facts[FORM].get("where_phrases") or {}),
        unknown_value=referral_raw["unknown_value"],
        other_city_value=referral_raw["other_city_value"],
        free_text={
            name: re.compile(pattern, re.IGNORECASE) for name, pattern in referral_raw["free_text"].items()
        },
        duties={key: _clean(text) for key, text in referral_raw["duties"].items()},
        not_prostitution={key: _clean(text) for key, text in referral_raw["not_prostitution"].items()},
        texts=dict(referral_raw["texts"]),
        pronouns=tuple(facts[GENDER].get("pronouns") or ()),
        followup_aspects=[
            (entry["aspect"], re.compile(entry["pattern"], re.IGNORECASE))
            for entry in referral_raw["followup_aspects"]
        ],
    )


def _read_yaml(path: Path) -> Dict[Text, Any]:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def load_catalog(directory: Path = KNOWLEDGE_DIR) -> Catalog:
    return parse_catalog(_read_yaml(directory / "initiatives.yml"), _read_yaml(directory / "referral.yml"))
