"""One family of errors that the CLI prints as a single plain line.

Anything that is not a :class:`KitError` is a bug in the kit and is shown
with its traceback.

The errors a consultant meets most (a file or column not found, an encoding,
ambiguous dates, too many unusable rows, ...) are raised with a ``key`` of
:mod:`kit.text` and their values, so that they can be told in the case's
language: ``str(error)`` uses the error's own :attr:`KitError.language` when
the code that knows the case set it, else the language set by
:func:`use_language` (a notebook sets its case's), else English.

>>> error = DataError(key="e_no_file", file="orders.csv")
>>> str(error)
'orders.csv: the file does not exist'
>>> error.told("zh")
'orders.csv：文件不存在'
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The language errors are told in when an error does not carry its own (see :func:`use_language`).
_LANGUAGE = {"current": "en"}


def use_language(lang: str) -> None:
    """Tell errors in ``lang`` (``zh`` or ``en``) from now on in this process (a notebook's kernel: its case's)."""
    _LANGUAGE["current"] = lang if lang in ("zh", "en") else "en"


@dataclass(frozen=True)
class Phrase:
    """Part of an error message with a text key of its own (a hint), told in the error's language.

    A value of an error or phrase may also be a mapping of language to text (``{"en": ..., "zh": ...}``).
    """

    key: str
    values: dict = field(default_factory=dict)

    def told(self, lang: str) -> str:
        return _told(self.key, lang, self.values)


def phrase(key: str | None, **values) -> Phrase | str:
    """A :class:`Phrase` for ``key``, or ``""`` when ``key`` is None (a hint that does not apply)."""
    return "" if key is None else Phrase(key, values)


def _told(key: str, lang: str, values: dict) -> str:
    from .text import t

    def one(value):
        if isinstance(value, Phrase):
            return value.told(lang)
        if isinstance(value, dict):  # the value in each language, such as a reason's words
            return value.get(lang, value["en"])
        return value

    return t(key, lang, **{k: one(v) for k, v in values.items()})


class KitError(Exception):
    """Root of every error the kit reports to a user in one line.

    Either a message (English only), or ``key=`` a :mod:`kit.text` key and its
    values, told in either language by :meth:`told`.
    """

    #: The case's language, set by code that knows the case (None: the process's, see :func:`use_language`)
    language: str | None = None

    def __init__(self, message: str = "", *, key: str | None = None, **values):
        self.key, self.values = key, values
        super().__init__(message if key is None else _told(key, "en", values))

    def told(self, lang: str) -> str:
        """The message in ``lang`` (English when it has no key)."""
        if self.key is None:
            return super().__str__()
        return _told(self.key, lang, self.values)

    def __str__(self) -> str:
        return self.told(self.language or _LANGUAGE["current"])

    def __reduce__(self):  # pickled whole (kit run --jobs), whatever a subclass's __init__ takes
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type, args: tuple, state: dict) -> KitError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ParamsError(KitError):
    """A params file or ``--set`` override is wrong."""


class DataError(KitError):
    """An input file cannot be read or does not hold what the params promise."""


class GradingError(KitError):
    """A grader cannot produce grades from the features it was given."""


class RunError(KitError):
    """A notebook failed while a run was executing."""
