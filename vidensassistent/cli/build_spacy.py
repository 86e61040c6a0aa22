"""Build the blank Danish spaCy pipeline Rasa loads by path (config.yml: SpacyNLP).

No pretrained Danish pipeline can be downloaded here, so we save spaCy's blank
`da` language (tokenizer, stop words) with a lookup lemmatizer whose table comes
from the spacy-lookups-data package. The table is held compactly
(vidensassistent.components.compact_lemmatizer): the same lemmas as spaCy's own
lookup lemmatizer for about a tenth of its memory.
"""

import shutil
import sys
from pathlib import Path

import spacy

from vidensassistent.components.compact_lemmatizer import FACTORY


def build(target: Path) -> None:
    nlp = spacy.blank("da")
    # spaCy's lookup lemmatizer reads the table from spacy-lookups-data ...
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    table = lemmatizer.lookups.get_table("lemma_lookup")
    # ... and the compact one takes its place with the same table
    nlp.remove_pipe("lemmatizer")
    nlp.add_pipe(FACTORY).set_table(table)
    # a stale pipeline (older components) must not survive next to the new one
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    print(f"spaCy pipeline written to {target}: {nlp.pipe_names} ({len(table)} lemma entries)")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy-da"))
