"""Checks of identifiers and codes. Each returns True/False or a value; none raises on any text."""

from __future__ import annotations

import re

REGIONS = ("BRU", "WAL", "VLA")

_POSTAL = re.compile(r"^[1-9][0-9]{3}$")


def region_of_postal_code(code: str) -> str | None:
    """The region of a Belgian postal code (bpost ranges), or None if it is not one."""
    if not isinstance(code, str) or not _POSTAL.match(code):
        return None
    n = int(code)
    if 1000 <= n <= 1299:
        return "BRU"
    if 1300 <= n <= 1499 or 4000 <= n <= 7999:
        return "WAL"
    return "VLA"  # 1500-3999 and 8000-9999


def valid_national_number(text: str) -> bool:
    """Belgian national register number: 11 digits, the last two are 97 - (first nine mod 97).

    People born from 2000 on have a 2 put before the nine digits in the computation.
    Separators (spaces, dots, dashes) are accepted.
    """
    if not isinstance(text, str):
        return False
    digits = re.sub(r"[\s.\-]", "", text)
    if not re.fullmatch(r"[0-9]{11}", digits):
        return False
    base, check = int(digits[:9]), int(digits[9:])
    return check in (97 - base % 97, 97 - int("2" + digits[:9]) % 97)


def valid_iban(text: str) -> bool:
    """IBAN check digits (ISO 13616, mod 97 = 1); a Belgian IBAN has 16 characters."""
    if not isinstance(text, str):
        return False
    iban = re.sub(r"\s", "", text).upper()
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}", iban):
        return False
    if iban.startswith("BE") and len(iban) != 16:
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
