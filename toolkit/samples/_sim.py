"""Behaviour simulation: when accounts post, who replies, who is answered and when.

The generator decides every answer itself (draws a probability, draws a delay)
and keeps the decision in :class:`Decision` records, the ground truth that
``TRUTH.json`` reports.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from toolkit.samples._model import (
    ANSWER,
    IN_ARCHIVE,
    IN_COLLECTION,
    LINK_ONLY,
    QUESTION,
    SCHEDULED,
    SECOND_PERSON,
    Item,
    Picker,
    User,
    Window,
    local_hour,
    local_ms,
    lognormal_s,
    negbin,
    poisson,
)
from toolkit.samples._text import Composer, text_of

HOUR = 3600.0
DAY = 86400.0

# --------------------------------------------------------------------------- rhythm


@dataclass
class Rhythm:
    """When an account is active: hour-of-day and weekday weights in its time zone.

    ``ramp`` multiplies the daily rate linearly from the first to the last day of
    the window (campaigns intensify towards election day).
    """

    tz: str
    hours: list[float]  # 24 weights, local time
    weekdays: list[float] = field(default_factory=lambda: [1, 1, 1, 1, 1, 0.8, 0.7])
    ramp: tuple[float, float] = (1.0, 1.0)

    def __post_init__(self):
        self.zone = ZoneInfo(self.tz)
        total = sum(self.hours)
        self._cum = []
        acc = 0.0
        for w in self.hours:
            acc += w / total
            self._cum.append(acc)

    def factor(self, d: date, window: Window) -> float:
        frac = (d - window.first).days / max(1, window.days - 1)
        r0, r1 = self.ramp
        return self.weekdays[d.weekday()] * (r0 + (r1 - r0) * frac)

    def draw_seconds(self, rng: random.Random) -> float:
        """A time of day (seconds after local midnight) following the hourly weights."""
        import bisect

        h = bisect.bisect_left(self._cum, rng.random())
        return min(h, 23) * HOUR + rng.random() * HOUR

    def times(
        self, d: date, n: int, rng: random.Random, *, scheduled: float = 0.0, slots=(0,)
    ) -> list[tuple[int, bool]]:
        """``n`` epoch-ms times on local date ``d``; a share ``scheduled`` snapped to the clock."""
        out = []
        for _ in range(n):
            s = self.draw_seconds(rng)
            sched = rng.random() < scheduled
            if sched:
                minute = rng.choice(slots)
                s = int(s // HOUR) * HOUR + minute * 60
            out.append((local_ms(d, s, self.zone), sched))
        return out

    def shift_to_waking(self, ts_ms: int, rng: random.Random, wake: float = 7.0) -> int:
        """Answers that would fall in the night (00:00 to ``wake``) move to the next morning."""
        h = local_hour(ts_ms, self.zone)
        if h < wake:
            return ts_ms + int(((wake - h) * HOUR + rng.random() * 1.5 * HOUR) * 1000)
        return ts_ms


# --------------------------------------------------------------------------- decisions


@dataclass
class Decision:
    """One inbound item and what the account decided to do about it."""

    inbound: Item
    chose_to_answer: bool
    drawn_delay_s: float | None = None  # the delay the generator drew (before the night shift)
    delay_s: float | None = None  # the delay of the answer as published
    answer: Item | None = None  # None when not answered, or when the answer fell after the window


def flag_text(segs: tuple, flags: int = 0) -> int:
    """Flags that follow from the text itself: link-only, question, second person."""
    text = text_of(segs)
    low = " " + text.lower().replace("\n", " ") + " "
    if "?" in text or "¿" in text:
        flags |= QUESTION
    if any(
        w in low
        for w in (
            " you ",
            " your ",
            " you're ",
            " you'd ",
            " yours ",
            " you,",
            " you.",
            " you!",
            " you?",
            " y'all ",
        )
    ):
        flags |= SECOND_PERSON
    urls = [s for s in segs if isinstance(s, tuple) and s[0] == "u"]
    others = [s for s in segs if isinstance(s, tuple) and s[0] != "u"]
    if (
        len(urls) == 1
        and not others
        and segs
        and segs[-1] is urls[0]
        and "?" not in text
        and "\n" not in text
    ):
        head = "".join(s for s in segs if isinstance(s, str)).strip()
        if head and len(head.split()) <= 20:
            flags |= LINK_ONLY
    return flags


# --------------------------------------------------------------------------- conversations


@dataclass
class TalkParams:
    """How a studied account and its public talk with each other on one platform."""

    replies_mean: float  # mean replies from the public per root post
    replies_k: float = 1.0  # dispersion (small = heavy-tailed)
    public_delay_median_h: float = 0.6
    public_delay_sigma: float = 1.5
    public_delay_cap_h: float = 240.0
    p_answer: dict[str, float] = field(default_factory=dict)  # by role of the inbound author
    answer_median_h: float = 2.0
    answer_sigma: float = 1.0
    night_shift: bool = True
    p_follow: dict[str, float] = field(default_factory=dict)  # a person answered replies again
    max_depth: int = 4
    answer_clients: tuple[list[str], list[float]] | None = None
    answer_lang_es: float = 0.0


class Talk:
    """Grows the conversations around one studied account on one platform."""

    def __init__(
        self,
        *,
        rng: random.Random,
        account: User,
        params: TalkParams,
        rhythm: Rhythm,
        window_end_ms: int,
        compose_inbound: Callable[[User, Item | None, str], tuple[tuple, str]],
        compose_answer: Callable[[Item], tuple[tuple, str]],
        pick_public: Picker,
        platform: str,
        where_public: int = IN_COLLECTION,
        where_own: int = IN_ARCHIVE | IN_COLLECTION,
        coll: str | None = None,
    ):
        self.rng, self.account, self.p = rng, account, params
        self.rhythm, self.end = rhythm, window_end_ms
        self.compose_inbound, self.compose_answer = compose_inbound, compose_answer
        self.pick = pick_public
        self.platform = platform
        self.where_public, self.where_own = where_public, where_own
        self.coll = coll
        self.items: list[Item] = []
        self.decisions: list[Decision] = []
        self.dropped_after_window = 0

    # -- inbound replies to an own item
    def grow(self, own: Item, depth: int = 0, addressed: User | None = None) -> None:
        rng, p = self.rng, self.p
        authors: list[User] = []
        if own.kind == "post" or (
            own.kind == "reply" and own.parent is not None and own.parent.author is own.author
        ):
            authors = [self.pick(rng) for _ in range(negbin(rng, p.replies_mean, p.replies_k))]
        elif addressed is not None and depth < p.max_depth:
            if rng.random() < p.p_follow.get(addressed.role, 0.0):
                authors = [addressed]
        for author in authors:
            delay = min(
                lognormal_s(rng, p.public_delay_median_h * HOUR, p.public_delay_sigma),
                p.public_delay_cap_h * HOUR,
            )
            delay = max(delay, 20.0 + rng.random() * 40)
            ts = own.ts + int(delay * 1000)
            if ts > self.end:
                continue
            segs, lang = self.compose_inbound(
                author, own, "follow" if author is addressed else "reply"
            )
            inbound = Item(
                platform=self.platform,
                author=author,
                ts=ts,
                segs=segs,
                kind="reply",
                parent=own,
                root=own.root if own.root is not None else None,
                root_id=own.root_id,
                lang=lang,
                where=self.where_public,
                account=self.account.key,
                flags=flag_text(segs),
            )
            inbound.client = None
            self.add(inbound)
            self.decide(inbound, depth)

    def mention(self, author: User, ts: int) -> Item:
        """A root post by someone else that mentions the account (an inbound item too)."""
        segs, lang = self.compose_inbound(author, None, "mention")
        item = Item(
            platform=self.platform,
            author=author,
            ts=ts,
            segs=segs,
            kind="post",
            lang=lang,
            where=self.where_public,
            account=self.account.key,
            flags=flag_text(segs),
        )
        item.root = item
        self.add(item)
        self.decide(item, 0)
        return item

    def orphan_reply(self, author: User, ts: int, parent_id: str) -> Item:
        """A reply to one of the account's posts that is outside the data (older or deleted)."""
        segs, lang = self.compose_inbound(author, None, "reply")
        item = Item(
            platform=self.platform,
            author=author,
            ts=ts,
            segs=segs,
            kind="reply",
            parent=None,
            parent_id=parent_id,
            parent_user=self.account,
            root_id=parent_id,
            lang=lang,
            where=self.where_public,
            account=self.account.key,
            flags=flag_text(segs),
        )
        self.add(item)
        self.decide(item, 0)
        return item

    def decide(self, inbound: Item, depth: int) -> None:
        rng, p = self.rng, self.p
        role = inbound.author.role
        if rng.random() >= p.p_answer.get(role, 0.0):
            self.decisions.append(Decision(inbound, False))
            return
        drawn = lognormal_s(rng, p.answer_median_h * HOUR, p.answer_sigma)
        drawn = max(drawn, 45.0)
        ts = inbound.ts + int(drawn * 1000)
        if p.night_shift:
            ts = self.rhythm.shift_to_waking(ts, rng)
        if ts > self.end:
            self.dropped_after_window += 1
            self.decisions.append(Decision(inbound, True, drawn, None, None))
            return
        segs, lang = self.compose_answer(inbound)
        root = inbound.root if inbound.root is not None else None
        ans = Item(
            platform=self.platform,
            author=self.account,
            ts=ts,
            segs=segs,
            kind="reply",
            parent=inbound,
            root=root,
            root_id=inbound.root_id if root is None else None,
            lang=lang,
            where=self.where_own,
            account=self.account.key,
            flags=flag_text(segs, ANSWER),
        )
        if p.answer_clients:
            ans.client = rng.choices(p.answer_clients[0], weights=p.answer_clients[1], k=1)[0]
        self.add(ans)
        self.decisions.append(Decision(inbound, True, drawn, (ts - inbound.ts) / 1000, ans))
        self.grow(ans, depth + 1, addressed=inbound.author)

    def add(self, item: Item) -> None:
        if self.coll is not None:
            item.coll = self.coll
        self.items.append(item)


def clock_aligned(ts_ms: int) -> bool:
    s = (ts_ms // 1000) % 60
    m = (ts_ms // 60000) % 60
    return s == 0 and m % 15 == 0


def schedule_flag(sched: bool) -> int:
    return SCHEDULED if sched else 0


def daily_counts(rng: random.Random, rate: float, rhythm: Rhythm, window: Window, scale: float):
    """(date, n) for every day of the window: Poisson around the rhythm-adjusted rate."""
    for d in window.dates():
        yield d, poisson(rng, rate * scale * rhythm.factor(d, window))


def hours(*peaks: tuple[int, float], base: float = 0.05, night: float = 0.01) -> list[float]:
    """An hourly weight profile: a low night, a base level by day, and peaks."""
    w = [night if h < 6 else base for h in range(24)]
    for h, v in peaks:
        for dh in (-1, 0, 1):
            hh = (h + dh) % 24
            w[hh] += v * (1.0 if dh == 0 else 0.4)
    return w


def median(values: list[float]) -> float | None:
    if not values:
        return None
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def lognormal_quantile(median_v: float, sigma: float, q: float) -> float:
    """Quantile of a lognormal distribution (for the documented parameters)."""
    from statistics import NormalDist

    return median_v * math.exp(sigma * NormalDist().inv_cdf(q))


__all__ = [
    "DAY",
    "HOUR",
    "Decision",
    "Rhythm",
    "Talk",
    "TalkParams",
    "clock_aligned",
    "daily_counts",
    "flag_text",
    "hours",
    "median",
    "schedule_flag",
    "IN_ARCHIVE",
    "IN_COLLECTION",
    "Composer",
]
