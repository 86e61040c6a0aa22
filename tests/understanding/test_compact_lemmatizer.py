"""The compact lookup lemmatizer of build/spacy-da gives the lemmas spaCy's own lookup
lemmatizer gives (vidensassistent.components.compact_lemmatizer), so the features the
classifier sees do not change with it."""

import pytest
import spacy

from vidensassistent.settings import ROOT
from vidensassistent.tooling.leakage import TUNING_DIR, question_lines, training_lines

SPACY_MODEL = ROOT / "build" / "spacy-da"


@pytest.fixture(scope="module")
def pipelines():
    if not (SPACY_MODEL / "meta.json").exists():
        pytest.fail(f"{SPACY_MODEL} is missing: run `make install`")
    spacys = spacy.blank("da")
    spacys.add_pipe("lemmatizer", config={"mode": "lookup"})
    spacys.initialize()
    return spacy.load(SPACY_MODEL), spacys


def lemmas(nlp, text):
    return [token.lemma_ for token in nlp(text)]


def test_the_saved_pipeline_uses_the_compact_lemmatizer(pipelines):
    compact, _ = pipelines
    assert compact.pipe_names == ["compact_lemmatizer"]


def test_every_training_line_and_tuning_question_gets_spacys_own_lemmas(pipelines):
    compact, spacys = pipelines
    texts = [line.text for line in training_lines()] + [q.text for q in question_lines(TUNING_DIR)]
    texts += ["Kvinderne står på gaden", "KVINDERNE", "rådgivningen", "børnene", "", "§ 10", "ææø 123"]
    assert len(texts) > 5000
    differ = [t for t in texts if lemmas(compact, t) != lemmas(spacys, t)]
    assert differ == []
    # and the table is used, not skipped: a plural gets its singular
    assert lemmas(compact, "kvinderne") == ["kvinde"]
