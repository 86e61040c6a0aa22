"""The README says what `make test` and CI run: every step, as the Makefile and .ci/run have them."""

import re

from vidensassistent.settings import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKE_TEST_ROW = next(line for line in README.splitlines() if line.startswith("| `make test` |"))


def test_the_readme_names_every_feature_step_of_make_test():
    steps = []
    for mk in sorted((ROOT / "mk").glob("*.mk")):
        for line in mk.read_text(encoding="utf-8").splitlines():
            if line.startswith("TEST_STEPS +="):
                steps += line.split("+=", 1)[1].split()
    assert steps
    missing = [step for step in steps if f"`{step}`" not in MAKE_TEST_ROW]
    assert missing == [], f"the README's `make test` row does not name {missing}"


def test_the_readme_names_every_make_command_ci_runs():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^make [\w-]+", ci, flags=re.MULTILINE)
    assert "make test" in commands
    missing = [c for c in commands if f"`{c}`" not in MAKE_TEST_ROW]
    assert missing == [], f"the README's `make test` row does not say CI runs {missing}"
