"""Exceptions of the aksnet package.

Every negative ``aksnet_status`` of the C library becomes an exception: :class:`Error` or the
subclass for its code. Each subclass also inherits the matching built-in exception, so code
that knows nothing about aksnet still catches them sensibly (a bad CIDR is a ``ValueError``, an
unknown name a ``LookupError``, a missing file an ``OSError``).
"""

from __future__ import annotations

import enum
from typing import Dict, Optional, Type

__all__ = [
    "Status",
    "Error",
    "InvalidArgumentError",
    "ArgumentTypeError",
    "ParseError",
    "OutOfMemoryError",
    "BufferTooSmallError",
    "NotFoundError",
    "NoFitError",
    "OverlapError",
    "RangeError",
    "FileError",
    "ConflictError",
]


class Status(enum.IntEnum):
    """The C library's status codes (``enum aksnet_status_code``); values are fixed forever."""

    OK = 0
    ERROR = -1
    EINVAL = -2
    EPARSE = -3
    ENOMEM = -4
    EBUFS = -5
    ENOTFOUND = -6
    ENOFIT = -7
    EOVERLAP = -8
    ERANGE = -9
    EIO = -10
    ECONFLICT = -11


class Error(Exception):
    """A libaksnet call failed.

    Attributes:
        code: the :class:`Status` (an ``int``) the C library returned.
        message: what is wrong, with the actual values (the library's own text; for plan
            documents it starts with ``line L, column C:`` and the JSON pointer).
        path: JSON pointer into the plan (``/clusters/0/node_pools/1``) or the name of the
            argument or field at fault; ``""`` when unknown.
        suggestion: what was probably meant (``"10.0.0.0/24"`` for ``"10.0.0.1/24"``), or ``""``.
        line, column: 1-based position in a parsed document, 0 when unknown.
        offset: byte offset of the problem in the parsed text, 0 when unknown.
    """

    default_code: Status = Status.ERROR

    def __init__(
        self,
        message: str,
        code: Optional[int] = None,
        path: str = "",
        suggestion: str = "",
        line: int = 0,
        column: int = 0,
        offset: int = 0,
    ) -> None:
        super().__init__(message)
        if code is None:
            code = self.default_code
        try:
            code = Status(code)
        except ValueError:
            pass
        self.code: int = code
        self.message: str = message
        self.path: str = path
        self.suggestion: str = suggestion
        self.line: int = line
        self.column: int = column
        self.offset: int = offset

    @property
    def strerror(self) -> str:
        """The C library's generic text for :attr:`code` (``aksnet_strerror``)."""
        from . import _capi

        return _capi.strerror(int(self.code))

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        code = self.code.name if isinstance(self.code, Status) else self.code
        extra = f", path={self.path!r}" if self.path else ""
        return f"{type(self).__name__}({self.message!r}, code={code}{extra})"

    def __reduce__(self):  # keep every attribute through pickle and copy
        return (
            type(self),
            (self.message, int(self.code), self.path, self.suggestion, self.line,
             self.column, self.offset),
        )


class InvalidArgumentError(Error, ValueError):
    """An invalid argument: unknown name or enum value, bad option (``AKSNET_EINVAL``)."""

    default_code = Status.EINVAL


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong Python type (raised by the Python layer; ``AKSNET_EINVAL``)."""


class ParseError(Error, ValueError):
    """Text could not be parsed: a CIDR, an address, a date or a JSON plan (``AKSNET_EPARSE``)."""

    default_code = Status.EPARSE


class OutOfMemoryError(Error, MemoryError):
    """An allocation in the C library failed (``AKSNET_ENOMEM``)."""

    default_code = Status.ENOMEM


class BufferTooSmallError(Error):
    """A buffer was too small (``AKSNET_EBUFS``); the binding sizes buffers itself, so this
    means a library bug."""

    default_code = Status.EBUFS


class NotFoundError(Error, LookupError):
    """A named object or an index does not exist (``AKSNET_ENOTFOUND``)."""

    default_code = Status.ENOTFOUND


class NoFitError(Error):
    """The request does not fit in the space available (``AKSNET_ENOFIT``).

    Allocating a plan that does not fit is *not* an error: the :class:`~aksnet.Result` says so
    (``result.fits`` is ``False``) and its diagnostics explain why."""

    default_code = Status.ENOFIT


class OverlapError(Error, ValueError):
    """Two ranges overlap where they must not (``AKSNET_EOVERLAP``)."""

    default_code = Status.EOVERLAP


class RangeError(Error, ValueError):
    """A number is out of range or an operation would overflow (``AKSNET_ERANGE``)."""

    default_code = Status.ERANGE


class FileError(Error, OSError):
    """A file could not be opened or read (``AKSNET_EIO``). ``filename`` is the path."""

    default_code = Status.EIO

    def __init__(self, message: str, *args, **kwargs) -> None:
        Error.__init__(self, message, *args, **kwargs)
        self.filename = self.path or None


class ConflictError(Error, ValueError):
    """Fields of the input contradict each other, or a name is used twice
    (``AKSNET_ECONFLICT``)."""

    default_code = Status.ECONFLICT


_BY_CODE: Dict[int, Type[Error]] = {
    Status.ERROR: Error,
    Status.EINVAL: InvalidArgumentError,
    Status.EPARSE: ParseError,
    Status.ENOMEM: OutOfMemoryError,
    Status.EBUFS: BufferTooSmallError,
    Status.ENOTFOUND: NotFoundError,
    Status.ENOFIT: NoFitError,
    Status.EOVERLAP: OverlapError,
    Status.ERANGE: RangeError,
    Status.EIO: FileError,
    Status.ECONFLICT: ConflictError,
}


def error_class(code: int) -> Type[Error]:
    """The exception class for a status code (:class:`Error` for unknown codes)."""
    return _BY_CODE.get(code, Error)


def _from_status(
    code: int,
    message: str,
    path: str = "",
    suggestion: str = "",
    offset: int = 0,
    line: int = 0,
    column: int = 0,
) -> Error:
    """Build the exception for a failed C call (called by the C glue, aksnet_py.c)."""
    return error_class(code)(
        message, code, path=path, suggestion=suggestion, line=line, column=column,
        offset=offset,
    )
