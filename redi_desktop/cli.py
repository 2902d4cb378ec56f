"""The command line: `redi-desktop` opens the application; the subcommands work without a display.

Errors are one sentence in the user's language on stderr: exit 2 for input the user can fix, 1 otherwise.
Never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from . import __version__, paths
from .domain.decision import Decision
from .domain.household import Household
from .domain.messages import InvalidInput, Problem
from .domain.policy import Policy
from .i18n import (
    BASIS_NAMES,
    CHARGE_NAMES,
    COLUMN_NAMES,
    RESOURCE_NAMES,
    TOTAL_NAMES,
    _,
    category_name,
    format_amount,
    format_date,
    message,
    ngettext,
    set_language,
)
from .store.commands import add_store_commands

EXIT_INVALID, EXIT_FAILURE = 2, 1


class UserError(Exception):
    """A failure to report as one translated sentence."""

    def __init__(self, text: str, code: int = EXIT_INVALID):
        super().__init__(text)
        self.code = code


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    set_language(args.lang or _language_from_env())
    try:
        if args.command is None:
            return _open_application()
        return args.func(args)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as exc:  # a bug of ours: still one sentence, never a traceback
        print(_("Unexpected error ({error}). Nothing was changed.").format(error=type(exc).__name__), file=sys.stderr)
        return EXIT_FAILURE


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="redi-desktop", description="REDI Desktop: reference budgets for a dignified life.")
    p.add_argument("--version", action="version", version=f"redi-desktop {__version__}")
    p.add_argument("--lang", choices=("fr", "nl"), help="language of messages and output (default: fr)")
    sub = p.add_subparsers(dest="command")

    c = sub.add_parser("compute", help="compute the reference budget of a household JSON file")
    c.add_argument("file", type=Path)
    c.add_argument("--date", help="assessment date YYYY-MM-DD (default: the file's, else today)")
    c.add_argument("--policy", type=Path, help="local policy file (YAML or JSON)")
    c.add_argument("--lang", choices=("fr", "nl"), default=argparse.SUPPRESS)
    c.add_argument("--json", action="store_true", help="print the assessment as JSON")
    c.add_argument("--lines", action="store_true", help="show the lines each category is made of")
    c.add_argument("--dataset", type=Path, help="reference database (default: the bundled budgets.db)")
    c.set_defaults(func=_cmd_compute)

    sh = sub.add_parser("sheet", help="write the decision sheet (or the client's budget sheet) as PDF")
    sh.add_argument("file", type=Path)
    sh.add_argument("-o", "--output", type=Path, required=True)
    sh.add_argument("--client", action="store_true", help="the client's budget sheet, in the file's language")
    sh.add_argument("--date", help="assessment date YYYY-MM-DD (default: the file's, else today)")
    sh.add_argument("--policy", type=Path, help="local policy file (YAML or JSON)")
    sh.add_argument("--lang", choices=("fr", "nl"), default=argparse.SUPPRESS)
    sh.set_defaults(func=_cmd_sheet)

    d = sub.add_parser("demo", help="compute the bundled example households and print their summaries")
    d.add_argument("-o", "--output", type=Path, help="also write each assessment (JSON) and its sheets (PDF) here")
    d.add_argument("--lang", choices=("fr", "nl"), default=argparse.SUPPRESS)
    d.set_defaults(func=_cmd_demo)

    b = sub.add_parser("dataset", help="build or inspect the reference database")
    b.add_argument("action", choices=("build", "info", "audit", "export", "import"))
    b.add_argument("file", nargs="?", type=Path, help="dataset file to write (export) or to verify and add (import)")
    b.add_argument("--sources", type=Path, default=None, help="folder of YAML sources (build)")
    b.add_argument("--output", type=Path, default=None, help="database to write (build) or to read and add to")
    b.add_argument("--id", default=None, help="dataset to export (default: the newest)")
    b.add_argument("--yes", action="store_true", help="import: add the verified dataset (without it, only show)")
    b.set_defaults(func=_cmd_dataset)

    s = sub.add_parser("selftest", help="check that the installation works")
    s.set_defaults(func=_cmd_selftest)
    add_store_commands(sub)
    return p


def _language_from_env() -> str:
    lang = os.environ.get("REDI_DESKTOP_LANG") or os.environ.get("LANG", "")
    return "nl" if lang.startswith("nl") else "fr"


# -- loading, with messages a caseworker understands ------------------------------------------------------


def _load_json(path: Path):
    try:
        with open(path, encoding="utf-8-sig") as f:  # -sig: files saved by Windows Notepad start with a BOM
            return json.load(f)
    except FileNotFoundError:
        raise UserError(_("The file {path} does not exist.").format(path=path)) from None
    except (OSError, UnicodeDecodeError):
        raise UserError(_("The file {path} cannot be read.").format(path=path)) from None
    except json.JSONDecodeError as exc:
        detail = _("line {line}, column {column}").format(line=exc.lineno, column=exc.colno)
        raise UserError(message(Problem("bad_json", "", {"detail": detail}))) from None
    except (RecursionError, ValueError):  # nested too deep, or a number too long to read
        raise UserError(message(Problem("bad_json", "", {"detail": "…"}))) from None


def _invalid(exc: InvalidInput, path: Path) -> UserError:
    first = message(exc.problems[0])
    more = len(exc.problems) - 1
    text = _("{file}: {problem}").format(file=path.name, problem=first)
    if more:
        text += " " + ngettext("({count} more problem)", "({count} more problems)", more).format(count=more)
    return UserError(text)


def load_household(path: Path) -> Household:
    return load_case(path)[0]


def load_case(path: Path) -> tuple[Household, Decision | None]:
    """A household file, with the caseworker's and committee's "decision" beside its fields if given."""
    data = _load_json(path)
    decision = data.pop("decision", None) if isinstance(data, dict) else None
    try:
        return Household.from_dict(data), None if decision is None else Decision.from_dict(decision)
    except InvalidInput as exc:
        raise _invalid(exc, path) from None


def load_policy(path: Path | None) -> Policy:
    import yaml

    path = path or paths.default_policy()
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except FileNotFoundError:
        raise UserError(_("The file {path} does not exist.").format(path=path)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise UserError(_("The policy file {path} cannot be read.").format(path=path)) from None
    try:
        return Policy.from_dict(data)
    except InvalidInput as exc:
        raise _invalid(exc, path) from None


def load_bundled_dataset(path: Path | None = None):
    from .reference import DatasetError, load_dataset

    try:
        return load_dataset(path or paths.budgets_db())
    except DatasetError as exc:
        texts = {
            "dataset_missing": _("The reference database {path} is missing."),
            "dataset_unknown": _("The reference database {path} holds no dataset."),
            "dataset_unreadable": _("The reference database {path} cannot be read."),
            "dataset_damaged": _("The reference database {path} is damaged: its content does not match its hash."),
        }
        raise UserError(texts[exc.key].format(path=exc.path), EXIT_FAILURE) from None


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(message(Problem("bad_date", "assessment_date", {"value": text}))) from None


# -- commands ---------------------------------------------------------------------------------------------


def _cmd_compute(args) -> int:
    household, _decision, _policy, _dataset, assessment = _assess(args)
    if args.json:
        print(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(render_assessment(assessment, household, lines=args.lines))
    return 0


def _assess(args):
    """Household, decision, policy, dataset and assessment of a compute or sheet command."""
    from .engine import compute

    household, decision = load_case(args.file)
    if not getattr(args, "lang", None):
        set_language(household.language)
    on = _parse_date(args.date) or household.assessment_date or dt.date.today()
    if not dt.date(2023, 1, 1) <= on <= dt.date(2099, 12, 31):
        raise UserError(message(Problem("date_out_of_range", "assessment_date")))
    dataset, policy = load_bundled_dataset(getattr(args, "dataset", None)), load_policy(args.policy)
    try:
        return household, decision, policy, dataset, compute(household, dataset, policy, on)
    except InvalidInput as exc:  # a member born after the date asked for
        raise _invalid(exc, args.file) from None


def write_sheets(a, household, policy, dataset, decision, target: Path, client: bool = False) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    from .report import client_sheet, decision_sheet

    try:
        pdf = (client_sheet(a, household, policy, dataset) if client
               else decision_sheet(a, household, policy, dataset, decision))
    except LayoutError:
        raise UserError(_("The sheet cannot be made: a text is too long for one page. Shorten it.")) from None
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_bytes(pdf)
        tmp.replace(target)  # all or nothing: never half a sheet in the case file
    except OSError:
        tmp.unlink(missing_ok=True)
        raise UserError(_("The file {path} cannot be written.").format(path=target), EXIT_FAILURE) from None


def _cmd_sheet(args) -> int:
    household, decision, policy, dataset, a = _assess(args)
    write_sheets(a, household, policy, dataset, decision, args.output, client=args.client)
    print(args.output)
    return 0


def _cmd_demo(args) -> int:
    from .engine import compute

    dataset, policy = load_bundled_dataset(), load_policy(None)
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
    examples = sorted(paths.examples_dir().glob("*.json"))
    print(_("{count} example households, dataset {dataset}").format(count=len(examples), dataset=dataset.id))
    for path in examples:
        household, decision = load_case(path)
        a = compute(household, dataset, policy, household.assessment_date or dt.date.today())
        t = a.totals
        print(f"{household.file_reference or path.stem:<24} "
              + _("budget {budget}  resources {resources}  gap {gap}  proposed aid {aid}").format(
                  budget=format_amount(t.reference_budget), resources=format_amount(t.resources),
                  gap=format_amount(t.gap), aid=format_amount(t.proposed_aid)))
        if args.output:
            target = args.output / f"{path.stem}.assessment.json"
            target.write_text(json.dumps(a.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            write_sheets(a, household, policy, dataset, decision, args.output / f"{path.stem}.decision.pdf")
            write_sheets(a, household, policy, dataset, decision, args.output / f"{path.stem}.client.pdf", True)
    return 0


def _cmd_dataset(args) -> int:
    from .reference import BuildError, build

    if args.action == "build":
        try:
            digests = build(args.sources or paths.budgets_sources(), args.output or paths.budgets_db())
        except BuildError as exc:
            raise UserError(str(exc), EXIT_FAILURE) from None
        print("\n".join(f"{sha}  {did}" for did, sha in digests.items()))
        return 0
    if args.action in ("export", "import"):
        return _dataset_file(args)
    dataset = load_bundled_dataset(args.output)
    if args.action == "audit":  # the published model households and statements (services/dataset_audit.py)
        from .services.dataset_audit import audit, table
        print(table(audit(dataset)))
        return 0
    estimates = sum(1 for line in dataset.lines for v in line.values if v.estimate)
    values = sum(len(line.values) for line in dataset.lines)
    print(f"{dataset.id}  {dataset.title}")
    print(_("price date {date}; {lines} lines, {values} values of which {estimates} estimates; {sources} sources")
          .format(date=format_date(dataset.price_date), lines=len(dataset.lines), values=values,
                  estimates=estimates, sources=len(dataset.sources)))
    print(f"sha256 {dataset.sha256()}")
    scale = dataset.integration_income_on(dt.date.today())
    if scale:
        print(_("Integration income from {date}: cohabitant {cohabitant}, single {single}, with family {family}")
              .format(date=format_date(scale.valid_from), cohabitant=format_amount(scale.cohabitant),
                      single=format_amount(scale.single), family=format_amount(scale.family))
              + (" *" if scale.estimate else ""))
    return 0


def _dataset_file(args) -> int:
    """export: the dataset as a verifiable file; import: verify a file, show what changes, add it with --yes."""
    from .reference import load_dataset
    from .services.dataset_exchange import ImportRefused, export_text, import_file

    if args.file is None:
        raise UserError(_("Name the dataset file."))
    database = args.output or paths.budgets_db()
    if args.action == "export":
        load_bundled_dataset(database)  # a missing or damaged database is said as one sentence
        args.file.write_text(export_text(load_dataset(database, args.id)), encoding="utf-8")
        return 0
    try:
        report = import_file(args.file, database, args.yes)
    except ImportRefused as exc:
        raise UserError(str(exc), EXIT_FAILURE) from None
    for name, before, after in report.totals:
        print(f"{name}  {before} -> {after}")
    print(_("Dataset {dataset} verified: sha256 {sha256}.").format(dataset=report.dataset.id,
                                                                 sha256=report.dataset.sha256()))
    if report.written:
        print(_("Dataset {dataset} added: new assessments use the newest dataset.").format(dataset=report.dataset.id))
    elif report.already_present:
        print(_("Dataset {dataset} is already in the reference database.").format(dataset=report.dataset.id))
    else:
        print(_("Nothing written: run again with --yes to add it."))
    return 0


def _cmd_selftest(args) -> int:
    from .selftest import run

    return run()


def _open_application() -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")
            or os.environ.get("QT_QPA_PLATFORM")):
        print(_("No display is available: here is the demo instead."), file=sys.stderr)
        return _cmd_demo(argparse.Namespace(output=None))
    from .gui.app import run

    return run()


# -- the readable table -----------------------------------------------------------------------------------


def render_assessment(a, household: Household, lines: bool = False) -> str:
    width = 34
    out = [
        _("Reference budget on {date}, region {region}").format(date=format_date(a.date), region=a.region) + ", "
        + ngettext("{n} member", "{n} members", a.household_size).format(n=a.household_size) + ", "
        + ngettext("{n} bedroom", "{n} bedrooms", a.bedrooms).format(n=a.bedrooms),
        "",
        f"{_(COLUMN_NAMES['category']):<{width}} {_(COLUMN_NAMES['standard']):>12} "
        f"{_(COLUMN_NAMES['used']):>12}  {_(COLUMN_NAMES['basis'])}",
    ]
    for c in a.categories:
        out.append(f"{category_name(c.key):<{width}} {format_amount(c.standard):>12} {format_amount(c.used):>12}  "
                   f"{_(BASIS_NAMES[c.basis])}" + (f": {c.reason}" if c.reason else ""))
        if lines:
            for line in c.lines:
                who = "" if line.member is None else " " + _("(member {n})").format(n=line.member + 1)
                origin = _("household") if line.source == "household" else f"{line.source}, {line.price_date}"
                mark = " *" if line.estimate else ""
                out.append(f"    {_(line.label)}{who}: {format_amount(line.amount)} [{origin}]{mark}")
    out.append("")
    for r in a.resources:
        out.append(f"{_(RESOURCE_NAMES[r.type]):<{width}} {format_amount(r.amount):>12} {format_amount(r.counted):>12}")
    for c in a.charges:
        out.append(f"{_(CHARGE_NAMES[c.type]):<{width}} {format_amount(c.amount):>12} {format_amount(c.counted):>12}")
    t = a.totals
    out.append("")
    for key in ("reference_budget", "charges", "resources", "gap", "proposed_aid"):
        out.append(f"{_(TOTAL_NAMES[key]):<{width}} {format_amount(getattr(t, key)):>25}")
    for w in a.warnings:
        out.append(_("Check: {warning}").format(warning=message(w)))
    if lines:
        out.append(_("* estimate: the dataset says how it was derived"))
    out.append(_("Dataset {dataset}, policy {policy} v{version}, run {run}").format(
        dataset=a.identity.dataset, policy=a.identity.policy, version=a.identity.policy_version,
        run=a.identity.run_id))
    return "\n".join(out)
