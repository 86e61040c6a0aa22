"""spaCy's Danish lookup lemmatizer, with its table held as arrays instead of a dict.

spaCy's `lemmatizer` (lookup mode) keeps the 553,116 entries of spacy-lookups-data's
Danish `lemma_lookup` table in a Python dict: about 165 MB of the Rasa server's memory
and a second of its start. This component gives every token the same lemma from the
same table (the key is hashed with spaCy's own `get_string_id`, as `Table.get` does;
a word not in the table is its own lemma), but keeps the table as a sorted array of
key hashes, an array of lemma numbers and one list of the distinct lemmas (about 15 MB).
`tests/understanding/test_compact_lemmatizer.py` checks it against spaCy's lemmatizer.

The factory is registered with spaCy through the `spacy_factories` entry point
(pyproject.toml), so `spacy.load("build/spacy-da")` finds it in any process.
"""

import json
from pathlib import Path
from typing import Any, Iterable, List, Mapping, Text, Tuple

import numpy as np
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

FACTORY = "compact_lemmatizer"
KEYS_FILE = "keys.npy"
INDEX_FILE = "lemma_index.npy"
LEMMAS_FILE = "lemmas.json"


def compact_table(table: Mapping[int, Text]) -> Tuple[np.ndarray, np.ndarray, List[Text]]:
    """(sorted key hashes, lemma number of each key, distinct lemmas) of a spaCy Table."""
    lemmas = sorted(set(table.values()))
    number = {lemma: i for i, lemma in enumerate(lemmas)}
    keys = np.fromiter(table.keys(), dtype=np.uint64, count=len(table))
    index = np.fromiter((number[v] for v in table.values()), dtype=np.int32, count=len(table))
    order = np.argsort(keys)
    return keys[order], index[order], lemmas


class CompactLemmatizer:
    """Sets `token.lemma_` from the lookup table, as spaCy's lookup lemmatizer does."""

    def __init__(self, name: Text = FACTORY) -> None:
        self.name = name
        self.keys = np.empty(0, dtype=np.uint64)
        self.index = np.empty(0, dtype=np.int32)
        self.lemmas: List[Text] = []

    def set_table(self, table: Mapping[int, Text]) -> None:
        self.keys, self.index, self.lemmas = compact_table(table)

    def lemma(self, text: Text) -> Text:
        key = np.uint64(get_string_id(text))
        i = int(np.searchsorted(self.keys, key))
        if i < len(self.keys) and self.keys[i] == key:
            return self.lemmas[self.index[i]]
        return text

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            if token.lemma == 0:
                token.lemma_ = self.lemma(token.text)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def to_disk(self, path: Any, *, exclude: Iterable[Text] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        np.save(path / KEYS_FILE, self.keys)
        np.save(path / INDEX_FILE, self.index)
        (path / LEMMAS_FILE).write_text(json.dumps(self.lemmas, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: Any, *, exclude: Iterable[Text] = ()) -> "CompactLemmatizer":
        path = Path(path)
        self.keys = np.load(path / KEYS_FILE)
        self.index = np.load(path / INDEX_FILE)
        self.lemmas = json.loads((path / LEMMAS_FILE).read_text(encoding="utf-8"))
        return self


@Language.factory(FACTORY)
def make_compact_lemmatizer(nlp: Language, name: Text) -> CompactLemmatizer:
    return CompactLemmatizer(name)
