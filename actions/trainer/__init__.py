"""Trainer mode: the quiz (`quiz`), the guided tour of the note (`tour`), their
text matching (`text`) and buttons (`buttons`), and the Rasa actions (`actions`).
The printable handout is built outside the assistant (vidensassistent/cli/handout.py)."""
