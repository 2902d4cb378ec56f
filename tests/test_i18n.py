"""Both catalogs complete and faithful; amounts and dates the Belgian way."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po

from redi_desktop import i18n
from redi_desktop.domain.messages import MESSAGES, Problem
from redi_desktop.i18n import CATEGORY_NAMES, format_amount, format_date, gettext_in
from redi_desktop.i18n.catalogs import template, translated
from redi_desktop.paths import i18n_dir

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def catalog(lang):
    with open(i18n_dir() / lang / "LC_MESSAGES" / "redi.po", "rb") as f:
        return read_po(f)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_catalog_is_complete_and_keeps_placeholders(lang):
    messages = {m.id: m for m in catalog(lang) if m.id}
    expected = {m.id for m in template() if m.id}
    assert expected <= set(messages), sorted(expected - set(messages))[:5]
    for key, m in messages.items():
        assert translated(m) and not m.fuzzy, key
        ids = m.id if isinstance(m.id, tuple | list) else (m.id,)
        forms = m.string if isinstance(m.string, tuple | list) else (m.string,)
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) == set(PLACEHOLDER.findall(ids[-1])), key


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_category_and_message_is_translated(lang):
    for english in list(CATEGORY_NAMES.values()) + list(MESSAGES.values()):
        assert gettext_in(lang, english) != english


def test_messages_read_as_sentences_in_both_languages():
    problem = Problem("negative_amount", "members[1].childcare_cost")
    i18n.set_language("fr")
    fr = i18n.message(problem)
    i18n.set_language("nl")
    nl = i18n.message(problem)
    i18n.set_language("fr")
    assert "membre 2" in fr and "gezinslid 2" in nl and fr != nl


def test_amounts_and_dates_the_belgian_way():
    assert format_amount(Decimal("1234.5"), "nl") == "1.234,50"
    assert format_amount(Decimal("1234.5"), "fr").replace("\u202f", " ").replace("\xa0", " ") == "1 234,50"
    assert format_date(dt.date(2026, 11, 28), "fr") == "28 novembre 2026"
    assert format_date(dt.date(2026, 11, 28), "nl") == "28 november 2026"
