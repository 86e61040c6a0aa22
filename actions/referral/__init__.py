"""Guided referral: from a citizen's situation to the note's initiatives, and the
safety answer (a minor or a person forced by others), which is the referral's answer
for such a citizen. `catalog` reads the data, `logic` matches, `text` words the
answers, `followup` answers follow-ups, `actions` and `safety` hold the Rasa actions."""
