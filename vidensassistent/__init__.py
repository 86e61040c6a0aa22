"""Vidensassistent: the project's Python package (NLU components, integration with Rasa,
knowledge loading, the editors' report and the command-line tools).

Rasa's custom actions stay in the top-level `actions` package, where `rasa run actions` looks.
"""
