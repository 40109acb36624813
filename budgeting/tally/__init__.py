"""Participatory-budgeting tally engine (Python and NumPy with a compiled Cython kernel; no Django).

>>> from budgeting.tally import parse_file, tally
>>> outcome = tally(parse_file("election.pb"), "mes-cost", completion="add1")  # doctest: +SKIP
"""

from budgeting.tally.outcome import Outcome, Step
from budgeting.tally.pabulib import PabulibError, parse_file, parse_string, write_string
from budgeting.tally.profile import Profile
from budgeting.tally.rules import RULES, tally

__all__ = [
    "RULES",
    "Outcome",
    "PabulibError",
    "Profile",
    "Step",
    "parse_file",
    "parse_string",
    "tally",
    "write_string",
]
