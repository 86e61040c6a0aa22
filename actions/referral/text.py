"""Danish wording of referral answers, from the sentences in data/knowledge/referral.yml."""

from __future__ import annotations

from typing import List, Optional, Sequence, Text

from actions.referral.catalog import BACKGROUND, CITY, DRUG_USE, FORM, GENDER, Catalog, Initiative
from actions.referral.logic import NOT_PROSTITUTION, Candidate, Referral, Situation


def join_danish(items: Sequence[Text], conjunction: Text = "og") -> Text:
    """ "a", "a og b", "a, b og c" (or "eller")."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _sentence(text: Text) -> Text:
    text = text.strip()
    return text if text.endswith((".", "!", "?", ")")) else f"{text}."


def _capitalised(text: Text) -> Text:
    return text[:1].upper() + text[1:]


def city_label(city: Optional[Text], catalog: Catalog) -> Text:
    return catalog.label("city", city) if city else ""


def facts_summary(situation: Situation, catalog: Catalog) -> Text:
    """ "kvinde, gadeprostitution, Århus, behov: et sted at sove og mad"."""
    parts: List[Text] = []
    known = lambda value: value not in (None, "", catalog.unknown_value)  # noqa: E731
    if known(situation.gender):
        parts.append(catalog.label("gender", situation.gender))
    if situation.adult_age is not None:
        parts.append(f"{situation.adult_age} år")
    if known(situation.background):
        parts.append(catalog.label("background", situation.background))
    if known(situation.prostitution_form):
        parts.append(catalog.label("prostitution_form", situation.prostitution_form))
    if situation.has_drug_use:
        parts.append(catalog.label("drug_use", "yes"))
    if known(situation.city):
        parts.append(city_label(situation.city, catalog))
    if situation.needs:
        needs = join_danish([catalog.label("need", n) for n in situation.needs])
        parts.append(f"behov: {needs}")
    return ", ".join(parts)


def _forms_phrase(initiative: Initiative, catalog: Catalog) -> Text:
    phrases = [catalog.where_phrases.get(f, catalog.label("prostitution_form", f)) for f in initiative.forms]
    return join_danish(phrases, "eller")


def _why(candidate: Candidate) -> Text:
    why = candidate.why.rstrip(".")
    if candidate.initiative.focus_note:
        why += f"; {candidate.initiative.focus_note}"
    return why


def match_line(rank: int, candidate: Candidate, catalog: Catalog) -> Text:
    line = catalog.texts["match_line"].format(
        rank=rank,
        name=candidate.initiative.name,
        funding=candidate.initiative.funding_text,
        why=_why(candidate),
    )
    return " ".join([line, *candidate.caveats])


def ruled_out_line(candidate: Candidate, situation: Situation, catalog: Catalog) -> Text:
    initiative = candidate.initiative
    reason = candidate.contradicted[0]
    if reason == CITY:
        cities = join_danish(list(initiative.cities))
        if situation.city == catalog.other_city_value:
            return catalog.texts["only_cities"].format(name=initiative.name, cities=cities)
        return catalog.texts["not_in_city"].format(
            name=initiative.name, cities=cities, city=city_label(situation.city, catalog)
        )
    if reason == GENDER:
        return catalog.texts["only_women"].format(name=initiative.name)
    if reason == BACKGROUND:
        return initiative.background_caveat or ""
    return catalog.texts["only_forms"].format(name=initiative.name, forms=_forms_phrase(initiative, catalog))


def conditional_line(candidate: Candidate, catalog: Catalog) -> Text:
    initiative = candidate.initiative
    conditions = []
    for fact in candidate.unknown:
        if fact == CITY:
            cities = join_danish(list(initiative.cities), "eller")
            conditions.append(catalog.texts["condition_city"].format(cities=cities))
        elif fact == GENDER:
            conditions.append(catalog.texts["condition_woman"])
        elif fact == FORM:
            forms = _forms_phrase(initiative, catalog)
            conditions.append(catalog.texts["condition_form"].format(forms=forms))
        elif fact == DRUG_USE:
            conditions.append(catalog.texts["condition_drug_use"])
    line = catalog.texts["conditional"].format(
        conditions=join_danish(conditions),
        name=initiative.name,
        funding=initiative.funding_text,
        why=_why(candidate),
    )
    return " ".join([_capitalised(line), *candidate.caveats])


def render_referral(referral: Referral, situation: Situation, catalog: Catalog) -> List[Text]:
    """The answer as chat messages: the offers, then the municipality's own duty."""
    if referral.kind == NOT_PROSTITUTION:
        texts = [catalog.not_prostitution[reason] for reason in referral.not_prostitution]
        texts.append(catalog.not_prostitution["procedures"])
        return ["\n\n".join([" ".join(texts), catalog.not_prostitution["source"]])]

    lines: List[Text] = []
    summary = facts_summary(situation, catalog)
    if summary:
        lines.append(catalog.texts["understood"].format(facts=summary))
    if referral.matches:
        heading = "one_match" if len(referral.matches) == 1 else "several_matches"
        lines.append(catalog.texts[heading])
        lines.extend(match_line(rank, c, catalog) for rank, c in enumerate(referral.matches, 1))
    else:
        lines.append(catalog.texts["no_sure_match" if referral.conditional else "no_match"])
    offers = "\n".join(lines)

    notes = [ruled_out_line(c, situation, catalog) for c in referral.ruled_out]
    notes += [conditional_line(c, catalog) for c in referral.conditional]
    notes += [
        catalog.texts["in_city"].format(
            city=city_label(situation.city, catalog), name=i.name, summary=i.summary
        )
        for i in referral.in_city
    ]
    notes += [catalog.texts["nationwide"].format(name=i.name, summary=i.summary) for i in referral.nationwide]
    first = "\n\n".join([offers, *notes]) if notes else offers

    duties = " ".join(catalog.duties[d] for d in referral.duties)
    second = "\n\n".join(
        [duties, f"Bemærk: {catalog.dated_notice} {catalog.duties['law_notice']}", catalog.duties["source"]]
    )
    return [first, second]


def without_repeats(messages: Sequence[Text], earlier: Sequence[Text], catalog: Catalog) -> List[Text]:
    """Say the municipality's duties and the 2013 caveat once per conversation: a later
    referral answer refers back to them, so each answer fits on the screen."""
    said = "\n\n".join(earlier)
    duties = catalog.duties
    notice = f"Bemærk: {catalog.dated_notice} {duties['law_notice']}"
    shortened: List[Text] = []
    for message in messages:
        parts = message.split("\n\n")
        if notice not in parts:
            shortened.append(message)
            continue
        given = [duties[d] for d in ("always", "exit") if duties[d] in parts[0]]
        new = [d for d in given if d not in said]
        duty = " ".join(([duties["repeated_duty"]] if len(new) < len(given) else []) + new)
        caveat = notice if notice not in said else duties["repeated_notice"]
        shortened.append("\n\n".join([duty, caveat, *parts[2:]]))
    return shortened


# --- follow-ups ---------------------------------------------------------------------


def _with_notice(text: Text, catalog: Catalog) -> Text:
    return "\n\n".join([text, catalog.texts["dated"], catalog.texts["source"]])


def aspect_answer(initiative: Initiative, aspect: Optional[Text], catalog: Catalog) -> Text:
    """Answer a follow-up such as "hvor findes det?" for the initiative in context."""
    t = catalog.texts
    if aspect == "where":
        text = initiative.where
    elif aspect == "who":
        text = t["followup_who"].format(name=initiative.name, target_group=initiative.target_group)
    elif aspect == "stay":
        text = (
            t["followup_stay"].format(name=initiative.name, stay=initiative.stay)
            if initiative.stay
            else t["followup_no_stay"].format(
                name=initiative.name,
                purpose_sentence=t["followup_purpose"].format(
                    name=initiative.name, purpose=initiative.purpose
                ),
            )
        )
    elif aspect == "funding":
        text = t["followup_funding"].format(statement=initiative.funding_statement)
        if initiative.funding_as_printed:
            text += " " + t["followup_funding_misprint"].format(
                as_printed=initiative.funding_as_printed, period=initiative.funding_period
            )
    elif aspect == "contact":
        text = t["followup_contact"].format(contact=initiative.contact)
    elif aspect == "effect":
        text = t["followup_effect"].format(name=initiative.name, documentation=initiative.documentation)
    else:
        text = " ".join(
            [t["followup_purpose"].format(name=initiative.name, purpose=initiative.purpose), initiative.where]
        )
    return _with_notice(text, catalog)


def city_answer(
    initiative: Initiative, city: Text, catalog: Catalog, also_there: Sequence[Initiative]
) -> Text:
    """ "og i Odense?" about an initiative (no situation in context)."""
    t = catalog.texts
    label = city_label(city, catalog)
    if initiative.nationwide:
        text = t["followup_in_city_nationwide"].format(name=initiative.name, city=label)
    elif initiative.covers_city(city):
        text = t["followup_in_city_yes"].format(name=initiative.name, city=label)
    else:
        text = t["followup_in_city_no"].format(
            name=initiative.name, cities=join_danish(list(initiative.cities)), city=label
        )
        text = "\n\n".join(
            [text] + [t["in_city"].format(city=label, name=i.name, summary=i.summary) for i in also_there]
        )
    return _with_notice(text, catalog)


def gender_answer(initiative: Initiative, gender: Text, catalog: Catalog) -> Text:
    t = catalog.texts
    if initiative.genders and gender not in initiative.genders:
        text = t["followup_women_only"].format(name=initiative.name)
    elif initiative.genders:
        text = t["followup_who"].format(name=initiative.name, target_group=initiative.target_group)
    else:
        text = t["followup_any_gender"].format(name=initiative.name, target_group=initiative.target_group)
    return _with_notice(_sentence(text), catalog)


def form_answer(initiative: Initiative, form: Text, catalog: Catalog) -> Text:
    """ "og hvis hun er på klinik?" about an initiative (no situation in context)."""
    t = catalog.texts
    if initiative.forms and form not in initiative.forms:
        text = t["only_forms"].format(name=initiative.name, forms=_forms_phrase(initiative, catalog))
    else:
        text = t["followup_who"].format(name=initiative.name, target_group=initiative.target_group)
    return _with_notice(text, catalog)
