"""Actuarial calculators as pure functions: plain inputs and a parameter table in, a result out.

Each calculator takes the published parameters as an argument (loaded from reference data by the
caller), so the same inputs and the same table always give the same answer, and a new table with a
later effective date changes future scores without rewriting old ones.
"""
from mappa.risk.calculators.common import InputError, Item, Result  # noqa: F401
