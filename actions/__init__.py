"""Custom actions of the Vidensassistent (run by `rasa run actions`)."""
