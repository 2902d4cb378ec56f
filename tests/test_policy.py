"""The local policy of a CPAS as a file: texts in each language, letter options, limits, and bad input."""

import pytest

from redi_desktop.domain.canonical import sha256_of
from redi_desktop.domain.messages import InvalidInput
from redi_desktop.domain.policy import LocalText, Policy
from redi_desktop.i18n import message, set_language
from redi_desktop.services.casefile import read_policy


def problems(data):
    with pytest.raises(InvalidInput) as exc:
        Policy.from_dict(data)
    return [(p.key, p.path) for p in exc.value.problems]


def test_identity_texts_are_one_string_or_one_per_language():
    p = Policy.from_dict({"id": "x", "version": 2, "name": {"fr": "Politique 2026", "nl": "Beleid 2026"},
                          "identity": {"cpas_name": {"fr": "CPAS de Testville", "nl": "OCMW Teststad"},
                                       "address": "Rue du Test 1, 1000 Bruxelles",
                                       "signatories": [{"name": "A. Test", "title": {"fr": "Le directeur général",
                                                                                     "nl": "De algemeen directeur"}},
                                                       "B. Test"]}})
    assert p.identity.cpas_name.in_lang("nl") == "OCMW Teststad"
    assert p.identity.address == LocalText("Rue du Test 1, 1000 Bruxelles", "Rue du Test 1, 1000 Bruxelles")
    assert p.name_in("fr") == "Politique 2026"
    assert p.identity.signatories[0].title.in_lang("nl") == "De algemeen directeur"
    assert p.identity.signatories[1].name.in_lang("fr") == "B. Test"
    assert Policy.from_dict(p.to_dict()) == p


def test_the_default_policy_keeps_its_hash():
    """Stored assessments name the default policy by this hash: the new fields must not change it."""
    assert sha256_of(read_policy().to_dict()) == "bf0f935207dfe65a0be1af1284ea9241c715d00a6a5ad1e2c91cca30b107244f"


def test_letter_options_and_limits_are_read_and_written_back():
    p = Policy.from_dict({"id": "x", "version": 1, "sheet_language": "file", "address_window": "left",
                          "max_rent": "750.00", "count_car_costs": False})
    assert (p.sheet_language, p.address_window, str(p.max_rent), p.count_car_costs) == ("file", "left", "750.00",
                                                                                           False)
    assert Policy.from_dict(p.to_dict()) == p


@pytest.mark.parametrize(("data", "expected"), [
    ({"id": "x", "version": 1, "colour": "red"}, [("unknown_field", "colour")]),
    ({"id": "x", "version": 1, "share": "1.2"}, [("bad_share", "share")]),
    ({"id": "x", "version": 1, "cap": "-5.00"}, [("negative_amount", "cap")]),
    ({"id": "x", "version": 1, "max_rent": "-1.00"}, [("negative_amount", "max_rent")]),
    ({"id": "x", "version": 1, "identity": {"cpas_name": {"fr": "CPAS de Testville"}}},
     [("missing_language", "identity.cpas_name")]),
    ({"id": "x", "version": 1, "identity": {"service": {"fr": "Service social", "de": "Sozialdienst"}}},
     [("unknown_field", "identity.service.de"), ("missing_language", "identity.service")]),
    ({"id": "x", "version": 1, "sheet_language": "german"}, [("bad_choice", "sheet_language")]),
    ({"id": "x", "version": 1, "identity": {"signatories": [{"name": "A", "rank": "B"}]}},
     [("unknown_field", "identity.signatories[0].rank")]),
])
def test_bad_policy_files_say_what_is_wrong(data, expected):
    assert problems(data) == expected


def test_the_messages_are_sentences_in_the_users_language():
    with pytest.raises(InvalidInput) as exc:
        Policy.from_dict({"id": "x", "version": 1, "identity": {"cpas_name": {"nl": "OCMW Teststad"}}})
    set_language("nl")
    text = message(exc.value.problems[0])
    assert "Franse" in text and "naam van het OCMW" in text
    set_language("fr")
    assert "français" in message(exc.value.problems[0])
