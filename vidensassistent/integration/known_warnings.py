"""Warnings known to be noise at the servers' start: kept in the log file, not the terminal.

Rasa 3.6 pins libraries (SQLAlchemy 1.4, setuptools' pkg_resources, pyparsing users, Click
users) that warn about APIs *their* dependencies deprecated. Nothing in this project can
change them short of a Rasa upgrade, and 15-20 of them came before the addresses a person
needs in `make run`'s output. `route_warnings(log_file)` (called by
vidensassistent.integration.serve when Rasa is given `--log-file`, as `make run` does) writes
every warning to the log file and shows on the terminal only those that are *not* in
KNOWN_NOISE below: a new kind of warning, or one from this project's own code, stays visible.
Errors are not warnings: they are logged by Rasa as before.
"""

from __future__ import annotations

import logging
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional, Text, Tuple, Type


@dataclass(frozen=True)
class KnownWarning:
    category: Type[Warning]
    module: Text  # where the warning is reported: this module or one inside it
    why: Text


KNOWN_NOISE: Tuple[KnownWarning, ...] = (
    KnownWarning(
        DeprecationWarning,
        "rasa.core.tracker_store",
        "SQLAlchemy 2.0 migration warnings; Rasa 3.6 pins SQLAlchemy 1.4",
    ),
    KnownWarning(
        DeprecationWarning,
        "rasa.shared.utils.validation",
        "Rasa imports setuptools' deprecated pkg_resources",
    ),
    KnownWarning(
        DeprecationWarning, "pkg_resources", "namespace packages (mpl_toolkits, ruamel) declared the old way"
    ),
    KnownWarning(DeprecationWarning, "apscheduler", "imports the deprecated pkg_resources"),
    KnownWarning(DeprecationWarning, "sanic_cors", "uses distutils' LooseVersion"),
    KnownWarning(
        DeprecationWarning,
        "sanic.server.websockets",
        "Sanic 21.12 passes coroutines to asyncio.wait (at the first socket.io connection)",
    ),
    KnownWarning(DeprecationWarning, "tensorflow", "imports jax.xla_computation"),
    KnownWarning(DeprecationWarning, "matplotlib", "pyparsing 3 renamed the functions it calls"),
    KnownWarning(DeprecationWarning, "packaging", "pyparsing 3 renamed the functions it calls"),
    KnownWarning(DeprecationWarning, "typer", "Click 8.2 deprecated what typer imports"),
    KnownWarning(DeprecationWarning, "spacy", "Click 8.2 deprecated what spaCy's CLI imports"),
)

logger = logging.getLogger("vidensassistent.warnings")


def module_of(filename: Text) -> Text:
    """The dotted module name of a source file found on sys.path ("" if none)."""
    path = Path(filename).resolve()
    best = ""
    for entry in sys.path:
        try:
            relative = path.relative_to(Path(entry or ".").resolve())
        except ValueError:
            continue
        name = ".".join(relative.with_suffix("").parts)
        if name.endswith(".__init__"):
            name = name[: -len(".__init__")]
        if not best or len(name) < len(best):
            best = name
    return best


def is_known_noise(category: Type[Warning], filename: Text) -> bool:
    module = module_of(filename)
    return any(
        issubclass(category, known.category)
        and (module == known.module or module.startswith(known.module + "."))
        for known in KNOWN_NOISE
    )


def route_warnings(log_file: Text) -> None:
    """Every warning into `log_file`; on the terminal only those not in KNOWN_NOISE."""
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s [WARN ]  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # not to the terminal through the root logger
    show_on_terminal = warnings.showwarning

    def showwarning(
        message: Any,
        category: Type[Warning],
        filename: Text,
        lineno: int,
        file: Optional[Any] = None,
        line: Optional[Text] = None,
    ) -> None:
        logger.warning(warnings.formatwarning(message, category, filename, lineno, line).rstrip())
        if not is_known_noise(category, filename):
            show_on_terminal(message, category, filename, lineno, file, line)

    warnings.showwarning = showwarning
