"""The generator's own model of the fictional world: people, items, time, ids.

Everything here is the *generator's* understanding of the data. Writers turn
:class:`Item` objects into export bytes; :mod:`toolkit.samples._truth` turns the
same objects into expected metric values. Nothing here reads an export back.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

# --------------------------------------------------------------------------- flags

LINK_ONLY = 1  # a headline and one URL, nothing else (feed-like)
PRESS = 2  # written from a press-release / announcement template
QUESTION = 4  # asks a question
SECOND_PERSON = 8  # addresses the reader ("you", "your")
SCHEDULED = 16  # published by a scheduler at a clock-aligned time
CROSSPOST = 32  # the same text was published on another platform by design
DUPLICATE = 64  # a deliberate repeat of an earlier item of the same account
HOSTILE = 128  # written from the hostile-tone templates
BROKEN = 256  # a deliberately broken record: written, but not a row of the loaded data
ANSWER = 512  # the account's answer to an inbound item

# where an item is written (a bit per output)
IN_ARCHIVE = 1
IN_COLLECTION = 2

# --------------------------------------------------------------------------- segments
# An item's text is a tuple of segments, rendered per platform by the writers:
#   str                 plain text
#   ("@", User)         a mention of that user
#   ("#", "tag")        a hashtag
#   ("u", "https://…")  a link (the expanded URL)


@dataclass(eq=False, slots=True)
class User:
    """One account on one platform (studied or part of the public)."""

    platform: str
    handle: str  # display form: screen name, user@host, bsky handle, or display name
    name: str
    uid: str  # numeric id (twitter), DID (bluesky), actor URI (mastodon), login (blog)
    role: str  # studied, citizen, journalist, rival, ally, applicant, visitor, peer
    created: int = 0  # epoch seconds
    followers: int = 0
    following: int = 0
    statuses: int = 0
    description: str = ""
    location: str = ""
    verified: bool = False
    weight: float = 1.0  # how active this member of the public is

    @property
    def key(self) -> str:
        """The normalised handle the loaders will produce (lower case, no ``@``)."""
        return self.handle.strip().lstrip("@").lower()


@dataclass(eq=False, slots=True)
class Item:
    """One post, reply, repost or quote, as the generator produced it."""

    platform: str
    author: User
    ts: int  # epoch milliseconds (UTC)
    segs: tuple
    kind: str = "post"  # post, reply, repost, quote
    parent: Item | None = None  # the item replied to, when it is in the data
    parent_id: str | None = None  # id of a parent outside the data
    parent_user: User | None = None  # author of the parent (in or outside the data)
    root: Item | None = None  # root of the thread when it is in the data (self for roots)
    root_id: str | None = None  # id of a root outside the data
    id: str = ""
    client: str | None = None
    likes: int | None = None
    reposts: int | None = None
    lang: str = "en"
    flags: int = 0
    where: int = IN_ARCHIVE
    repost_of: Item | None = None  # the original of a repost / quote (not a row itself)
    account: str | None = None  # the studied account whose data this row belongs to
    extra: dict | None = None  # platform specifics (titles, e-mails, urls, ...)
    n_replies: int = 0  # direct replies in the data (filled after generation)
    coll: str | None = None  # which API collection file holds it (when it is in one)
    children: list = field(default_factory=list)

    @property
    def is_reply(self) -> bool:
        return self.kind == "reply"

    def reply_to_key(self) -> str | None:
        u = self.parent.author if self.parent is not None else self.parent_user
        return u.key if u is not None else None

    def mentions(self) -> list[User]:
        return [s[1] for s in self.segs if isinstance(s, tuple) and s[0] == "@"]

    def hashtags(self) -> list[str]:
        return [s[1] for s in self.segs if isinstance(s, tuple) and s[0] == "#"]

    def urls(self) -> list[str]:
        return [s[1] for s in self.segs if isinstance(s, tuple) and s[0] == "u"]

    @property
    def conv_id(self) -> str:
        """Id of the thread root (in the data or not)."""
        if self.root is not None:
            return self.root.id
        return self.root_id or self.id


def plain(segs: tuple, mention=None) -> str:
    """Plain text of segments; ``mention(user)`` renders a mention (default ``@handle``)."""
    out = []
    for s in segs:
        if isinstance(s, str):
            out.append(s)
        elif s[0] == "@":
            out.append(mention(s[1]) if mention else "@" + s[1].handle)
        elif s[0] == "#":
            out.append("#" + s[1])
        else:
            out.append(s[1])
    return "".join(out)


# --------------------------------------------------------------------------- random helpers


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (inversion for small means, rounded normal for large ones)."""
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def negbin(rng: random.Random, mean: float, k: float) -> int:
    """Negative binomial (gamma-Poisson mixture) with dispersion ``k``: heavy-tailed counts."""
    if mean <= 0:
        return 0
    return poisson(rng, rng.gammavariate(k, mean / k))


def lognormal_s(rng: random.Random, median_s: float, sigma: float) -> float:
    """A lognormal delay in seconds with the given median."""
    return median_s * math.exp(rng.gauss(0.0, sigma))


def weighted(rng: random.Random, options: list, weights: list[float]):
    return rng.choices(options, weights=weights, k=1)[0]


class Picker:
    """Draws members of the public with Zipf-like activity weights (cumulative, fast)."""

    def __init__(self, users: list[User]):
        self.users = users
        acc, total = [], 0.0
        for u in users:
            total += u.weight
            acc.append(total)
        self.cum, self.total = acc, total

    def __call__(self, rng: random.Random) -> User:
        import bisect

        return self.users[bisect.bisect_left(self.cum, rng.random() * self.total)]


# --------------------------------------------------------------------------- time

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def utc(ts_ms: int) -> datetime:
    return datetime.fromtimestamp(ts_ms / 1000, tz=UTC)


def twitter_date(ts_ms: int) -> str:
    """``Fri Mar 06 13:02:05 +0000 2026`` (locale independent)."""
    d = utc(ts_ms)
    return f"{WEEKDAYS[d.weekday()]} {MONTHS[d.month - 1]} {d.day:02d} {d:%H:%M:%S} +0000 {d.year}"


def iso_z(ts_ms: int, ms: bool = True) -> str:
    d = utc(ts_ms)
    return f"{d:%Y-%m-%dT%H:%M:%S}.{ts_ms % 1000:03d}Z" if ms else f"{d:%Y-%m-%dT%H:%M:%S}Z"


def sql_time(ts_ms: int, tz: ZoneInfo | None = None) -> str:
    d = utc(ts_ms)
    if tz is not None:
        d = d.astimezone(tz)
    return f"{d:%Y-%m-%d %H:%M:%S}"


@dataclass(frozen=True)
class Window:
    """The observation period of a story, in the story's home time zone."""

    first: date
    last: date  # inclusive
    tz: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def start_ms(self, tz: str | None = None) -> int:
        z = ZoneInfo(tz or self.tz)
        return int(
            datetime(self.first.year, self.first.month, self.first.day, tzinfo=z).timestamp() * 1000
        )

    def end_ms(self, tz: str | None = None) -> int:
        z = ZoneInfo(tz or self.tz)
        nxt = self.last + timedelta(days=1)
        return int(datetime(nxt.year, nxt.month, nxt.day, tzinfo=z).timestamp() * 1000) - 1000

    def dates(self):
        d = self.first
        while d <= self.last:
            yield d
            d += timedelta(days=1)


def local_ms(d: date, seconds_of_day: float, tz: ZoneInfo) -> int:
    """Epoch ms of a local wall-clock time (``seconds_of_day`` after local midnight)."""
    midnight = datetime(d.year, d.month, d.day, tzinfo=tz)
    return int((midnight + timedelta(seconds=int(seconds_of_day))).timestamp()) * 1000


def local_hour(ts_ms: int, tz: ZoneInfo) -> float:
    d = utc(ts_ms).astimezone(tz)
    return d.hour + d.minute / 60 + d.second / 3600


# --------------------------------------------------------------------------- ids

TWITTER_EPOCH_MS = 1288834974657
_B32_SORT = "234567abcdefghijklmnopqrstuvwxyz"


class Ids:
    """Unique, time-ordered ids per platform (Twitter snowflakes, Mastodon ids, Bluesky TIDs)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def _unique(self, make) -> str:
        for _ in range(1000):
            v = make()
            if v not in self.seen:
                self.seen.add(v)
                return v
        raise RuntimeError("could not draw a unique id")  # pragma: no cover

    def snowflake(self, ts_ms: int) -> str:
        rng = self.rng
        return self._unique(
            lambda: str(
                ((ts_ms - TWITTER_EPOCH_MS) << 22)
                | (rng.randrange(1024) << 12)
                | rng.randrange(4096)
            )
        )

    def mastodon(self, ts_ms: int) -> str:
        rng = self.rng
        return self._unique(lambda: str((ts_ms << 16) | rng.randrange(65536)))

    def tid(self, ts_ms: int) -> str:
        """An atproto TID: 53 bits of microseconds and 10 bits of clock id, base32-sortable."""
        rng = self.rng

        def make() -> str:
            v = ((ts_ms * 1000 + rng.randrange(1000)) << 10) | rng.randrange(1024)
            out = []
            for _ in range(13):
                out.append(_B32_SORT[v & 31])
                v >>= 5
            return "".join(reversed(out))

        return self._unique(make)

    def number(self, lo: int, hi: int) -> str:
        rng = self.rng
        return self._unique(lambda: str(rng.randrange(lo, hi)))

    def token(
        self,
        n: int,
        alphabet: str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    ) -> str:
        rng = self.rng
        return self._unique(lambda: "".join(rng.choice(alphabet) for _ in range(n)))
