"""The printed documents: the bilingual decision sheet, the client's budget sheet, the acknowledgment of
receipt of a request and a meeting's agenda (reportlab)."""

from .practice import practice_report
from .sheet import SheetTooLong, acknowledgment, client_sheet, decision_sheet, meeting_agenda

__all__ = ["SheetTooLong", "acknowledgment", "client_sheet", "decision_sheet", "meeting_agenda", "practice_report"]
