"""Build the blank Danish spaCy pipeline Rasa loads by path (config.yml: SpacyNLP).

No pretrained Danish pipeline can be downloaded here, so we save spaCy's blank
`da` language (tokenizer, stop words) with the lookup lemmatizer whose table
comes from the spacy-lookups-data package.
"""

import sys
from pathlib import Path

import spacy


def build(target: Path) -> None:
    nlp = spacy.blank("da")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    target.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    print(f"spaCy pipeline written to {target}: {nlp.pipe_names}")


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "build/spacy-da"))
