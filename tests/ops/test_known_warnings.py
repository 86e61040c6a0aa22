"""Known-noise warnings go to the log file only; every other warning stays on the terminal."""

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

from vidensassistent.integration.known_warnings import is_known_noise, module_of
from vidensassistent.settings import ROOT

# A file of a library whose deprecation warnings are known noise (distutils' LooseVersion).
SANIC_CORS_FILE = str(Path(importlib.util.find_spec("sanic_cors").origin).parent / "extension.py")


def test_a_library_file_is_named_by_its_module():
    assert module_of(SANIC_CORS_FILE) == "sanic_cors.extension"
    assert module_of(str(ROOT / "vidensassistent" / "integration" / "serve.py")) == (
        "vidensassistent.integration.serve"
    )


def test_only_the_listed_category_from_the_listed_module_is_noise():
    assert is_known_noise(DeprecationWarning, SANIC_CORS_FILE)
    assert not is_known_noise(UserWarning, SANIC_CORS_FILE)
    assert not is_known_noise(RuntimeWarning, SANIC_CORS_FILE)
    own = str(ROOT / "vidensassistent" / "integration" / "stores.py")
    assert not is_known_noise(DeprecationWarning, own)


def test_noise_goes_to_the_log_file_and_other_warnings_to_the_terminal_too(tmp_path):
    log = tmp_path / "rasa.log"
    script = textwrap.dedent(f"""
        import warnings
        from vidensassistent.integration.known_warnings import route_warnings
        warnings.simplefilter("always")
        route_warnings({str(log)!r})
        warnings.warn_explicit("LooseVersion er forældet", DeprecationWarning, {SANIC_CORS_FILE!r}, 39)
        warnings.warn("en ny slags advarsel", UserWarning)
    """)
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    assert "en ny slags advarsel" in result.stderr
    assert "LooseVersion" not in result.stderr
    logged = log.read_text()
    assert "LooseVersion er forældet" in logged and "en ny slags advarsel" in logged
