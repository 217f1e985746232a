"""The toolkit's exceptions: one base, each also the matching built-in.

A message names the file, what was expected, what was found, and how to fix it.
The CLI turns any :class:`ToolkitError` into a one-line message and exit code 2.
"""

from __future__ import annotations


class ToolkitError(Exception):
    """Base of every error the toolkit raises on purpose."""


class SchemaError(ToolkitError, ValueError):
    """A frame does not have the canonical columns or dtypes."""


class UnknownFormatError(ToolkitError, ValueError):
    """No registered source recognises an input path."""


class InputError(ToolkitError, ValueError):
    """An input file is unreadable: truncated, corrupt, or not what its name says."""


class AccountsFileError(ToolkitError, ValueError):
    """The accounts file (TOML) is malformed or contradicts itself."""
