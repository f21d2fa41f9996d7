from __future__ import annotations

import itertools
import string

from hypothesis import given
from hypothesis import strategies as st

from verbinding.lessons.anonymise import PATTERNS, find_identifiers, strip_identifiers

# Plain words: lower-case letters only, so nothing in them looks like an identifier.
words = st.lists(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10), max_size=20)
digit = st.sampled_from("0123456789")


def sentence(ws: list[str]) -> str:
    return " ".join(ws)


@st.composite
def mobile_numbers(draw):
    rest = "".join(draw(st.lists(digit, min_size=8, max_size=8)))
    sep = draw(st.sampled_from(["", "-", " "]))
    prefix = draw(st.sampled_from(["06", "+31 6", "+316", "0031 6"]))
    return f"{prefix}{sep}{rest}"


@st.composite
def landline_numbers(draw):
    area = draw(st.sampled_from(["0570", "020", "010", "0348"]))
    rest = "".join(draw(st.lists(digit, min_size=10 - len(area), max_size=10 - len(area))))
    return f"{area}{draw(st.sampled_from(['', '-', ' ']))}{rest}"


@st.composite
def postcodes(draw):
    num = draw(st.integers(1000, 9999))
    letters = draw(st.sampled_from(["AB", "KL", "XZ", "CD"]))
    return f"{num}{draw(st.sampled_from(['', ' ']))}{letters}"


@st.composite
def ibans(draw):
    digits = "".join(draw(st.lists(digit, min_size=10, max_size=10)))
    check = "".join(draw(st.lists(digit, min_size=2, max_size=2)))
    bank = draw(st.sampled_from(["ABNA", "INGB", "RABO", "TRIO"]))
    compact = f"NL{check}{bank}{digits}"
    if draw(st.booleans()):
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


@st.composite
def emails(draw):
    user = draw(st.text(alphabet=string.ascii_lowercase + ".", min_size=1, max_size=8)).strip(".")
    return f"{user or 'x'}@{draw(st.sampled_from(['gmail.com', 'ziggo.nl', 'woon.example.nl']))}"


@st.composite
def dates(draw):
    d, m, y = draw(st.integers(1, 28)), draw(st.integers(1, 12)), draw(st.integers(1930, 2025))
    return draw(
        st.sampled_from(
            [f"{d}-{m}-{y}", f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}", f"{d} maart {y}"]
        )
    )


identifiers = st.one_of(
    mobile_numbers(), landline_numbers(), postcodes(), ibans(), emails(), dates()
)


@given(words)
def test_plain_words_are_left_alone(ws):
    text = sentence(ws)
    assert strip_identifiers(text)[0] == text


@given(words, identifiers, words)
def test_an_identifier_anywhere_in_a_text_is_removed(before, identifier, after):
    text = f"{sentence(before)} {identifier} {sentence(after)}"
    cleaned, findings = strip_identifiers(text)
    assert identifier not in cleaned
    assert findings


@given(st.text(max_size=200))
def test_stripping_twice_changes_nothing_more(text):
    once, _ = strip_identifiers(text, names=["Jansen", "Fatima"], streets=["Kerkstraat"])
    twice, found = strip_identifiers(once, names=["Jansen", "Fatima"], streets=["Kerkstraat"])
    assert twice == once and found == []


@given(words, st.sampled_from(["Fatima", "El Amrani", "fatima el amrani", "JANSEN"]), words)
def test_known_names_are_removed_in_any_case(before, name, after):
    text = f"{sentence(before)} {name}, {sentence(after)}"
    cleaned, _ = strip_identifiers(text, names=["Fatima El Amrani", "Jan Jansen"])
    assert name.lower() not in cleaned.lower()


def test_an_example_lesson_is_stripped_as_expected():
    text = (
        "Mevrouw Jansen (Kerkstraat 12a, 7411 AB, 06-12345678, j.jansen@mail.nl, "
        "NL91 ABNA 0417 1643 00, geboren 12-03-1980) kreeg hulp van haar zus Fatima. "
        "In 2019 de regeling getroffen op de Dorpsweg 3."
    )
    cleaned, _ = strip_identifiers(text, names=["Jan Jansen", "Fatima El Amrani"])
    assert cleaned == (
        "Mevrouw [naam] ([adres], [postcode], [telefoon], [e-mail], "
        "[IBAN], geboren [datum]) kreeg hulp van haar zus [naam]. "
        "In 2019 de regeling getroffen op de [adres]."
    )


def test_findings_do_not_overlap():
    found = find_identifiers("Kerkstraat 1 7411AB 0612345678", streets=["Kerkstraat"])
    assert [f.kind for f in found] == ["address", "postcode", "phone"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_every_pattern_has_a_placeholder():
    from verbinding.lessons.anonymise import PLACEHOLDERS

    assert {k for k, _ in PATTERNS} <= set(PLACEHOLDERS)
