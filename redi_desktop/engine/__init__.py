"""The budget engine: pure functions, no Qt, no database, no PDF."""

from .compute import ENGINE_VERSION, bedrooms_needed, compute, proposed_aid

__all__ = ["ENGINE_VERSION", "bedrooms_needed", "compute", "proposed_aid"]
