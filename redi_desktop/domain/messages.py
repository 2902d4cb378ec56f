"""Every message the domain can raise, by key, in English.

The English text is the msgid of the catalogs (resources/i18n); `redi_desktop.i18n.message()` translates.
`N_` only marks the strings for extraction.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def N_(text: str) -> str:
    return text


MESSAGES: dict[str, str] = {
    "bad_json": N_("The file is not valid JSON ({detail})."),
    "bad_json_at": N_("The file is not valid JSON (line {line}, column {column})."),
    "json_too_deep": N_("The file is not a household file: it is nested too deep."),
    "number_too_long": N_("The file holds a number too long to be an amount or a count."),
    "duplicate_key": N_("The file gives the field “{value}” twice: keep only one."),
    "bad_characters": N_("{field} holds a character that is not text (a control character or a broken one)."),
    "text_too_long": N_("{field} is too long: at most {value} characters."),
    "too_many_rows": N_("{field}: at most {value} rows."),
    "not_an_object": N_("{field} must be a group of fields."),
    "not_a_list": N_("{field} must be a list."),
    "unknown_field": N_("Unknown field “{field}”."),
    "missing_field": N_("The field “{field}” is required."),
    "bad_text": N_("{field} must be text."),
    "bad_bool": N_("{field} must be true or false."),
    "bad_number": N_("{field} must be a whole number."),
    "number_out_of_range": N_("{field} must be a whole number from {low} to {high}."),
    "bad_choice": N_("“{value}” is not a valid value for {field}."),
    "bad_date": N_("“{value}” is not a valid date for {field} (expected YYYY-MM-DD)."),
    "date_out_of_range": N_("The date of {field} must be between 1 January 2023 and 31 December 2099."),
    "birth_after_assessment": N_("The birth date of {field} is after the assessment date."),
    "bad_age": N_("The age of {field} must be a whole number between 0 and 120."),
    "age_missing": N_("Give the birth date or the age of {field}."),
    "bad_amount": N_("“{value}” is not a valid amount for {field} (for example 750.00)."),
    "bad_amount_typed": N_("“{value}” is not an amount: type it like {example}."),
    "bad_date_typed": N_("“{value}” is not a date: type it like {example}."),
    "negative_amount": N_("The amount of {field} cannot be negative."),
    "amount_too_large": N_("The amount of {field} is too large."),
    "member_out_of_range": N_("{field} refers to member number {value}, who is not in the household."),
    "no_members": N_("The household has no members."),
    "too_many_members": N_("A household has at most {value} members."),
    "no_applicant": N_("The household has no applicant."),
    "several_applicants": N_("The household has more than one applicant."),
    "several_partners": N_("The household has more than one partner."),
    "bad_postal_code": N_("“{value}” is not a Belgian postal code."),
    "region_mismatch": N_("The postal code {value} is not in the region given."),
    "no_region": N_("Give the postal code or the region."),
    "bad_national_number": N_("The national register number is not valid (check digits)."),
    "bad_iban": N_("The IBAN is not valid."),
    "reason_required": N_("{field} needs a reason."),
    "duplicate_override": N_("The category {value} is overridden more than once."),
    "bad_share": N_("{field} must be a share between 0 and 1 (for example 0.75)."),
    "bad_policy_version": N_("The policy version must be a whole number from 1."),
    "bad_email": N_("{field} is not an e-mail address (for example name@cpas.be)."),
    "missing_language": N_("{field} is given per language: it needs both the French and the Dutch text."),
    "row_out_of_range": N_("{field} is not in the household: it has no such row."),
    "scenario_no_members": N_("{field} would leave the household without members."),
    "scenario_no_applicant": N_("{field} would leave the household without an applicant."),
    # plausibility warnings: shown, acknowledged, never blocking
    "child_older_than_applicant": N_("A child is older than the applicant."),
    "rent_above_income": N_("The rent is higher than the household's income."),
    "working_without_income": N_("A working member has no income."),
    "school_level_missing": N_("The school level of {field} is not given: no school costs are counted."),
    "index_stale": N_("The price index this dataset follows is known until {month}: later amounts are not indexed further."),
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: a message key, where it is (JSON path) and its parameters."""

    key: str
    path: str = ""
    params: dict[str, str] = field(default_factory=dict)

    def english(self) -> str:
        return MESSAGES[self.key].format(field=self.path, **self.params)


class InvalidInput(ValueError):
    """Input that cannot be used; carries every problem found, for a message in the user's language."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.english() for p in problems))
