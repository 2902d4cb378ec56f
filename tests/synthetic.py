"""Synthetic identifiers for tests: valid check digits, birth dates in the future, so no real person."""

import random


def national_number(rng: random.Random) -> str:
    base = f"{rng.randint(30, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(1, 997):03d}"
    return base + f"{97 - int('2' + base) % 97:02d}"  # born "20xx" after today's date: nobody has it yet


def iban(rng: random.Random) -> str:
    body = f"{rng.randint(0, 99999999):08d}" + "99"  # no Belgian bank uses this layout's last digits scheme
    bban = f"{body[:10]}{(int(body[:10]) % 97) or 97:02d}"
    check = 98 - int(bban + "1114" + "00") % 97
    return f"BE{check:02d}{bban}"
