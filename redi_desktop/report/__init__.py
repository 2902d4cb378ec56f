"""The printed documents: the bilingual decision sheet and the client's budget sheet (reportlab)."""

from .sheet import client_sheet, decision_sheet

__all__ = ["client_sheet", "decision_sheet"]
