"""Knowledge answers: answer from the note, ask "Mente du …?", or say the note does
not cover it; the "hvad kan du?" menu and the areas. `logic` decides (pure), `buttons`
builds the topic and area buttons, `actions` holds the Rasa actions. Other features
may use this package; it uses none of them (they register in actions.hooks)."""
