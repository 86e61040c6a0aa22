"""Feedback on answers: "Svaret hjalp" / "Ikke det jeg søgte" under every knowledge
answer and the comment after it. `logic` is pure, `actions` holds the Rasa actions;
how ratings are stored is in vidensassistent.knowledge.feedback (the report reads it)."""
