"""Danish texts the user reads when a message never reaches the assistant proper."""

from __future__ import annotations

from collections import Counter
from typing import List, Text

from vidensassistent.integration.privacy import ADDRESS, CPR, EMAIL, NAME, PHONE

# Longest message accepted, in characters. A question to the note fits easily;
# a pasted case file does not belong here (and would be mostly personal data).
MAX_MESSAGE_CHARS = 1000

EMPTY = (
    'Din besked var tom. Skriv dit spørgsmål om vidensnotatet, eller skriv "hvad kan du?" for at se emnerne.'
)


def too_long(length: int) -> Text:
    return (
        f"Din besked er for lang ({_thousands(length)} tegn). Jeg kan højst tage imod "
        f"{_thousands(MAX_MESSAGE_CHARS)} tegn ad gangen. Skriv dit spørgsmål kortere, "
        "og undlad at indsætte sagsakter eller personoplysninger."
    )


# Same text as the domain response `utter_technical_error`; used where the domain
# is out of reach (the channel itself failed, or the response is missing).
TECHNICAL_ERROR = "Der opstod en teknisk fejl, så jeg kan ikke svare lige nu. Prøv igen om lidt."

_KIND_WORDS = {
    CPR: ("et CPR-nummer", "CPR-numre"),
    PHONE: ("et telefonnummer", "telefonnumre"),
    EMAIL: ("en e-mailadresse", "e-mailadresser"),
    NAME: ("et navn", "navne"),
    ADDRESS: ("en adresse", "adresser"),
}


def privacy_reminder(found: Counter) -> Text:
    """Tell the user what was removed, and not to write personal data here."""
    parts: List[Text] = []
    for kind in (CPR, PHONE, EMAIL, NAME, ADDRESS):
        count = found.get(kind, 0)
        if count == 1:
            parts.append(_KIND_WORDS[kind][0])
        elif count > 1:
            parts.append(f"{count} {_KIND_WORDS[kind][1]}")
    removed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " og " + parts[-1]
    return (
        f"Jeg har fjernet {removed} fra din besked, før den blev behandlet og gemt. "
        "Skriv venligst ikke CPR-numre, telefonnumre, e-mailadresser, navne, adresser "
        "eller andre personoplysninger her – jeg kan svare på dit spørgsmål uden."
    )


# Replies to requests that cannot be read at all (4xx on REST, a message on socket.io).
BAD_JSON = "Beskeden kunne ikke læses: indholdet skal være gyldig JSON (UTF-8)."
BAD_CONTENT_TYPE = "Beskeden kunne ikke læses: indholdstypen skal være application/json."
NOT_AN_OBJECT = 'Beskeden kunne ikke læses: forventede et JSON-objekt som {"sender": "…", "message": "…"}.'
SOCKETIO_NOT_AN_OBJECT = (
    'Beskeden kunne ikke læses: forventede et objekt som {"message": "…", "session_id": "…"}.'
)
MISSING_SENDER = 'Beskeden mangler afsender: feltet "sender" skal være en tekst på 1-128 tegn.'
BAD_SENDER = (
    'Ugyldig afsender: "sender" må kun indeholde bogstaverne a-z, tal og tegnene '
    "- _ . : @ og højst være 128 tegn."
)
MISSING_MESSAGE = 'Beskeden mangler tekst: feltet "message" skal være en tekst.'
BAD_METADATA = 'Ugyldige metadata: feltet "metadata" skal være et JSON-objekt.'
BAD_MESSAGE_ID = (
    'Ugyldigt besked-id: feltet "message_id" skal være en tekst på 1-64 tegn '
    "(bogstaverne a-z og A-Z, tal og . _ : -)."
)
METADATA_TOO_DEEP = 'Ugyldige metadata: feltet "metadata" er indlejret for dybt (højst 10 niveauer).'
SENDER_PERSONAL_DATA = (
    'Ugyldig afsender: "sender" ligner et CPR-nummer, et telefonnummer eller en '
    "e-mailadresse. Brug et tilfældigt id, der ikke kan føres tilbage til en person."
)
BODY_TOO_LARGE = "Beskeden er for stor til at blive modtaget."
MISSING_SESSION = "Beskeden mangler et gyldigt session_id. Genindlæs siden, og prøv igen."


def _thousands(number: int) -> Text:
    return f"{number:,}".replace(",", ".")


# Singular and plural of each kind of personal data the channels replace: also the
# words the widget and "Om Vidensassistenten" use (vidensassistent/cli/about.py).
KIND_WORDS = _KIND_WORDS

# "Slet samtalen" (vidensassistent.integration.deletion): what the user reads afterwards.
CONVERSATION_DELETED = (
    "Samtalen er slettet. Det, du skrev, og mine svar er fjernet fra kommunens server "
    "med det samme. Du kan stille et nyt spørgsmål, når du vil; det bliver en ny samtale."
)
DELETE_FAILED = "Samtalen kunne ikke slettes på grund af en teknisk fejl. Prøv igen om lidt."
DELETE_NOT_ALLOWED = (
    "Samtalen kunne ikke slettes: forbindelsen hører ikke til den samtale. Genindlæs siden, og prøv igen."
)
