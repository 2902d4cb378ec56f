"""REDI Desktop: offline reference budgets for a dignified life, for Belgian CPAS / OCMW."""

__version__ = "0.1.0"
