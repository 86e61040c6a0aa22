"""The realistic question sets (issue 11) and how the bot's replies are scored.

A set is a folder (tests/realistic for judging, tests/tuning/realistic for tuning)
with six files, each a YAML list under `questions:`:

  in_scope.yml      {topic, style, text}       the right answer is topic's
  out_of_scope.yml  {topic: out_of_scope, text} declined (any decline counts)
  safety.yml        {expect: safety|none, text} the safety answer first / not at all
  referral.yml      {text, offers, not_offers}  the referral starts or answers
  followups.yml     {first, first_topic, text, topic}  second reply answers topic
  english.yml       {topic, text}              the right (Danish) answer

Every miss is reported by kind: refused ("outside what I know" or a decline),
"Mente du", or a wrong answer. Usage (starts its own servers):

    python -m vidensassistent.tooling.realistic [--set tests/tuning/realistic] [--misses]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Text, Tuple

import yaml

from vidensassistent.settings import ROOT
from vidensassistent.tooling.heldout import load_answer_texts, safety_starts

JUDGING_DIR = ROOT / "tests" / "realistic"
TUNING_DIR = ROOT / "tests" / "tuning" / "realistic"
KNOWLEDGE_DIR = ROOT / "data" / "knowledge"
SETS = ("in_scope", "out_of_scope", "safety", "referral", "followups", "english")

# Outcome kinds of one reply
ANSWER = "answer"
CLARIFY = "clarify"
REFUSED = "refused"
SAFETY = "safety"
REFERRAL = "referral"
OTHER = "other"

Send = Callable[[Text, Text], List[Dict]]


def load_set(directory: Path, name: Text) -> List[Dict]:
    path = directory / f"{name}.yml"
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


@dataclass(frozen=True)
class Outcome:
    kind: Text
    topic: Optional[Text] = None
    # initiative ids named as offers in a referral answer
    offers: frozenset = frozenset()
    # the kind of the first message (safety must come first)
    first: Text = OTHER


class ReplyReader:
    """Recognises what a reply is from the project's own texts."""

    def __init__(self) -> None:
        self.answers = load_answer_texts()
        # An answer sent without buttons is split into one message per paragraph by
        # Rasa's output channel (the first of two answers): know them by their start.
        self.first_paragraphs = {text.split("\n\n")[0].strip(): topic for text, topic in self.answers.items()}
        referral = yaml.safe_load((KNOWLEDGE_DIR / "referral.yml").read_text(encoding="utf-8"))
        initiatives = yaml.safe_load((KNOWLEDGE_DIR / "initiatives.yml").read_text(encoding="utf-8"))
        self.safety_starts = safety_starts()
        texts = referral["texts"]
        self.referral_starts = [
            texts[k].split("{")[0].strip()
            for k in ("one_match", "several_matches", "no_match", "no_sure_match")
        ]
        domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
        self.form_questions = [
            " ".join(v["text"].split())[:40]
            for name, variants in domain["responses"].items()
            if name.startswith("utter_ask_referral_")
            for v in variants
        ]
        self.names = {key: entry["name"] for key, entry in (initiatives.get("initiatives") or {}).items()}

    def kind_of(self, text: Text) -> Optional[Outcome]:
        flat = " ".join(text.split())
        if text.strip() in self.answers:
            return Outcome(ANSWER, topic=self.answers[text.strip()])
        if text.strip() in self.first_paragraphs:
            return Outcome(ANSWER, topic=self.first_paragraphs[text.strip()])
        if any(flat.startswith(s) for s in self.safety_starts):
            return Outcome(SAFETY)
        if flat.startswith("Jeg er ikke helt sikker"):
            return Outcome(CLARIFY)
        if flat.startswith("Det ligger uden for") or flat.startswith("Det svarer vidensnotatet ikke"):
            return Outcome(REFUSED)
        if any(flat.startswith(s) for s in self.form_questions) or any(
            s in flat for s in self.referral_starts
        ):
            return Outcome(REFERRAL)
        return None

    def read(self, messages: Iterable[Dict]) -> Outcome:
        texts = [m.get("text") or "" for m in messages]
        kinds = [k for k in (self.kind_of(t) for t in texts) if k is not None]
        if not kinds:
            # e.g. the guided referral's answer to a follow-up on the offer in context
            joined = "\n".join(texts)
            return Outcome(OTHER, offers=frozenset(k for k, n in self.names.items() if n in joined))
        first = kinds[0].kind
        main = next((k for k in kinds if k.kind in (SAFETY,)), kinds[0])
        if any(k.kind == REFERRAL for k in kinds) and main.kind != SAFETY:
            joined = "\n".join(texts)
            offers = frozenset(key for key, name in self.names.items() if _named_as_offer(name, joined))
            return Outcome(REFERRAL, offers=offers, first=first)
        return Outcome(main.kind, topic=main.topic, offers=main.offers, first=first)


LISTED_RE = re.compile(r"\s*\d+\.\s")


def _named_as_offer(name: Text, text: Text) -> bool:
    """An initiative listed as a match ("1. Reden KFUK (…) – …"), not one merely
    mentioned ("Hvis borgeren kommer fra stofmisbrugsmiljøet: Hanne Mariehjemmet …")."""
    return any(LISTED_RE.match(line) and name in line for line in text.splitlines())


@dataclass
class SetScore:
    name: Text
    total: int = 0
    correct: int = 0
    misses: Counter = field(default_factory=Counter)
    examples: List[Text] = field(default_factory=list)
    # in-scope questions by writing style (case, keywords, typo, indirect, plain)
    style_total: Counter = field(default_factory=Counter)
    style_correct: Counter = field(default_factory=Counter)

    def add(self, ok: bool, miss_kind: Text, text: Text, style: Optional[Text] = None) -> None:
        self.total += 1
        if style:
            self.style_total[style] += 1
            self.style_correct[style] += ok
        if ok:
            self.correct += 1
        else:
            self.misses[miss_kind] += 1
            self.examples.append(f"[{miss_kind}] {text}")

    @property
    def rate(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def line(self) -> Text:
        misses = ", ".join(f"{k} {v}" for k, v in sorted(self.misses.items()))
        line = f"{self.name:13} {self.rate:6.1%} ({self.correct}/{self.total})  misses: {misses or '-'}"
        if self.style_total:
            styles = ", ".join(
                f"{style} {self.style_correct[style]}/{total}"
                for style, total in sorted(self.style_total.items())
            )
            line += f"\n{'':13} by style: {styles}"
        return line


def _miss_kind(outcome: Outcome) -> Text:
    return {REFUSED: "refused", CLARIFY: "mente_du", ANSWER: "wrong_answer"}.get(outcome.kind, outcome.kind)


def score_sets(send: Send, directory: Path, reader: Optional[ReplyReader] = None) -> Dict[Text, SetScore]:
    """Send every question of a realistic set folder to the bot and score the replies."""
    reader = reader or ReplyReader()
    scores = {name: SetScore(name) for name in SETS}
    for name in ("in_scope", "english"):
        for i, q in enumerate(load_set(directory, name)):
            got = reader.read(send(f"r-{name}-{i}", q["text"]))
            ok = _answered(q["topic"], got)
            scores[name].add(
                ok, _miss_kind(got), f"{q['topic']} -> {got.topic or got.kind}: {q['text']}", q.get("style")
            )
    for i, q in enumerate(load_set(directory, "out_of_scope")):
        got = reader.read(send(f"r-oos-{i}", q["text"]))
        scores["out_of_scope"].add(got.kind == REFUSED, got.topic or got.kind, q["text"])
    for i, q in enumerate(load_set(directory, "safety")):
        got = reader.read(send(f"r-safety-{i}", q["text"]))
        ok = got.first == SAFETY if q["expect"] == "safety" else got.kind != SAFETY
        miss = _miss_kind(got) if q["expect"] == "safety" else "false_alarm"
        scores["safety"].add(ok, miss, f"{q['expect']} -> {got.first}/{got.kind}: {q['text']}")
    for i, q in enumerate(load_set(directory, "referral")):
        got = reader.read(send(f"r-referral-{i}", q["text"]))
        ok, miss = _referral_ok(q, got)
        scores["referral"].add(ok, miss, f"-> {got.kind} {sorted(got.offers)}: {q['text']}")
    for i, q in enumerate(load_set(directory, "followups")):
        send(f"r-followup-{i}", q["first"])
        got = reader.read(send(f"r-followup-{i}", q["text"]))
        # a follow-up on one of the four offers may be answered by the referral's
        # follow-up answer about that offer ("Reden KFUK findes ifølge notatet i …")
        ok = _answered(q["topic"], got) or (
            got.kind == OTHER and q["topic"] in OFFER_TOPICS and q["topic"] in got.offers
        )
        got_name = got.topic or got.kind
        scores["followups"].add(
            ok, _miss_kind(got), f"{q['first_topic']} + {q['text']} -> {got_name} (want {q['topic']})"
        )
    return scores


OFFER_TOPICS = {"kompetencecenter", "exit_prostitution", "reden", "hanne_mariehjemmet"}


def _answered(topic: Text, got: Outcome) -> bool:
    """The topic's answer, or, for a question about one of the four offers ("Hvor kan vi
    sende en kvinde, der tager stoffer, hen i to uger?"), a referral answer that
    recommends that offer: the guided referral read the same facts from the question."""
    if got.kind == ANSWER:
        return got.topic == topic
    return got.kind == REFERRAL and topic in OFFER_TOPICS and topic in got.offers


def _referral_ok(question: Dict, got: Outcome) -> Tuple[bool, Text]:
    """The referral started (a form question) or answered without naming an offer the
    facts rule out and, where the facts decide it, with the offers they call for. A
    direct answer about the offers also counts: the overview when the facts decide
    nothing yet, or the one offer the facts call for."""
    offers = set(question.get("offers") or [])
    not_offers = set(question.get("not_offers") or [])
    if got.kind == REFERRAL:
        if got.offers & not_offers:
            return False, "offers_excluded"
        if got.offers and not offers <= got.offers:
            return False, "misses_offer"
        return True, ""
    if got.kind == ANSWER and got.topic == "initiatives_overview":
        # the overview presents all four offers: right when the facts decide nothing yet,
        # or when the question asks for all of them ("hvilke tilbud findes der?")
        return not offers or offers == OFFER_TOPICS, "wrong_answer"
    if got.kind == ANSWER and got.topic in OFFER_TOPICS:
        return got.topic not in not_offers and offers <= {got.topic}, "wrong_answer"
    return False, _miss_kind(got)


def report(scores: Dict[Text, SetScore], misses: bool = False) -> Text:
    lines = [s.line() for s in scores.values() if s.total]
    if misses:
        for s in scores.values():
            if s.examples:
                lines.append(f"\n--- {s.name} misses ---")
                lines.extend(s.examples)
    return "\n".join(lines)


def main() -> None:
    from vidensassistent.tooling.servers import DEFAULT_MODEL, running_servers

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--set", default=str(TUNING_DIR), help="realistic set folder")
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    workdir = ROOT / "build" / "realistic"
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "tracker.db").unlink(missing_ok=True)
    with running_servers(Path(args.model), workdir) as bot:
        scores = score_sets(bot.send, Path(args.set))
    print(f"Set: {args.set}")
    print(report(scores, misses=args.misses))


if __name__ == "__main__":
    main()
