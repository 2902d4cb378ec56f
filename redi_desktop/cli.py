"""The command line: `redi-desktop` opens the application; the subcommands work without a display.

Argument parsing, exit codes and printing only: the work is done by redi_desktop.services. Errors are one
sentence in the user's language on stderr: exit 2 for input the user can fix, 1 otherwise. Never a
traceback. Nothing imports this module.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import re
import sys
from pathlib import Path

from . import __version__, paths
from .domain.household import Household
from .domain.messages import N_
from .domain.roles import ROLE_LABELS, ROLES
from .i18n import (
    BASIS_NAMES,
    CHARGE_NAMES,
    COLUMN_NAMES,
    DEADLINE_NAMES,
    DUE_NAMES,
    OUTCOME_NAMES,
    RESOURCE_NAMES,
    TOTAL_NAMES,
    _,
    category_name,
    excerpt,
    format_amount,
    format_date,
    format_signed,
    language,
    message,
    ngettext,
    set_language,
)
from .services import ServiceError
from .services.assess import assess, assess_scenarios, parse_date
from .services.casefile import read_case, read_policy
from .services.reference import open_dataset
from .services.sheets import make_sheet, write_file
from .store.errors import StoreError

EXIT_INVALID, EXIT_FAILURE = 2, 1
MAX_SECRET_FILE = 64 * 1024


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(_language_from(argv))
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            return _open_application()
        return args.func(args)
    except (ServiceError, StoreError, _UsageError, KeyboardInterrupt, Exception) as exc:
        try:
            text, code = _failure(exc)
        except Exception as again:  # a message that cannot be made is a bug of ours too: still one sentence
            text, code = _("Unexpected error ({error}). Nothing was changed.").format(
                error=type(again).__name__), EXIT_FAILURE
        if text:
            _say(text)
        return code


def _failure(exc: BaseException) -> tuple[str, int]:
    """The sentence and the exit status of a failure."""
    if isinstance(exc, StoreError):
        exc = ServiceError.from_store(exc)
    if isinstance(exc, ServiceError):
        return exc.text(), EXIT_INVALID if exc.user_fault else EXIT_FAILURE
    if isinstance(exc, _UsageError):
        return str(exc), EXIT_INVALID
    if isinstance(exc, KeyboardInterrupt):
        return "", EXIT_FAILURE
    return _("Unexpected error ({error}). Nothing was changed.").format(error=type(exc).__name__), EXIT_FAILURE


def _say(text: str) -> None:
    """One line on stderr, whatever the message holds (a value quoted from a file is already short and
    printable: this is the last guard)."""
    line = " ".join(str(text).split("\n"))
    print(line.encode("utf-8", "replace").decode("utf-8"), file=sys.stderr)


def _language_from(argv: list[str]) -> str:
    """--lang anywhere on the line (before parsing, so that parsing errors are in that language too)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in ("fr", "nl"):
            return argv[i + 1]
        if arg in ("--lang=fr", "--lang=nl"):
            return arg[-2:]
    lang = os.environ.get("REDI_DESKTOP_LANG") or os.environ.get("LANG", "")
    return "nl" if lang.startswith("nl") else "fr"


# -- parsing ----------------------------------------------------------------------------------------------


class _UsageError(Exception):
    """The command line itself is not right."""


_ARGPARSE_ERRORS = (  # argparse speaks English only: its usual complaints in the user's language
    (re.compile(r"the following arguments are required: (.*)"), lambda m: _("Missing on the command line: {what}.")
     .format(what=m.group(1))),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: _("Not understood on the command line: {what}.")
     .format(what=excerpt(m.group(1)))),
    (re.compile(r"argument ([^:]+): invalid choice: '([^']*)'"), lambda m: _("“{value}” is not a choice for {what}.")
     .format(value=excerpt(m.group(2)), what=m.group(1))),
    (re.compile(r"argument ([^:]+): expected one argument"), lambda m: _("{what} needs a value.")
     .format(what=m.group(1))),
)


class _Parser(argparse.ArgumentParser):
    def error(self, text: str):  # one sentence in the user's language, not a usage block in English
        for pattern, say in _ARGPARSE_ERRORS:
            m = pattern.search(text)
            if m:
                raise _UsageError(say(m) + " " + _("See “{command} --help”.").format(command=self.prog))
        raise _UsageError(_("The command line is not right. See “{command} --help”.").format(command=self.prog))


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="redi-desktop", description="REDI Desktop: reference budgets for a dignified life.")
    p.add_argument("--version", action="version", version=f"redi-desktop {__version__}")
    p.add_argument("--lang", choices=("fr", "nl"), help="language of messages and output (default: fr)")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    c = sub.add_parser("compute", help="compute the reference budget of a household JSON file")
    c.add_argument("file", type=Path)
    c.add_argument("--date", help="assessment date YYYY-MM-DD (default: the file's, else today)")
    c.add_argument("--policy", type=Path, help="local policy file (YAML or JSON)")
    c.add_argument("--json", action="store_true", help="print the assessment as JSON")
    c.add_argument("--lines", action="store_true", help="show the lines each category is made of")
    c.add_argument("--dataset", type=Path, help="reference database (default: the bundled budgets.db)")
    _lang(c)
    c.set_defaults(func=_cmd_compute)

    sh = sub.add_parser("sheet", help="write the decision sheet (or the client's budget sheet) as PDF")
    sh.add_argument("file", type=Path, nargs="?", help="a household JSON file (or --case)")
    sh.add_argument("--case", metavar="CASE_ID", help="a stored case: its newest assessment, with its policy version")
    sh.add_argument("--passphrase-file", type=Path, help="read the store passphrase from this file (--case)")
    sh.add_argument("--user", help="who signs in; their profile prints as \"file followed by\" (--case)")
    sh.add_argument("--store", help="the case store: a file, or postgresql://USER@HOST:PORT/DB (--case)")
    sh.add_argument("-o", "--output", type=Path, required=True)
    sh.add_argument("--client", action="store_true", help="the client's budget sheet, in the file's language")
    sh.add_argument("--date", help="assessment date YYYY-MM-DD (default: the file's, else today)")
    sh.add_argument("--policy", type=Path, help="local policy file (YAML or JSON)")
    _lang(sh)
    sh.set_defaults(func=_cmd_sheet)

    d = sub.add_parser("demo", help="compute the bundled example households and print their summaries")
    d.add_argument("-o", "--output", type=Path, help="also write each assessment (JSON) and its sheets (PDF) here")
    _lang(d)
    d.set_defaults(func=_cmd_demo)

    b = sub.add_parser("dataset", help="build or inspect the reference database")
    b.add_argument("action", choices=("build", "info", "audit", "export", "import"))
    b.add_argument("file", nargs="?", type=Path, help="dataset file to write (export) or to verify and add (import)")
    b.add_argument("--sources", type=Path, default=None, help="folder of YAML sources (build)")
    b.add_argument("--output", type=Path, default=None, help="database to write (build) or to read and add to")
    b.add_argument("--id", default=None, help="dataset to export (default: the newest)")
    b.add_argument("--yes", action="store_true", help="import: add the verified dataset (without it, only show)")
    _lang(b)
    b.set_defaults(func=_cmd_dataset)

    s = sub.add_parser("selftest", help="check that the installation works")
    s.set_defaults(func=_cmd_selftest)
    _store_commands(sub)
    return p


def _lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=("fr", "nl"), default=argparse.SUPPRESS)


def _open_application() -> int:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")
            or os.environ.get("QT_QPA_PLATFORM")):
        print(_("No display is available: here is the demo instead."), file=sys.stderr)
        return _cmd_demo(argparse.Namespace(output=None))
    from .gui.app import run

    return run()


# -- computing and printing -------------------------------------------------------------------------------


def _assess(args):
    """Case file, policy, dataset and assessment of a compute or sheet command."""
    case = read_case(args.file)
    if not getattr(args, "lang", None):
        set_language(case.household.language)
    on = parse_date(args.date)
    dataset, policy = open_dataset(getattr(args, "dataset", None)), read_policy(args.policy)
    return case, policy, dataset, assess(case.household, dataset, policy, on, file=args.file.name)


def _cmd_compute(args) -> int:
    case, policy, dataset, assessment = _assess(args)
    results = assess_scenarios(case.scenarios, case.household, dataset, policy, assessment, args.file.name)
    if args.json:
        out = assessment.to_dict()
        if results:
            out["scenarios"] = [r.to_dict() for r in results]
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(render_assessment(assessment, case.household, lines=args.lines))
        for r in results:
            print(_("And if… {name}: gap {gap} ({difference}), proposed aid {aid}").format(
                name=excerpt(r.name, 60), gap=format_amount(r.totals.gap),
                difference=format_signed(r.difference.gap), aid=format_amount(r.totals.proposed_aid)))
    return 0


def _cmd_sheet(args) -> int:
    if args.case:
        from .services.policies import case_sheet

        with _open(args) as store:
            pdf = case_sheet(store, args.case, client=args.client, user=args.user)
        write_file(args.output, pdf)
        print(args.output)
        return 0
    if args.file is None:
        raise _UsageError(_("Name a household file, or a stored case with --case."))
    case, policy, dataset, a = _assess(args)
    results = assess_scenarios(case.scenarios, case.household, dataset, policy, a, args.file.name)
    pdf = make_sheet(a, case.household, policy, dataset, case.decision, client=args.client, scenarios=results)
    write_file(args.output, pdf, keep=(args.file,))
    print(args.output)
    return 0


def _cmd_demo(args) -> int:
    dataset, policy = open_dataset(), read_policy()
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
    examples = sorted(paths.examples_dir().glob("*.json"))
    print(_("{count} example households, dataset {dataset}").format(count=len(examples), dataset=dataset.id))
    for path in examples:
        case = read_case(path)
        a = assess(case.household, dataset, policy, file=path.name)
        t = a.totals
        print(f"{case.household.file_reference or path.stem:<24} "
              + _("budget {budget}  resources {resources}  gap {gap}  proposed aid {aid}").format(
                  budget=format_amount(t.reference_budget), resources=format_amount(t.resources),
                  gap=format_amount(t.gap), aid=format_amount(t.proposed_aid)))
        if args.output:
            write_file(args.output / f"{path.stem}.assessment.json",
                       (json.dumps(a.to_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
            for client, name in ((False, "decision"), (True, "client")):
                pdf = make_sheet(a, case.household, policy, dataset, case.decision, client=client)
                write_file(args.output / f"{path.stem}.{name}.pdf", pdf)
    return 0


def _cmd_dataset(args) -> int:
    from .reference import BuildError, build

    if args.action == "build":
        try:
            digests = build(args.sources or paths.budgets_sources(), args.output or paths.budgets_db())
        except BuildError as exc:
            _say(str(exc))
            return EXIT_FAILURE
        print("\n".join(f"{sha}  {did}" for did, sha in digests.items()))
        return 0
    if args.action in ("export", "import"):
        return _dataset_file(args)
    dataset = open_dataset(args.output)
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
    from .services.dataset_exchange import export_text, import_file

    if args.file is None:
        raise ServiceError("dataset_file_missing")
    database = args.output or paths.budgets_db()
    if args.action == "export":
        write_file(args.file, export_text(open_dataset(database, args.id)).encode("utf-8"))
        return 0
    report = import_file(args.file, database, args.yes)
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


# -- the case store ---------------------------------------------------------------------------------------
# A user signs in with --user NAME (default: the only user, else the first administrator) and their password,
# from a prompt (getpass: never echoed, never in the shell history) or from `--passphrase-file FILE` for
# scripts (its first line). The store is the laptop's file unless --store or REDI_DESKTOP_STORE names another
# file or an office database (postgresql://USER@HOST:PORT/DB). Options follow the subcommand.


def _store_commands(sub) -> None:
    def command(name, help_text, func, *parents, passphrase=True):
        p = (parents[0] if parents else sub).add_parser(name, help=help_text)
        if passphrase:
            p.add_argument("--passphrase-file", "--password-file", dest="passphrase_file", type=Path,
                           help="read your password from this file")
            p.add_argument("--user", help="who signs in (default: the only user, else the first administrator)")
            p.add_argument("--store", help="the case store: a file, or postgresql://USER@HOST:PORT/DB")
        _lang(p)
        p.set_defaults(func=func)
        return p

    p = command("init", "create the encrypted case store and its first administrator", _cmd_init, passphrase=False)
    p.add_argument("--passphrase-file", "--password-file", dest="passphrase_file", type=Path,
                   help="read the administrator's password from this file")
    p.add_argument("--store", help="the case store: a file, or postgresql://USER@HOST:PORT/DB")
    p.add_argument("--admin", default="admin", help="name of the first administrator (default: admin)")

    users = sub.add_parser("users", help="who may sign in, and with which role (administrators)")
    usub = users.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    ua = command("add", "add a user with a role and a first password", _cmd_users_add, usub)
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=ROLES)
    ua.add_argument("--new-password-file", type=Path, help="read the new user's password from this file")
    command("list", "one line per user: name, role, whether they may sign in", _cmd_users_list, usub)
    ud = command("disable", "take a user's access away (the audit log keeps their name)", _cmd_users_disable, usub)
    ud.add_argument("name")

    cases = sub.add_parser("cases", help="store a household with its assessment, or list the stored cases")
    csub = cases.add_subparsers(dest="cases_command", required=True, parser_class=_Parser)
    a = command("add", "store a household JSON file and its assessment; prints the case id", _cmd_cases_add, csub)
    a.add_argument("file", type=Path)
    a.add_argument("--date", help="assessment date YYYY-MM-DD (default: the file's, else today)")
    a.add_argument("--policy", type=Path, help="local policy file (default: the store's active policy)")
    li = command("list", "one line per case: id, file reference, client's name", _cmd_cases_list, csub)
    li.add_argument("--search", help="only the cases whose name or file reference contain these words")
    asg = command("assign", "give a case to a caseworker (head of service)", _cmd_cases_assign, csub)
    asg.add_argument("case_id", metavar="CASE_ID")
    asg.add_argument("name", nargs="?", help="the caseworker (none: take the case back)")
    sh = command("show", "a case: its requests, assessments, decisions and deadlines", _cmd_cases_show, csub)
    sh.add_argument("case_id", metavar="CASE_ID")
    sh.add_argument("--json", action="store_true", help="as JSON")

    du = command("due", "what is due in every case (decisions, notifications, revisions), overdue first", _cmd_due)
    du.add_argument("--on", help="the day to look from, YYYY-MM-DD (default: today)")
    du.add_argument("--json", action="store_true", help="as JSON")
    dec = sub.add_parser("decisions", help="the committee's decisions")
    dsub = dec.add_subparsers(dest="decisions_command", required=True, parser_class=_Parser)
    dr = command("record", "record the committee's decision of a case", _cmd_decisions_record, dsub)
    dr.add_argument("case_id", metavar="CASE_ID")
    dr.add_argument("--date", required=True, help="date of the decision, YYYY-MM-DD")
    dr.add_argument("--outcome", required=True, choices=("granted", "partly_granted", "refused"))
    dr.add_argument("--amount", help="monthly amount granted, for example 250.00")
    dr.add_argument("--start", help="first day of the aid, YYYY-MM-DD")
    dr.add_argument("--months", type=_whole_number, help="how many months the aid is granted for")
    dr.add_argument("--conditions", default="", help="the conditions of the aid")
    dr.add_argument("--motivation", default="", help="the reasons of the decision")
    ack = command("acknowledgment", "write the acknowledgment of receipt of a case's latest request as PDF",
                  _cmd_acknowledgment, csub)
    ack.add_argument("case_id", metavar="CASE_ID")
    ack.add_argument("-o", "--output", type=Path, required=True)
    tl = command("timeline", "write a case's timeline (requests, assessments, decisions, notifications) as PDF",
                 _cmd_timeline, csub)
    tl.add_argument("case_id", metavar="CASE_ID")
    tl.add_argument("-o", "--output", type=Path, required=True)
    mt = sub.add_parser("meetings", help="the meetings of the deciding body")
    msub = mt.add_subparsers(dest="meetings_command", required=True, parser_class=_Parser)
    ag = command("agenda", "write a meeting's agenda as PDF (a new meeting takes the cases ready)", _cmd_agenda, msub)
    ag.add_argument("--date", required=True, help="date of the meeting, YYYY-MM-DD")
    ag.add_argument("--body", default="", help="the deciding body (default: the policy's)")
    ag.add_argument("-o", "--output", type=Path, required=True)
    rep = sub.add_parser("report", help="reports on the practice of the social service")
    rsub = rep.add_subparsers(dest="report_command", required=True, parser_class=_Parser)
    pr = command("practice", "the anonymised practice report of a period, as PDF (and CSV)", _cmd_practice, rsub)
    pr.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
    pr.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
    pr.add_argument("-o", "--output", type=Path, required=True, help="the PDF")
    pr.add_argument("--csv", type=Path, help="also the figures as CSV")
    nt = command("notify", "record when and how a case's decision was notified", _cmd_notify)
    nt.add_argument("case_id", metavar="CASE_ID")
    nt.add_argument("--date", required=True, help="posted or handed on, YYYY-MM-DD")
    nt.add_argument("--method", required=True, choices=("registered", "by_hand"))

    v = command("verify", "check stored assessments (recomputed where the engine is the same) and the audit log",
                _cmd_verify)
    v.add_argument("run_id", nargs="?", help="one run id (default: with --all, every assessment)")
    v.add_argument("--all", action="store_true", help="every stored assessment")
    v.add_argument("--anchor", metavar="HEX", help="the audit chain head printed on a letter: is it still in the log?")

    command("backup", "write a verified encrypted backup of the case store", _cmd_backup)
    r = command("restore", "replace the case store by a backup (the current file is kept aside)", _cmd_restore)
    r.add_argument("file", type=Path)
    e = command("export", "export cases to one encrypted bundle file", _cmd_export)
    e.add_argument("case_ids", nargs="+", metavar="CASE_ID")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.add_argument("--bundle-passphrase-file", type=Path, help="read the bundle's passphrase from this file")
    i = command("import", "import the cases of a bundle; conflicts are reported, never overwritten", _cmd_import)
    i.add_argument("bundle", type=Path)
    i.add_argument("--bundle-passphrase-file", type=Path, help="read the bundle's passphrase from this file")
    x = command("erase", "erase a case for good (recorded in the audit log)", _cmd_erase)
    x.add_argument("case_id", metavar="CASE_ID")
    pol = sub.add_parser("policy", help="the CPAS's own policy, versioned in the case store")
    psub = pol.add_subparsers(dest="policy_command", required=True, parser_class=_Parser)
    pi = command("import", "make a policy file the active version (with the reason of the change)",
                 _cmd_policy_import, psub)
    pi.add_argument("file", type=Path)
    pi.add_argument("--reason", required=True, help="why the policy changes (kept in the change log)")
    ps = command("show", "print the active policy", _cmd_policy_show, psub)
    ps.add_argument("--json", action="store_true", help="as JSON")
    command("log", "every version of the policy: who changed what, when and why", _cmd_policy_log, psub)
    pe = command("export", "write the active policy to a file the other laptops can import", _cmd_policy_export,
                 psub)
    pe.add_argument("-o", "--output", type=Path, required=True)
    sy = command("sync", "send this laptop's cases to the office database and take the cases you follow there",
                 _cmd_sync)
    sy.add_argument("--office", required=True, help="the office database, postgresql://USER@HOST:PORT/DB")
    sy.add_argument("--office-password-file", type=Path, help="read your office password from this file")
    k = command("passphrase", "change your password", _cmd_passphrase)
    k.add_argument("--new-passphrase-file", "--new-password-file", dest="new_passphrase_file", type=Path,
                   help="read the new password from this file")


def read_secret(path: Path | None, prompt: str, confirm: bool = False) -> str:
    """A passphrase: the first line of a file (UTF-8, or as Windows Notepad saves it: "ANSI", that is
    Windows-1252, or "Unicode", UTF-16 with its byte order mark), or typed twice at a prompt for a new one."""
    from .services.casefile import read_bytes

    if path is not None:
        data = read_bytes(path, MAX_SECRET_FILE)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16", "replace")
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1252", "replace")  # Notepad's "ANSI": the characters the user typed
        secret = text.splitlines()[0] if text else ""
        if "\x00" in secret or "\ufffd" in secret:
            raise ServiceError("passphrase_file_bad", path=path)
    else:
        secret = getpass.getpass(prompt)
        if confirm and getpass.getpass(_("Passphrase again: ")) != secret:
            raise ServiceError("passphrase_mismatch")
    if not secret:
        raise ServiceError("passphrase_empty")
    return secret


def _location(args):
    from .services.cases import store_location

    return store_location(getattr(args, "store", None))


def _open(args, daily_backup: bool = False):
    from .services.cases import open_store

    args.secret = read_secret(args.passphrase_file, _("Password: "))
    return open_store(_location(args), args.secret, user=args.user, daily_backup=daily_backup,
                      warn=lambda problem: _say(problem.text()))


def _cmd_init(args) -> int:
    from .services.cases import create_store, shown

    location = _location(args)
    if isinstance(location, Path) and location.exists() and location.stat().st_size > 0:
        raise ServiceError("store_exists", path=location.parent)
    secret = read_secret(args.passphrase_file, _("New password: "), confirm=True)
    create_store(location, secret, admin=args.admin).close()
    print(_("Case store created in {path}, administrator {name}.").format(path=shown(location), name=args.admin))
    return 0


def _cmd_users_add(args) -> int:
    from .services.cases import store_errors

    with _open(args) as store, store_errors():
        store._require("users")  # refused before a password is asked for
        new = read_secret(args.new_password_file, _("Password of {user}: ").format(user=args.name),
                          confirm=args.new_password_file is None)
        store.add_user(args.name, args.role, new)
    print(_("User {user} added ({role}).").format(user=args.name, role=_(ROLE_LABELS[args.role])))
    return 0


def _cmd_users_list(args) -> int:
    from .services.cases import store_errors

    with _open(args) as store, store_errors():
        for u in store.users():
            state = _("active") if u.active else _("disabled")
            print(f"{u.name}\t{_(ROLE_LABELS[u.role])}\t{state}")
    return 0


def _cmd_users_disable(args) -> int:
    from .services.cases import store_errors

    with _open(args) as store, store_errors():
        store.disable_user(args.name)
    print(_("User {user} can no longer sign in.").format(user=args.name))
    return 0


def _cmd_cases_assign(args) -> int:
    from .services.cases import store_errors

    with _open(args) as store, store_errors():
        store.assign(args.case_id, args.name)
    print(_("Case {case} assigned to {user}.").format(case=args.case_id, user=args.name) if args.name
          else _("Case {case} is no longer assigned.").format(case=args.case_id))
    return 0


def _cmd_cases_add(args) -> int:
    from .services.cases import keep_scenarios, save_case
    from .services.policies import active_policy

    case = read_case(args.file)
    on = parse_date(args.date)
    dataset = open_dataset()
    with _open(args, daily_backup=True) as store:
        policy = read_policy(args.policy) if args.policy else active_policy(store)
        a = assess(case.household, dataset, policy, on, file=args.file.name)
        assess_scenarios(case.scenarios, case.household, dataset, policy, a, args.file.name)  # all computable
        case_id = save_case(store, case.household, a, dataset, policy, case.decision, user=args.user,
                            request=case.request)
        if case.scenarios:  # kept beside the case, outside its history
            keep_scenarios(store, case_id, [s.to_dict() for s in case.scenarios], user=args.user)
    print(case_id)
    return 0


def _whole_number(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,4}", text.strip()):
        raise argparse.ArgumentTypeError(text)
    return int(text)


def _day(text: str | None, what: str) -> dt.date | None:
    """A date of the procedure typed on the command line (YYYY-MM-DD)."""
    from .domain.dates import parse_iso_date
    from .domain.messages import InvalidInput

    if text is None:
        return None
    try:
        return parse_iso_date(text, what)
    except InvalidInput as exc:
        raise ServiceError.invalid(exc) from None


def _amount(text: str | None):
    from .domain.messages import InvalidInput, Problem
    from .domain.money import MoneyError, to_money

    if text is None:
        return None
    try:
        return to_money(text)
    except MoneyError:
        raise ServiceError.invalid(InvalidInput([Problem("bad_amount", "--amount", {"value": text[:200]})])) from None


def _cmd_cases_show(args) -> int:
    from .services.procedure import case_view

    with _open(args) as store:
        view = case_view(store, args.case_id)
    if args.json:
        print(json.dumps(view, indent=2, ensure_ascii=False))
        return 0
    name = " ".join(x for x in (view["client"]["first_name"], view["client"]["last_name"]) if x)
    print(f"{view['id']}  {view['file_reference'] or '-'}  {name}")
    for r in view["requests"]:
        print(_("Request {number} received on {date}").format(number=r["number"], date=format_date(r["received"])))
    for a in view["assessments"]:
        print(_("Assessment {run} of {date}: gap {gap}, proposed aid {aid}").format(
            run=a["run_id"], date=format_date(a["on_date"]), gap=format_amount(a["totals"]["gap"]),
            aid=format_amount(a["totals"]["proposed_aid"])))
    for d in view["decisions"]:
        if d.get("date"):
            print(_("Decision of {date}: {outcome}").format(date=format_date(d["date"]),
                                                            outcome=_(OUTCOME_NAMES[d["outcome"]])))
    for key, label in DEADLINE_NAMES.items():
        value = view["deadlines"][key]
        print(_("{what}: {date}").format(what=_(label), date=format_date(value) if value else "-"))
    return 0


def _cmd_due(args) -> int:
    from .services.procedure import due

    on = _day(args.on, "--on") or dt.date.today()
    with _open(args) as store:
        items = due(store, on)
    if args.json:
        print(json.dumps([i.to_dict() for i in items], indent=2, ensure_ascii=False))
        return 0
    if not items:
        print(_("Nothing is due."))
    for i in items:
        late = _("overdue") if i.overdue else _("due")
        print(f"{format_date(i.due.isoformat())}  {late}  {_(DUE_NAMES[i.what])}  {i.file_reference or '-'}  {i.case}")
    return 0


def _cmd_decisions_record(args) -> int:
    from .services.procedure import record_decision

    on, start = _day(args.date, "--date"), _day(args.start, "--start")
    amount = _amount(args.amount)
    with _open(args, daily_backup=True) as store:
        record_decision(store, args.case_id, on, args.outcome, amount, start, args.months, args.conditions,
                        args.motivation, user=args.user)
    print(_("Decision recorded."))
    return 0


def _cmd_notify(args) -> int:
    from .services.procedure import notify

    on = _day(args.date, "--date")
    with _open(args, daily_backup=True) as store:
        d = notify(store, args.case_id, on, args.method, user=args.user)
    print(_("Notification recorded: appeal possible until {date}.").format(date=format_date(d.appeal_until.isoformat())))
    return 0


def _cmd_acknowledgment(args) -> int:
    from .services.procedure import acknowledgment_pdf
    from .services.sheets import check_output

    check_output(args.output)
    with _open(args) as store:
        pdf = acknowledgment_pdf(store, args.case_id, user=args.user)
    write_file(args.output, pdf)
    print(args.output)
    return 0


def _cmd_timeline(args) -> int:
    from .services.procedure import timeline_pdf
    from .services.sheets import check_output

    check_output(args.output)
    with _open(args) as store:
        pdf = timeline_pdf(store, args.case_id, language())
    write_file(args.output, pdf)
    print(args.output)
    return 0


def _cmd_agenda(args) -> int:
    from .services.procedure import agenda_pdf, meeting_agenda
    from .services.sheets import check_output

    on = _day(args.date, "--date")
    check_output(args.output)
    with _open(args, daily_backup=True) as store:
        meeting = meeting_agenda(store, on, args.body, user=args.user)
        pdf = agenda_pdf(store, meeting, language(), user=args.user)
    write_file(args.output, pdf)
    print(ngettext("{count} case on the agenda: {path}", "{count} cases on the agenda: {path}",
                   len(meeting.case_ids)).format(count=len(meeting.case_ids), path=args.output))
    return 0


def _cmd_practice(args) -> int:
    from .services.practice import practice, practice_csv, practice_pdf
    from .services.sheets import check_output

    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    for target in (args.output, args.csv):
        if target is not None:
            check_output(target)
    with _open(args) as store:
        figures = practice(store, start, end)
        pdf = practice_pdf(store, figures, language())
    write_file(args.output, pdf)
    if args.csv is not None:
        write_file(args.csv, practice_csv(figures).encode("utf-8"))
    print(args.output)
    return 0


def _cmd_cases_list(args) -> int:
    from .services.cases import store_errors

    with _open(args) as store, store_errors():
        for c in store.list_cases(args.search):
            name = " ".join(x for x in (c.first_name, c.last_name) if x)
            print(f"{c.id}  {c.file_reference or '-'}  {name}")
    return 0


def _cmd_verify(args) -> int:
    from .services.cases import verify

    if not args.all and not args.run_id:
        raise ServiceError("run_id_or_all")
    anchor = None if args.anchor is None else args.anchor.strip().lower()
    if anchor is not None and not re.fullmatch(r"[0-9a-f]{12,64}", anchor):
        raise ServiceError("anchor_bad", anchor=args.anchor)
    with _open(args) as store:
        report = verify(store, None if args.all else args.run_id, anchor=anchor)
    for aid, run, stored, got in report.differences:
        print(_("Assessment {id} (run {run}): stored output {stored}, recomputed {got}.").format(
            id=aid, run=run, stored=stored[:12], got=got[:12]))
    for aid, run, dataset in report.unpublished:
        print(_("Assessment {id} (run {run}): its copy of dataset {dataset} is not the published one (its hash is "
                "not that of {dataset} in the reference database).").format(id=aid, run=run, dataset=dataset))
    for case, kind, row in report.tampered:
        print(_(TAMPERED_TEXTS[kind]).format(case=case, id=row))
    if report.audit_ok:
        print(_("Audit log: {count} entries, chain intact.").format(count=report.audit_entries))
    else:
        print(_("Audit log: the chain is broken at entry {id}.").format(id=report.audit_first_bad))
    if report.earlier_engine:
        versions = ", ".join(sorted({v for _id, _run, v in report.earlier_engine}))
        print(ngettext("{count} assessment was computed by an earlier engine ({versions}): its stored input and "
                       "output match their hashes; it is not recomputed.",
                       "{count} assessments were computed by an earlier engine ({versions}): their stored inputs "
                       "and outputs match their hashes; they are not recomputed.",
                       len(report.earlier_engine)).format(count=len(report.earlier_engine), versions=versions))
    recomputed = report.checked - len(report.earlier_engine)
    if report.differences:
        print(_("{bad} of {count} assessments differ from what was stored.").format(
            bad=len(report.differences), count=report.checked))
    elif report.tampered or report.unpublished:
        print(_("{bad} stored documents do not match their hash, the audit log or the published datasets.").format(
            bad=len(report.tampered) + len(report.unpublished)))
    else:
        print(_("{count} assessments recomputed: all identical.").format(count=recomputed))
    if report.anchor is not None and report.anchor_found is not None:
        print(_("The chain head {anchor} printed on a letter is in the audit log (entry {id}).").format(
            anchor=report.anchor, id=report.anchor_found))
    elif report.anchor is not None:
        print(_("The chain head {anchor} printed on a letter is no longer in the audit log: the log was rewritten "
                "after that letter was printed.").format(anchor=report.anchor))
    return 0 if report.ok else EXIT_FAILURE


TAMPERED_TEXTS = {  # services.cases.TAMPERED: what a stored document that no longer matches its digests is
    "identity": N_("Case {case}: the client's name or the file reference was changed outside the program (it does "
                   "not match the audit log)."),
    "snapshot": N_("Case {case}: household snapshot {id} was changed (it does not match its hash)."),
    "output": N_("Case {case}: the stored output of assessment {id} was changed (it does not match its hashes)."),
    "assessment": N_("Case {case}: assessment {id} is not the one the audit log recorded (household or output "
                     "changed)."),
    "decision": N_("Case {case}: decision {id} was changed (it does not match the audit log)."),
}


def _cmd_backup(args) -> int:
    from .services.cases import store_errors
    from .store.backup import backup

    with _open(args) as store, store_errors():
        print(backup(store, "manual"))
    return 0


def _cmd_restore(args) -> int:
    from .services.cases import open_store, store_errors
    from .store.backup import restore
    from .store.connection import kdf_iter_default

    path = _location(args)
    if not isinstance(path, Path):
        raise ServiceError("office_backup")
    secret = read_secret(args.passphrase_file, _("Password: "))
    with store_errors():
        aside = restore(args.file, path, secret, kdf_iter_default(), user=args.user)
    with open_store(path, secret, user=args.user) as store, store_errors():  # opening erases again what was erased since
        store.record("restore")
        erased_again = store.erased_again
    if aside is not None:
        print(_("Restored. The replaced database was kept as {path}.").format(path=aside))
    else:
        print(_("Restored."))
    if erased_again:
        print(ngettext("{count} case erased after this backup was made was erased again.",
                       "{count} cases erased after this backup was made were erased again.",
                       len(erased_again)).format(count=len(erased_again)))
    return 0


def _cmd_export(args) -> int:
    from .services.cases import store_errors
    from .services.sheets import check_output
    from .store.bundle import export_cases

    location = _location(args)
    check_output(args.output, keep=(location,) if isinstance(location, Path) else (), said="output_is_store")  # nor a device
    with _open(args) as store:
        bundle_secret = read_secret(args.bundle_passphrase_file, _("Bundle passphrase: "),
                                    confirm=args.bundle_passphrase_file is None)
        with store_errors():
            count = export_cases(store, args.case_ids, args.output, bundle_secret)
    print(_("{count} cases exported to {path}.").format(count=count, path=args.output))
    return 0


def _cmd_import(args) -> int:
    from .services.cases import store_errors
    from .store.bundle import import_bundle

    with _open(args, daily_backup=True) as store:
        bundle_secret = read_secret(args.bundle_passphrase_file, _("Bundle passphrase: "))
        with store_errors():
            report = import_bundle(store, args.bundle, bundle_secret)
    for cid in report.imported:
        print(_("{case}: imported").format(case=cid))
    for cid in report.merged:
        print(_("{case}: newer assessments added").format(case=cid))
    for cid in report.unchanged:
        print(_("{case}: already up to date").format(case=cid))
    for cid, _why in report.conflicts:
        print(_("{case}: conflict, changed on both sides; kept as it is here").format(case=cid))
    return EXIT_FAILURE if report.conflicts else 0


def _cmd_erase(args) -> int:
    from .services.cases import store_errors

    with _open(args) as store, store_errors():
        store.erase(args.case_id)
    print(_("Case {case} erased.").format(case=args.case_id))
    return 0


def _cmd_policy_import(args) -> int:
    from .services.policies import import_policy

    if not args.reason.strip():
        raise ServiceError("policy_reason_required")
    with _open(args, daily_backup=True) as store:
        policy = import_policy(args.file, args.reason, store)
    print(_("Policy “{name}” version {version} is now the active policy.").format(name=policy.name_in(language()),
                                                                                  version=policy.version))
    return 0


def _cmd_policy_show(args) -> int:
    from .services.policies import active_policy, policy_text

    with _open(args) as store:
        policy = active_policy(store)
    print(json.dumps(policy.to_dict(), indent=2, ensure_ascii=False) if args.json else policy_text(policy).rstrip())
    return 0


def _cmd_policy_log(args) -> int:
    from .services.cases import store_errors
    from .services.policies import differences

    with _open(args) as store, store_errors():
        log = store.policy_log()
    if not log:
        print(_("No policy was saved in the case store: new assessments use the default policy."))
    for i, entry in enumerate(log):
        older = log[i + 1] if i + 1 < len(log) else None
        print(_("Version {version}, {date}, by {author}: {reason}").format(
            version=entry.version, date=format_date(entry.created_at[:10]), author=entry.author or "-",
            reason=entry.reason))
        for path, before, after in differences(older.policy if older else None, entry.policy):
            before, after = (value if value not in (None, "") else "-" for value in (before, after))
            print(f"    {path}: {before} -> {after}")
    return 0


def _cmd_policy_export(args) -> int:
    from .services.policies import active_policy, export_policy

    with _open(args) as store:
        policy = active_policy(store)
    export_policy(policy, args.output)
    print(args.output)
    return 0


def _cmd_sync(args) -> int:
    from .services.cases import sync_summary, sync_with_office

    with _open(args) as store:
        secret = read_secret(args.office_password_file, _("Office password of {user}: ").format(user=store.user.name))
        report = sync_with_office(store, args.office, secret)
    for text in sync_summary(report):
        print(text)
    return 0


def _cmd_passphrase(args) -> int:
    from .services.cases import change_password

    with _open(args) as store:
        new = read_secret(args.new_passphrase_file, _("New password: "), confirm=args.new_passphrase_file is None)
        change = change_password(store, args.secret, new)
    print(_("Password changed."))
    if change.earlier_backups:
        print(ngettext("{count} earlier backup keeps the old password: keep the old one to restore it.",
                       "{count} earlier backups keep the old password: keep the old one to restore them.",
                       change.earlier_backups).format(count=change.earlier_backups))
    if change.backup is not None:
        print(_("A backup after the change: {path}").format(path=change.backup))
    elif change.problem is not None:
        _say(change.problem.text())
    return 0
