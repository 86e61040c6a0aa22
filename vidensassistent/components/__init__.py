"""Custom Rasa NLU components of the Vidensassistent."""
