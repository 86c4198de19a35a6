"""One family of errors that the CLI prints as a single plain line.

Anything that is not a :class:`KitError` is a bug in the kit and is shown
with its traceback.
"""

from __future__ import annotations


class KitError(Exception):
    """Root of every error the kit reports to a user in one line."""


class ParamsError(KitError):
    """A params file or ``--set`` override is wrong."""


class DataError(KitError):
    """An input file cannot be read or does not hold what the params promise."""


class GradingError(KitError):
    """A grader cannot produce grades from the features it was given."""


class RunError(KitError):
    """A notebook failed while a run was executing."""
