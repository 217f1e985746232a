"""The accounts file: who is studied, and which handles belong to one person.

A TOML file with one table per person or organisation::

    [alex_rivera]                 # an id of your choice
    name = "Alex Rivera"          # display name used in charts and sentences
    group = "Prairie Party"       # party, sector, ...
    colour = "#0072B2"            # optional; a colour-blind-safe palette is the default
    timezone = "America/Chicago"  # for rhythm charts and business hours (default UTC)
    twitter = "alexrivera"        # handles per platform (a string or a list)
    facebook = "Alex Rivera"

Everyone listed is a *studied* account (``studied = false`` lists someone for
labels only); everyone else in the data is "the public". Handles are matched
case-insensitively without a leading ``@``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import polars as pl

from toolkit.errors import AccountsFileError
from toolkit.schema import PLATFORMS

ENTRY_KEYS = {"name", "group", "colour", "color", "timezone", "studied"}


def normalise_handle(handle: str | None) -> str | None:
    """Lower-case, strip whitespace and one leading ``@``.

    Examples
    --------
    >>> normalise_handle("  @Alex_Rivera ")
    'alex_rivera'
    """
    if handle is None:
        return None
    h = handle.strip()
    if h.startswith("@"):
        h = h[1:]
    return h.lower() or None


@dataclass(frozen=True)
class Person:
    """One person or organisation and their handles across platforms."""

    id: str
    name: str
    group: str | None = None
    colour: str | None = None
    timezone: str = "UTC"
    studied: bool = True
    handles: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Accounts:
    """The parsed accounts file (possibly empty)."""

    people: list[Person] = field(default_factory=list)
    source: str | None = None

    def person_for(self, platform: str, handle: str) -> Person | None:
        """The person who owns ``handle`` on ``platform``, if listed."""
        h = normalise_handle(handle)
        for p in self.people:
            if h in p.handles.get(platform, ()):
                return p
        return None

    def studied_handles(self, platform: str) -> set[str]:
        """Normalised handles of studied accounts on ``platform``."""
        return {h for p in self.people if p.studied for h in p.handles.get(platform, ())}

    def frame(self) -> pl.DataFrame:
        """One row per (platform, handle) with the person's labels."""
        rows = [
            {
                "platform": platform,
                "account": h,
                "person": p.id,
                "display_name": p.name,
                "group": p.group,
                "colour": p.colour,
                "timezone": p.timezone,
                "studied": p.studied,
            }
            for p in self.people
            for platform, handles in p.handles.items()
            for h in handles
        ]
        return pl.DataFrame(
            rows,
            schema={
                "platform": pl.Utf8,
                "account": pl.Utf8,
                "person": pl.Utf8,
                "display_name": pl.Utf8,
                "group": pl.Utf8,
                "colour": pl.Utf8,
                "timezone": pl.Utf8,
                "studied": pl.Boolean,
            },
        )

    def __bool__(self) -> bool:
        return bool(self.people)


def _line_of(text: str, pattern: str, start: int = 0) -> int:
    m = re.compile(pattern, re.M).search(text, start)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def read_accounts(path: str | Path | None) -> Accounts:
    """Parse an accounts file; ``None`` gives an empty :class:`Accounts`.

    Raises
    ------
    AccountsFileError
        on TOML syntax errors, unknown keys, or a handle claimed by two entries,
        with the line number.
    """
    if path is None:
        return Accounts()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AccountsFileError(f"{path}: cannot read the accounts file ({exc.strerror})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccountsFileError(f"{path}: not valid TOML: {exc}") from exc
    people: list[Person] = []
    owner: dict[tuple[str, str], str] = {}
    for pid, entry in data.items():
        table_line = _line_of(text, rf"^[ \t]*\[[ \t]*\"?{re.escape(pid)}\"?\s*\]")
        where = f"{path}:{table_line}"
        if not isinstance(entry, dict):
            line = _line_of(text, rf"^[ \t]*{re.escape(pid)}[ \t]*=")
            raise AccountsFileError(
                f"{path}:{line}: top-level key {pid!r} "
                "is not a table; write one [id] table per person or organisation"
            )
        handles: dict[str, tuple[str, ...]] = {}
        for key, value in entry.items():
            if key in ENTRY_KEYS:
                continue
            line = _line_of(text, rf"^[ \t]*{re.escape(key)}[ \t]*=", text.find(f"[{pid}"))
            if key not in PLATFORMS:
                raise AccountsFileError(
                    f"{path}:{line}: unknown key {key!r} in [{pid}]; expected one of "
                    f"{sorted(ENTRY_KEYS - {'color'})} or a platform: {', '.join(PLATFORMS)}"
                )
            values = [value] if isinstance(value, str) else value
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise AccountsFileError(
                    f"{path}:{line}: {key} in [{pid}] must be a handle or a list of handles"
                )
            normalised = tuple(h for h in (normalise_handle(v) for v in values) if h)
            for h in normalised:
                if (key, h) in owner and owner[(key, h)] != pid:
                    raise AccountsFileError(
                        f"{path}:{line}: {key} handle {h!r} is claimed by both "
                        f"[{owner[(key, h)]}] and [{pid}]; a handle belongs to one entry"
                    )
                owner[(key, h)] = pid
            handles[key] = normalised
        tz = entry.get("timezone", "UTC")
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise AccountsFileError(
                f"{where}: unknown time zone {tz!r} in [{pid}]; use an IANA name such as 'America/Chicago'"
            ) from exc
        people.append(
            Person(
                id=pid,
                name=str(entry.get("name", pid)),
                group=entry.get("group"),
                colour=entry.get("colour", entry.get("color")),
                timezone=tz,
                studied=bool(entry.get("studied", True)),
                handles=handles,
            )
        )
    return Accounts(people=people, source=str(path))
