"""The store's command line: `init`, `cases add|list`, `verify`, `backup`, `restore`, `export`, `import`,
`erase`, `passphrase`. cli.py adds them with `add_store_commands(subparsers)`.

The passphrase comes from a prompt (getpass: never echoed, never in the shell history) or from
`--passphrase-file FILE` for scripts (its first line). Options follow the subcommand.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ..i18n import _
from .errors import StoreError

EXIT_INVALID, EXIT_FAILURE = 2, 1
# failures the user can fix by what they type; the others are states of the machine
_USER_FIXABLE = {"wrong_passphrase", "passphrase_empty", "passphrase_mismatch", "case_unknown", "case_needs_client",
                 "store_missing", "store_exists", "backup_missing", "bundle_damaged", "bundle_unreadable",
                 "user_unknown"}


def _user_error(exc: StoreError):
    from ..cli import UserError

    return UserError(exc.text(), EXIT_INVALID if exc.key in _USER_FIXABLE else EXIT_FAILURE)


def _guard(func):
    def run(args) -> int:
        try:
            return func(args)
        except StoreError as exc:
            raise _user_error(exc) from None
    run.__name__ = func.__name__
    return run


def _read_secret(path: Path | None, prompt: str, confirm: bool = False) -> str:
    if path is not None:
        try:
            with open(path, encoding="utf-8-sig") as f:
                secret = f.readline().rstrip("\r\n")
        except OSError:
            from ..cli import UserError

            raise UserError(_("The file {path} cannot be read.").format(path=path)) from None
    else:
        secret = getpass.getpass(prompt)
        if confirm and getpass.getpass(_("Passphrase again: ")) != secret:
            raise StoreError("passphrase_mismatch")
    if not secret:
        raise StoreError("passphrase_empty")
    return secret


def _store_path() -> Path:
    from .store import default_path

    return default_path()


def _open(args, daily_backup: bool = False):
    from .store import Store

    store = Store.open(_store_path(), _read_secret(args.passphrase_file, _("Passphrase: ")))
    if daily_backup:
        from .backup import daily_backup as make

        make(store)
    return store


def _common(p: argparse.ArgumentParser, passphrase: bool = True) -> None:
    if passphrase:
        p.add_argument("--passphrase-file", type=Path, help="read the store passphrase from this file")
    p.add_argument("--lang", choices=("fr", "nl"), default=argparse.SUPPRESS)


def add_store_commands(sub) -> None:
    """Add the store's subcommands to the main parser's subparsers."""
    p = sub.add_parser("init", help="create the encrypted case store and its first administrator")
    p.add_argument("--admin", default="admin", help="name of the first administrator (default: admin)")
    _common(p)
    p.set_defaults(func=_guard(_cmd_init))

    cases = sub.add_parser("cases", help="store a household with its assessment, or list the stored cases")
    csub = cases.add_subparsers(dest="cases_command", required=True)
    a = csub.add_parser("add", help="store a household JSON file and its assessment; prints the case id")
    a.add_argument("file", type=Path)
    a.add_argument("--date", help="assessment date YYYY-MM-DD (default: the file's, else today)")
    a.add_argument("--policy", type=Path, help="local policy file (YAML or JSON)")
    a.add_argument("--user", help="who saves the case (default: the first administrator)")
    _common(a)
    a.set_defaults(func=_guard(_cmd_cases_add))
    li = csub.add_parser("list", help="one line per case: id, file reference, client's name")
    li.add_argument("--search", help="only the cases whose name or file reference contain these words")
    _common(li)
    li.set_defaults(func=_guard(_cmd_cases_list))

    v = sub.add_parser("verify", help="recompute stored assessments and check the audit log")
    v.add_argument("run_id", nargs="?", help="one run id (default: with --all, every assessment)")
    v.add_argument("--all", action="store_true", help="every stored assessment")
    _common(v)
    v.set_defaults(func=_guard(_cmd_verify))

    b = sub.add_parser("backup", help="write a verified encrypted backup of the case store")
    _common(b)
    b.set_defaults(func=_guard(_cmd_backup))

    r = sub.add_parser("restore", help="replace the case store by a backup (the current file is kept aside)")
    r.add_argument("file", type=Path)
    _common(r)
    r.set_defaults(func=_guard(_cmd_restore))

    e = sub.add_parser("export", help="export cases to one encrypted bundle file")
    e.add_argument("case_ids", nargs="+", metavar="CASE_ID")
    e.add_argument("-o", "--output", type=Path, required=True)
    e.add_argument("--bundle-passphrase-file", type=Path, help="read the bundle's passphrase from this file")
    _common(e)
    e.set_defaults(func=_guard(_cmd_export))

    i = sub.add_parser("import", help="import the cases of a bundle; conflicts are reported, never overwritten")
    i.add_argument("bundle", type=Path)
    i.add_argument("--bundle-passphrase-file", type=Path, help="read the bundle's passphrase from this file")
    _common(i)
    i.set_defaults(func=_guard(_cmd_import))

    x = sub.add_parser("erase", help="erase a case for good (recorded in the audit log)")
    x.add_argument("case_id", metavar="CASE_ID")
    _common(x)
    x.set_defaults(func=_guard(_cmd_erase))

    k = sub.add_parser("passphrase", help="change the passphrase of the case store")
    k.add_argument("--new-passphrase-file", type=Path, help="read the new passphrase from this file")
    _common(k)
    k.set_defaults(func=_guard(_cmd_passphrase))


def _cmd_init(args) -> int:
    from .store import Store

    path = _store_path()
    if path.exists() and path.stat().st_size > 0:
        raise StoreError("store_exists", path=path.parent)
    secret = _read_secret(args.passphrase_file, _("New passphrase: "), confirm=True)
    Store.create(path, secret, admin=args.admin).close()
    print(_("Case store created in {path}, administrator {name}.").format(path=path, name=args.admin))
    return 0


def _cmd_cases_add(args) -> int:
    import datetime as dt

    from ..cli import load_bundled_dataset, load_case, load_policy

    household, decision = load_case(args.file)
    on = None
    if args.date:
        from ..cli import _parse_date

        on = _parse_date(args.date)
    dataset, policy = load_bundled_dataset(), load_policy(args.policy)
    from ..domain.messages import InvalidInput

    with _open(args, daily_backup=True) as store:
        try:
            case_id = store.add_case(household, dataset, policy, decision, user=args.user,
                                     on_date=on or household.assessment_date or dt.date.today())
        except InvalidInput as exc:
            from ..cli import _invalid

            raise _invalid(exc, args.file) from None
    print(case_id)
    return 0


def _cmd_cases_list(args) -> int:
    with _open(args) as store:
        for c in store.list_cases(args.search):
            name = " ".join(x for x in (c.first_name, c.last_name) if x)
            print(f"{c.id}  {c.file_reference or '-'}  {name}")
    return 0


def _cmd_verify(args) -> int:
    if not args.all and not args.run_id:
        from ..cli import UserError

        raise UserError(_("Name a run id, or use --all."))
    with _open(args) as store:
        report = store.verify(None if args.all else args.run_id)
    for aid, run, stored, got in report.differences:
        print(_("Assessment {id} (run {run}): stored output {stored}, recomputed {got}.").format(
            id=aid, run=run, stored=stored[:12], got=got[:12]))
    if report.audit_ok:
        print(_("Audit log: {count} entries, chain intact.").format(count=report.audit_entries))
    else:
        print(_("Audit log: the chain is broken at entry {id}.").format(id=report.audit_first_bad))
    if report.differences:
        print(_("{bad} of {count} assessments differ when recomputed.").format(
            bad=len(report.differences), count=report.checked))
    else:
        print(_("{count} assessments recomputed: all identical.").format(count=report.checked))
    return 0 if report.ok else EXIT_FAILURE


def _cmd_backup(args) -> int:
    from .backup import backup

    with _open(args) as store:
        print(backup(store, "manual"))
    return 0


def _cmd_restore(args) -> int:
    from .backup import restore
    from .connection import kdf_iter_default
    from .store import Store

    path = _store_path()
    secret = _read_secret(args.passphrase_file, _("Passphrase: "))
    aside = restore(args.file, path, secret, kdf_iter_default())
    with Store.open(path, secret) as store:
        store.record("restore")
    if aside is not None:
        print(_("Restored. The replaced database was kept as {path}.").format(path=aside))
    else:
        print(_("Restored."))
    return 0


def _cmd_export(args) -> int:
    from .bundle import export_cases

    with _open(args) as store:
        bundle_secret = _read_secret(args.bundle_passphrase_file, _("Bundle passphrase: "),
                                     confirm=args.bundle_passphrase_file is None)
        count = export_cases(store, args.case_ids, args.output, bundle_secret)
    print(_("{count} cases exported to {path}.").format(count=count, path=args.output))
    return 0


def _cmd_import(args) -> int:
    from .bundle import import_bundle

    with _open(args, daily_backup=True) as store:
        bundle_secret = _read_secret(args.bundle_passphrase_file, _("Bundle passphrase: "))
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
    with _open(args) as store:
        store.erase(args.case_id)
    print(_("Case {case} erased.").format(case=args.case_id))
    return 0


def _cmd_passphrase(args) -> int:
    with _open(args) as store:
        new = _read_secret(args.new_passphrase_file, _("New passphrase: "), confirm=args.new_passphrase_file is None)
        store.rekey(new)
    print(_("Passphrase changed."))
    return 0


def main(argv: list[str] | None = None) -> int:  # pragma: no cover - a stand-in until cli.py adds the commands
    from ..cli import UserError

    parser = argparse.ArgumentParser(prog="redi-desktop")
    add_store_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
