"""The redaction engine: patterns (property tests), checksums, known names, secrets, Deduce."""

from __future__ import annotations

import itertools
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from verbinding.privacy import redaction
from verbinding.privacy.redaction import PATTERNS, find_patterns, strip_identifiers

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
    found = find_patterns("Kerkstraat 1 7411AB 0612345678", streets=["Kerkstraat"])
    assert [f.kind for f in found] == ["address", "postcode", "phone"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))


def test_every_pattern_has_a_placeholder():
    from verbinding.privacy.redaction import PLACEHOLDERS

    assert {k for k, _ in PATTERNS} <= set(PLACEHOLDERS)


# Checksums (python-stdnum): a BSN passes the eleven test (Wet algemene bepalingen
# burgerservicenummer art. 1; the "elfproef"), an IBAN its ISO 13616 mod-97 check.


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "123.456.782", "1234 56 782"])
def test_a_valid_bsn_is_found(bsn):
    found = find_patterns(f"Haar BSN is {bsn}, zei ze.")
    assert [(f.kind, f.text) for f in found] == [("bsn", bsn)]


def test_a_number_that_fails_the_eleven_test_is_not_a_bsn():
    assert find_patterns("Factuurnummer 123456789 is betaald.") == []


def test_a_valid_iban_in_lower_case_is_found_an_invalid_one_is_not():
    assert [f.kind for f in find_patterns("rekening nl91abna0417164300 graag")] == ["iban"]
    assert find_patterns("rekening nl00abna0417164300 graag") == []


def test_secrets_are_masked_even_inside_words_and_with_one_mask():
    text, found = redaction.redact(
        "De Boers van nummer 12 hoorden het; Karin belde 06-11112222.",
        secrets=["Boer", "Karin", "06-11112222"],
        kinds={"secret", "phone"},
        mask="[…]",
        deduce=False,
    )
    assert text == "De […]s van nummer 12 hoorden het; […] belde […]."
    assert {f.kind for f in found} == {"secret", "phone"}


def test_a_finding_says_where_it_is():
    text = "Het gesprek met mevrouw Jansen ging over de huur van de afgelopen maanden."
    (finding,) = find_patterns(text, names=["Jansen"])
    assert (finding.start, finding.end) == (24, 30)
    assert finding.context(text, width=10) == "…t mevrouw Jansen ging over…"
    assert str(finding.label) == "naam"


# Deduce: the de-identification method for Dutch text, offline (its tables ship with it).


def test_deduce_finds_names_it_was_not_told_about():
    text = "Buurvrouw Sanne de Vries belde met mevrouw Bakker uit Zwolle."
    found = redaction.find(text)
    names = [f.text for f in found if f.kind == "name"]
    assert any("Sanne de Vries" in n for n in names)
    assert any("Bakker" in n for n in names)
    assert "Zwolle" in [f.text for f in found if f.kind == "address"]


def test_a_common_word_at_the_start_of_a_sentence_is_no_name_but_a_known_name_is():
    assert redaction.find("Buurman als tolk. Pas bij het tweede bezoek ging het over geld.") == []
    found = redaction.find("Buurman als tolk, met mevrouw Buurman erbij.", names=["Karin Buurman"])
    assert [f.text for f in found] == ["Buurman", "mevrouw Buurman"]


def test_our_own_placeholders_are_never_found_again():
    cleaned, found = redaction.redact("Mevrouw Bakker, Kerkstraat 12, 7411 AB, tel 06-12345678.")
    assert found
    assert redaction.find(cleaned) == []


def test_plain_casework_text_passes():
    text = (
        "Huurachterstand na baanverlies. Met toestemming de budgetcoach gebeld tijdens het "
        "huisbezoek; binnen een week een afspraak, en de regeling liep via de coach."
    )
    assert redaction.find(text) == []


def test_the_install_time_build_step_works_offline():
    """``python -m verbinding.privacy.redaction`` loads Deduce from the package's own tables."""
    assert redaction.main([]) == 0
