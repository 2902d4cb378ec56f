"""The printed documents: the bilingual decision sheet and the client's budget sheet (reportlab)."""

from .sheet import SheetTooLong, client_sheet, decision_sheet

__all__ = ["SheetTooLong", "client_sheet", "decision_sheet"]
