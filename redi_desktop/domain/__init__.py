"""Plain data and rules shared by every layer: the household, money, policy, dataset, assessment."""

from .household import CATEGORIES, Household, Member
from .messages import InvalidInput, Problem

__all__ = ["CATEGORIES", "Household", "InvalidInput", "Member", "Problem"]
