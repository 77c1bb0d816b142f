"""Join codes, teacher keys, anonymous names and nicknames: what a class and its students are called."""

import hashlib
import secrets
import unicodedata

# No look-alikes: 0/O, 1/I/L are left out, so a code read off a projector cannot be mistyped into another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
KEY_BYTES = 24  # 192 bits, more than the 128 a guess could hope to match
NICKNAME_LENGTH = 24

ADJECTIVES = (
    "Amber", "Brave", "Calm", "Clever", "Curious", "Eager", "Gentle", "Golden", "Happy", "Honest", "Jolly",
    "Keen", "Kind", "Lively", "Lucky", "Merry", "Mighty", "Nimble", "Patient", "Plucky", "Quick", "Quiet",
    "Rapid", "Sunny", "Swift", "Tidy", "Witty", "Zesty",
)  # fmt: skip
ANIMALS = (
    "Badger", "Beaver", "Camel", "Crane", "Dolphin", "Eagle", "Falcon", "Ferret", "Gecko", "Heron", "Koala",
    "Lemur", "Lynx", "Marten", "Moose", "Narwhal", "Otter", "Owl", "Panda", "Puffin", "Quokka", "Raven",
    "Robin", "Seal", "Stoat", "Tapir", "Walrus", "Wombat", "Yak", "Zebra",
)  # fmt: skip


def new_code():
    """A fresh join code: CODE_LENGTH characters drawn from ALPHABET by `secrets`."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """The code a student typed, in capitals without spaces or dashes; None unless it could be a code."""
    code = "".join(str(text or "").split()).replace("-", "").upper()
    return code if len(code) == CODE_LENGTH and all(char in ALPHABET for char in code) else None


def new_key():
    """A fresh teacher key (KEY_BYTES random bytes, URL-safe text): not derived from the code in any way."""
    return secrets.token_urlsafe(KEY_BYTES)


def key_hash(key):
    """What the store keeps of a teacher key: its SHA-256, so the database never holds the key itself."""
    return hashlib.sha256(str(key).encode()).hexdigest()


def same_key(key, stored_hash):
    """Does `key` hash to `stored_hash`? Compared in constant time."""
    return secrets.compare_digest(key_hash(key), stored_hash)


def anonymous_name():
    """An adjective and an animal, e.g. 'Quick Otter'."""
    return f"{secrets.choice(ADJECTIVES)} {secrets.choice(ANIMALS)}"


def clean_nickname(text):
    """The nickname to keep: control and format characters dropped, runs of white space made one space.

    ValueError, with a message a student can act on, when nothing is left or it is longer than
    NICKNAME_LENGTH. The result is plain text: the pages show it as text, never as HTML or Markdown.
    """
    kept = "".join(" " if char.isspace() else char for char in str(text) if not _control(char))
    nickname = " ".join(kept.split())
    if not nickname:
        raise ValueError("A nickname needs at least one letter, digit or sign.")
    if len(nickname) > NICKNAME_LENGTH:
        raise ValueError(
            f"A nickname has at most {NICKNAME_LENGTH} characters; this one has {len(nickname)}."
        )
    return nickname


def _control(char):
    """Control, format, private-use or unassigned characters (but not spaces, which become one space)."""
    return not char.isspace() and unicodedata.category(char).startswith("C")
