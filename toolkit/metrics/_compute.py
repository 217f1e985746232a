"""``compute``: every catalog metric per account (or person) and period, with bootstrap intervals.

How it works, in three stages:

1. Row level (Polars, vectorised): own items get their flags and scores
   (:mod:`toolkit.metrics._prepare`), inbound items their answers and
   censoring times (:mod:`toolkit.conversations`), conversations their turns.
   Each row gets a ``gid``: the group (account or person, and period) it
   belongs to. A period is only a label on rows: ``period="W"`` runs exactly the
   same code as ``period=None``.
2. Unit level: rows are summed per group and conversation (numerators and
   denominators), so the bootstrap works on conversations, not rows.
3. Group level (NumPy): for each group one weight matrix of bootstrap draws of
   its conversations gives every ratio's replicates in one matrix product, and
   the same weights give the replicates of medians and Kaplan-Meier estimates.

Conventions:

* rates and rhythm (``posts_per_day``, ``active_days_share``) count calendar days in
  the account's time zone from its first to its last item in the data (within
  ``observed_from``/``observed_until``), so an archive exported years after the
  account fell silent does not dilute them; periods and ``Archive.filter`` set
  the window explicitly;
* an own item belongs to the period in which it was published, an inbound item
  to the period in which it arrived (its answer may come later), a conversation
  to the period in which its first item in the data was published;
* ``response_rate`` and ``post_and_run_rate`` count only items the data follow for
  the whole window (items that arrived in the last days of the data are left to
  the Kaplan-Meier estimates, which use them as censored);
* a Kaplan-Meier median that is not reached gives ``value = null`` with the
  status ``not available: fewer than half of the inbound items were answered
  within 7 days (median not reached)``; bootstrap replicates whose median is not
  reached count as the window length, so an upper bound equal to the window
  means "possibly not reached";
* intervals: 2.5 and 97.5 percentiles of ``n_boot`` replicates resampling the
  group's conversations (people for ``reciprocity``, days for
  ``active_days_share``); counts and indices (``interlocutors``,
  ``interlocutor_concentration``, ``burstiness``, ``interval_entropy``,
  ``inbound_items``, ``clock_aligned_expected``) have none; bootstrap weights are
  Poisson(1) draws per conversation, seeded by the seed and the group's name;
* ``reply_sentiment`` scores every reply to others when there are at most
  ``toolkit.metrics._prepare.SENTIMENT_BUDGET`` (8,000) in the archive, else a
  seeded random sample per account (at least 300 each, or all it has); ``n`` says
  how many were scored, and the interval reflects the sample.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC as _UTC_TZ
from datetime import date, datetime, time, timedelta
from typing import Literal

import numpy as np
import polars as pl

from toolkit._switch import no_gc
from toolkit.archive import Archive
from toolkit.conversations import key
from toolkit.errors import ToolkitError
from toolkit.metrics import _km
from toolkit.metrics import expr as ex
from toolkit.metrics._bootstrap import (
    rng_for,
    single_threaded_blas,
    unit_weights,
    weighted_medians,
)
from toolkit.metrics._catalog import NAMES
from toolkit.metrics._prepare import (
    conversations_of,
    features_of,
    ident_of,
    inbound_of,
    others_present,
    own_of,
    posts_of,
    roots_of,
)
from toolkit.schema import ACCOUNTS_SCHEMA, UTC

Period = Literal["W", "M"] | date | datetime | str | None

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "person": pl.Utf8,
    "display_name": pl.Utf8,
    "platform": ACCOUNTS_SCHEMA["platform"],
    "account": pl.Utf8,
    "period": pl.Utf8,
    "metric": pl.Utf8,
    "value": pl.Float64,
    "ci_low": pl.Float64,
    "ci_high": pl.Float64,
    "n": pl.Int64,
    "k": pl.Int64,
    "status": pl.Utf8,
}

OK = "ok"
#: the columns of the own-item features that the metrics read
_OWN_COLUMNS = (
    "platform", "account", "person", "post_id", "created_at", "_unit", "norm", "mentions",
    "parent_author", "client", "reply_other", "self_thread", "repost", "has_text",
    "conversational", "link", "link_only", "pr_score", "has_norm", "crosspost", "automated",
    "aligned", "minute_precision", "sentiment",
)  # fmt: skip
#: metrics that read the own items' text, client, timing, sentiment or cross-post features
#: (``features_of``); without them, the own items are used as they are (no text regexes,
#: no VADER) with these columns null
_FEATURE_USERS = frozenset(
    {"conversational_language", "link_share", "link_only_share", "press_release_score",
     "duplicate_share", "crosspost_share", "automation_client_share", "clock_aligned_share",
     "clock_aligned_expected", "reply_sentiment"}
)  # fmt: skip
_FEATURE_DTYPES = {
    "norm": pl.Utf8, "conversational": pl.Boolean, "link": pl.Boolean, "link_only": pl.Boolean,
    "pr_score": pl.Float64, "has_norm": pl.Boolean, "crosspost": pl.Boolean,
    "automated": pl.Boolean, "aligned": pl.Boolean, "minute_precision": pl.Boolean,
    "sentiment": pl.Float64,
}  # fmt: skip
#: metrics that need the gaps between items, and the people talked with
_GAPS = frozenset({"median_gap_hours", "burstiness", "interval_entropy"})
_TALK = frozenset({"interlocutors", "interlocutor_concentration", "reciprocity"})
#: the metrics read off the Kaplan-Meier curve and the delays (the costly part of a group)
_DELAYS = frozenset(
    {"first_response_median", "answered_within_1h", "answered_within_24h",
     "first_response_median_answered"}
)  # fmt: skip

#: the metrics that read the sums of inbound items, of root posts and of conversations in
#: the unit matrix, and those that read none of the own items' sums
_INBOUND_USERS = _DELAYS | {"inbound_items", "response_rate", "replies_per_100_inbound"}
_ROOTS_USERS = frozenset({"post_and_run_rate"})
_CONV_USERS = frozenset({"turns_per_conversation"})
_OWN_FREE = (_INBOUND_USERS - {"replies_per_100_inbound"}) | _ROOTS_USERS | _CONV_USERS

#: Threads computing groups side by side (NumPy releases the GIL in its heavy parts).
MAX_WORKERS = 2


def _human(td: timedelta) -> str:
    s = td.total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if s >= size and s % size == 0:
            n = int(s // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{s:g} seconds"


def _about(seconds: float) -> str:
    """A duration in words, rounded: "50 minutes", "1.0 hour", "2.5 days"."""
    if seconds >= 86400:
        n, unit = seconds / 86400, "day"
    elif seconds >= 3600:
        n, unit = seconds / 3600, "hour"
    else:
        return f"{seconds / 60:.0f} minutes"
    return f"{n:.1f} {unit}{'' if round(n, 1) == 1 else 's'}"


# --------------------------------------------------------------------------- periods


def _split_point(period: date | datetime | str) -> tuple[datetime, str]:
    if isinstance(period, str):
        try:
            value: date | datetime = (
                datetime.fromisoformat(period)
                if ("T" in period or " " in period)
                else date.fromisoformat(period)
            )
        except ValueError as exc:
            raise ToolkitError(
                f"period={period!r}: expected None, 'W' (weeks), 'M' (months) or a split date such as '2012-10-01'"
            ) from exc
    else:
        value = period
    if isinstance(value, datetime):
        dt = value if value.tzinfo else value.replace(tzinfo=_UTC_TZ)
        label = dt.isoformat() if (dt.hour or dt.minute or dt.second) else dt.date().isoformat()
    else:
        dt = datetime.combine(value, time.min, tzinfo=_UTC_TZ)
        label = value.isoformat()
    return dt.astimezone(_UTC_TZ), label


def _period_expr(period: Period, col: str = "created_at") -> pl.Expr:
    t = pl.col(col)
    if period is None:
        return pl.lit("", pl.Utf8)
    if period == "W":
        return t.dt.truncate("1w").dt.strftime("%Y-%m-%d")
    if period == "M":
        return t.dt.strftime("%Y-%m")
    split, label = _split_point(period)
    return (
        pl.when(t < pl.lit(split, UTC))
        .then(pl.lit(f"before {label}"))
        .otherwise(pl.lit(f"from {label}"))
    )


_TICK = timedelta(microseconds=1)


def _periods(
    period: Period, start: datetime, end: datetime
) -> list[tuple[str, datetime, datetime]]:
    """(label, start, end) of each period overlapping [start, end], clipped to it."""
    if period is None:
        return [("", start, end)]
    out = []
    if period in ("W", "M"):
        if period == "W":
            cur = datetime.combine(
                start.date() - timedelta(days=start.weekday()), time.min, tzinfo=_UTC_TZ
            )
        else:
            cur = datetime(start.year, start.month, 1, tzinfo=_UTC_TZ)
        while cur <= end:
            if period == "W":
                nxt = cur + timedelta(days=7)
                label = cur.date().isoformat()
            else:
                nxt = datetime(cur.year + (cur.month == 12), cur.month % 12 + 1, 1, tzinfo=_UTC_TZ)
                label = f"{cur.year:04d}-{cur.month:02d}"
            # (a period ends just before the next one begins: its last day is the day before)
            out.append((label, max(cur, start), min(nxt - _TICK, end)))
            cur = nxt
        return out
    split, label = _split_point(period)
    if start < split:
        out.append((f"before {label}", start, min(split - _TICK, end)))
    if end >= split:
        out.append((f"from {label}", max(split, start), end))
    return out


def _calendar_days(start: datetime, end: datetime, tz: str) -> int:
    from zoneinfo import ZoneInfo

    z = ZoneInfo(tz or "UTC")
    return (end.astimezone(z).date() - start.astimezone(z).date()).days + 1


# --------------------------------------------------------------------------- groups


def _groups(ident: pl.DataFrame, by: str, period: Period) -> pl.DataFrame:
    # Rates and rhythm are measured over the span the data cover: from the account's first
    # to its last item in the data (any author), within the observation window. An archive
    # exported years after the account fell silent must not dilute its rate; a period or
    # Archive.filter(since=, until=) sets the window explicitly.
    ident = ident.with_columns(
        pl.max_horizontal("observed_from", "first_item").alias("observed_from"),
        pl.min_horizontal("observed_until", "last_item").alias("observed_until"),
    ).with_columns(pl.min_horizontal("observed_from", "observed_until").alias("observed_from"))
    if by == "account":
        idt = ident.select(
            "person",
            "display_name",
            "platform",
            "account",
            "timezone",
            "observed_from",
            "observed_until",
        )
    else:
        idt = (
            ident.group_by("person", maintain_order=True)
            .agg(
                pl.col("display_name").first(),
                pl.col("timezone").first(),
                pl.col("observed_from").min(),
                pl.col("observed_until").max(),
            )
            .with_columns(
                pl.lit(None, ACCOUNTS_SCHEMA["platform"]).alias("platform"),
                pl.lit(None, pl.Utf8).alias("account"),
            )
            .select(
                "person",
                "display_name",
                "platform",
                "account",
                "timezone",
                "observed_from",
                "observed_until",
            )
        )
    rows = []
    for r in idt.iter_rows(named=True):
        if r["observed_from"] is None or r["observed_until"] is None:
            continue
        for label, ps, pe in _periods(period, r["observed_from"], r["observed_until"]):
            rows.append(
                {
                    **{
                        k: r[k]
                        for k in ("person", "display_name", "platform", "account", "timezone")
                    },
                    "_pk": label,
                    "start": ps,
                    "end": pe,
                }
            )
    schema = {
        "person": pl.Utf8,
        "display_name": pl.Utf8,
        "platform": ACCOUNTS_SCHEMA["platform"],
        "account": pl.Utf8,
        "timezone": pl.Utf8,
        "_pk": pl.Utf8,
        "start": UTC,
        "end": UTC,
    }
    g = pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
    g = (
        g.sort("person", "platform", "account", "_pk", nulls_last=False)
        .with_row_index("gid")
        .with_columns(pl.col("gid").cast(pl.Int64))
    )
    return g


#: ``_dense_rank`` counts with a table (fast) when the values are below this, else by sorting
_RANK_TABLE_LIMIT = 1 << 23


def _dense_rank(values: np.ndarray, bound: int) -> tuple[np.ndarray, np.ndarray]:
    """Each value's position among the distinct ``values`` (0-based), and those distinct values in order.

    ``values`` are integers in ``[0, bound)``.
    """
    if values.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if bound <= _RANK_TABLE_LIMIT:
        present = np.zeros(bound, dtype=bool)
        present[values] = True
        keys = np.flatnonzero(present)
        position = np.empty(bound, dtype=np.int32)  # (read only where a value is)
        position[keys] = np.arange(keys.size, dtype=np.int32)
        return position[values].astype(np.int64), keys
    rank = pl.Series(values).rank("dense").to_numpy().astype(np.int64) - 1
    keys = np.empty(int(rank.max()) + 1, dtype=np.int64)
    keys[rank] = values
    return rank, keys


class _Sliced:
    """A frame sorted by ``gid`` as NumPy columns, sliced per group without copies."""

    def __init__(self, frame: pl.DataFrame, cols: list[str], n_groups: int):
        frame = frame.sort("gid", maintain_order=True)
        self.cols = {c: frame[c].to_numpy() for c in cols}
        self.offsets = np.searchsorted(frame["gid"].to_numpy(), np.arange(n_groups + 1))

    def __call__(self, g: int, col: str) -> np.ndarray:
        return self.cols[col][self.offsets[g] : self.offsets[g + 1]]


# --------------------------------------------------------------------------- main


def compute(
    archive: Archive,
    *,
    by: Literal["account", "person"] = "account",
    period: Period = None,
    window: timedelta = timedelta(days=7),
    business_hours: bool = False,
    seed: int = 0,
    n_boot: int = 200,
    metrics: Sequence[str] | None = None,
) -> pl.DataFrame:
    """Every catalog metric (or the ``metrics`` named) per account (or person) and period, in long form.

    Parameters
    ----------
    archive : Archive
        loaded data; ``archive.accounts`` gives the studied accounts, their time
        zones and observation windows, ``archive.people`` their names.
    by : {"account", "person"}
        one row set per (platform, account), or per person across their accounts.
    period : None, "W", "M" or a date
        no split, ISO weeks (label: the Monday, UTC), calendar months (UTC), or
        before / from a split date (labels ``"before 2012-10-01"``, ``"from 2012-10-01"``).
    window : timedelta
        how long an answer may take to count (response rate, post-and-run) and the
        censoring horizon of the Kaplan-Meier estimates.
    business_hours : bool
        measure delays in business time (Mon-Fri 9-17 in the account's time zone;
        see :mod:`toolkit.conversations`); affects ``first_response_median``,
        ``first_response_median_answered`` and ``answered_within_1h/24h``.
    seed, n_boot : int
        bootstrap seed and number of replicates (results are deterministic).
    metrics : sequence of str, optional
        only these catalog metrics (rows in catalog order); the others are not
        computed, which saves their bootstrap (a weekly series of one metric is
        quick). Their values do not depend on which others are asked for.

    Returns
    -------
    pl.DataFrame
        ``person, display_name, platform, account, period, metric, value, ci_low,
        ci_high, n, k, status``. ``n`` is the denominator (items, inbound items,
        conversations, people or days), ``k`` the numerator of a share. Where the
        data cannot answer, ``value`` is null and ``status`` says why
        (``"not available: ..."``); it is never 0.
    """
    if by not in ("account", "person"):
        raise ToolkitError(f"by={by!r}: expected 'account' or 'person'")
    if n_boot < 0:
        raise ToolkitError(f"n_boot={n_boot}: expected a number of bootstrap replicates >= 0")
    if metrics is not None:
        if isinstance(metrics, str):
            metrics = [metrics]
        unknown = sorted(set(metrics) - set(NAMES))
        if unknown:
            raise ToolkitError(
                f"metrics={unknown}: not in the catalog; the names are listed by toolkit.metrics.catalog()"
            )
    wanted = frozenset(NAMES if metrics is None else metrics)
    ident = ident_of(archive)
    groups = _groups(ident, by, period)
    if groups.is_empty() or not wanted:
        return pl.DataFrame(schema=RESULT_SCHEMA)
    # (the collector paused: scoring sentiment and collecting results make many short-lived
    # objects, and its passes over them are wasted work)
    with no_gc():
        return _Computation(archive, ident, groups, by=by, period=period, window=window,
                            business_hours=business_hours, seed=seed, n_boot=n_boot,
                            wanted=wanted).run()  # fmt: skip


class _Computation:
    def __init__(
        self, archive, ident, groups, *, by, period, window, business_hours, seed, n_boot, wanted
    ):
        self.archive, self.ident, self.groups = archive, ident, groups
        self.wanted = wanted
        self.names = [name for name in NAMES if name in wanted]
        self.by, self.period, self.window = by, period, window
        self.window_s = window.total_seconds()
        self.business_hours, self.seed, self.n_boot = business_hours, seed, n_boot
        self.gkeys = ["platform", "account"] if by == "account" else ["person"]
        self.n_groups = groups.height
        self.where = "" if period is None else " in this period"
        self.win_text = _human(window) + (" (business hours for delays)" if business_hours else "")

    # ----------------------------------------------------------------- helpers
    def attach(self, frame: pl.DataFrame, time_col: str = "created_at") -> pl.DataFrame:
        """Add ``gid`` and ``_pk`` to rows (by platform, account and a time column), dropping rows outside every group.

        The group is found on a narrow frame and added as columns, so a wide frame
        is not gathered by a join (nor filtered when every row has a group).
        """
        f = frame
        if self.by == "person" and "person" not in f.columns:
            f = f.join(
                self.ident.select("platform", "account", "person"),
                on=["platform", "account"],
                how="left",
                maintain_order="left",
            )
        keys = self.groups.select(*self.gkeys, "_pk", "gid")
        found = f.select(*self.gkeys, _period_expr(self.period, time_col).alias("_pk")).join(
            keys, on=[*self.gkeys, "_pk"], how="left", maintain_order="left"
        )
        out = f.with_columns(found["_pk"], found["gid"])
        return out.filter(pl.col("gid").is_not_null()) if found["gid"].null_count() else out

    # ----------------------------------------------------------------- stage 1
    def prepare(self) -> None:
        arc = self.archive
        # the archive's shared frames: the conversation-level ones are built in a second
        # thread while this one builds the own items and their row features (both mostly
        # Polars, which releases the GIL); the posts with conversation numbers first, as
        # both need them
        window, bh = self.window, self.business_hours
        posts_of(arc)
        with ThreadPoolExecutor(max_workers=1) as pool:
            side = pool.submit(
                lambda: (
                    inbound_of(arc, window=window, business_hours=bh),
                    others_present(arc),
                    roots_of(arc, window=window),
                )
            )
            if self.wanted & _FEATURE_USERS:
                features = features_of(arc, seed=self.seed)
            else:  # no metric asked for reads them: they are not built
                features = own_of(arc).with_columns(
                    pl.lit(None, dtype=t).alias(c) for c, t in _FEATURE_DTYPES.items()
                )
            side.result()
        # only the columns the metrics read: attaching and sorting a narrow frame is cheap
        # ``_obs``: items of accounts whose own data hold replies from others; only these are
        # set against inbound items (by person, one account's data may hold them, another's
        # not), and only their inbound items count (a rival's reply found in the rival's own
        # archive says nothing of how an account whose data are its posts alone answers)
        self.seen = seen = others_present(arc)
        own = self._observed(self.attach(features.select(_OWN_COLUMNS)))
        inb = inbound_of(arc, window=self.window, business_hours=self.business_hours)
        self.inbound = self.attach(inb.join(seen, on=["platform", "account"], how="semi"))
        # the rest are independent small Polars queries: run side by side (Polars releases
        # the GIL, and one small query alone keeps both cores busy only part of the time)
        with ThreadPoolExecutor(max_workers=3) as pool:
            dup = pool.submit(self._duplicates, own)
            gaps = pool.submit(self._gaps, own)
            inter = pool.submit(self._interlocutors, own)
            days = self._active_days(own)
            self._presence_and_conversations()
            self.own = own.with_columns(pl.Series("dup", dup.result()))
            self.gaps, self.inter = gaps.result(), inter.result()
        self.active_days, self.calendar_days = days

    def _duplicates(self, own: pl.DataFrame) -> np.ndarray:
        """Own items whose normalised text the account already published in the group (in time order)."""
        # (on a narrow frame: sorting the wide one would move every column)
        dup = np.zeros(own.height, dtype=bool)
        if "duplicate_share" in self.wanted:  # (a metric not asked for is not computed)
            narrow = (
                own.select(
                    pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"),
                    "created_at",
                    key("post_id").alias("_id"),
                    pl.struct(key("account"), "_pk", "norm").alias("_dk"),
                )
                .filter(pl.col("_dk").struct.field("norm").str.len_chars() > 0)
                .sort("created_at", "_id")
            )
            first = narrow.select("_i", pl.col("_dk").is_first_distinct().alias("_first"))
            dup[first["_i"].to_numpy()] = ~first["_first"].to_numpy()
        return dup

    def _presence_and_conversations(self) -> None:
        """Others' presence per group, the person's platforms, conversations and root posts."""
        ident, arc = self.ident, self.archive
        # others' presence per studied account: any row by someone else in its data, or inbound items
        acc = ident.select("platform", "account", "person").join(
            self.seen,
            on=["platform", "account"],
            how="left",
            maintain_order="left",
        )
        acc = acc.with_columns(pl.col("_others").fill_null(False))
        if self.by == "person":
            pres = acc.group_by("person").agg(pl.col("_others").any())
        else:
            pres = acc.select("platform", "account", "_others")
        g = self.groups.join(pres, on=self.gkeys, how="left", maintain_order="left")
        self.others_present = g.sort("gid")["_others"].fill_null(False).to_numpy()
        n_pf = ident.group_by("person").agg(pl.col("platform").n_unique().alias("_npf"))
        self.person_platforms = (
            self.groups.select("gid", "person")
            .join(n_pf, on="person", how="left", maintain_order="left")
            .sort("gid")["_npf"]
            .fill_null(1)
            .to_numpy()
        )
        conv = conversations_of(arc)
        self.conv = self.attach(
            self._observed(conv.filter((pl.col("_n_own") > 0) & (pl.col("_n_other") > 0))),
            "_start",
        )
        self.roots = self.attach(self._observed(roots_of(arc, window=self.window)))

    def _observed(self, frame: pl.DataFrame) -> pl.DataFrame:
        """``frame`` with ``_obs``: its account's own data hold replies from others."""
        obs = frame.select("platform", "account").join(
            self.seen, on=["platform", "account"], how="left", maintain_order="left"
        )
        return frame.with_columns(obs["_others"].fill_null(False).alias("_obs"))

    def _gaps(self, own: pl.DataFrame) -> pl.DataFrame:
        """Gaps between consecutive own items within a group."""
        gaps = own.select("gid", "_unit", "created_at")
        gaps = gaps.sort("gid", "created_at", "_unit") if self.wanted & _GAPS else gaps.head(0)
        return gaps.with_columns(
            pl.when(pl.col("gid") == pl.col("gid").shift(1)).then(ex.gap_seconds()).alias("gap_s")
        ).filter(pl.col("gap_s").is_not_null())

    def _interlocutors(self, own: pl.DataFrame) -> pl.DataFrame:
        """Whom the account addressed (replies, mentions) and who addressed it, per group."""
        wanted = self.wanted
        talk = own if wanted & _TALK else own.head(0)
        to = talk.filter(
            pl.col("reply_other")
            & pl.col("parent_author").is_not_null()
            & (pl.col("parent_author") != pl.col("account"))
        )
        to = to.group_by("gid", "platform", pl.col("parent_author").alias("other")).agg(
            pl.len().alias("to"), pl.col("_obs").sum().alias("to_obs")
        )
        men = (
            talk.filter(~pl.col("repost"))
            .select("gid", "platform", "account", "_obs", pl.col("mentions").alias("other"))
            .explode("other")
            .filter(pl.col("other").is_not_null() & (pl.col("other") != pl.col("account")))
            .group_by("gid", "platform", "other")
            .agg(pl.len().alias("men"), pl.col("_obs").sum().alias("men_obs"))
        )
        heard = self.inbound if wanted & _TALK else self.inbound.head(0)
        frm = heard.group_by("gid", "platform", pl.col("author").alias("other")).agg(
            pl.len().alias("frm")
        )
        # one row per (group, person): the three counts side by side (a count missing from a
        # part sums to 0)
        return (
            pl.concat([to, men, frm], how="diagonal")
            .group_by("gid", "platform", "other")
            .agg(pl.col("to", "men", "frm", "to_obs", "men_obs").sum())
            .sort("gid", "platform", "other")
        )

    def _active_days(self, own: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Days with own items (in the account's time zone) and calendar days, per group."""
        tz_of = self.ident.select("platform", "account", "timezone")
        od = (own if "active_days_share" in self.wanted else own.head(0)).select(
            "gid", "platform", "account", "created_at"
        )
        od = od.join(tz_of, on=["platform", "account"], how="left", maintain_order="left")
        day_parts = []
        for z in od["timezone"].unique().to_list():
            part = od.filter(pl.col("timezone") == z)
            day_parts.append(
                part.select(
                    "gid",
                    pl.col("created_at").dt.convert_time_zone(z or "UTC").dt.date().alias("_d"),
                )
            )
        days = (
            pl.concat(day_parts)
            if day_parts
            else pl.DataFrame(schema={"gid": pl.Int64, "_d": pl.Date})
        )
        active = days.group_by("gid").agg(pl.col("_d").n_unique().alias("_active"))
        calendar = [
            _calendar_days(s, e, tz)
            for s, e, tz in self.groups.select("start", "end", "timezone").iter_rows()
        ]
        active_days = (
            self.groups.select("gid")
            .join(active, on="gid", how="left", maintain_order="left")
            .sort("gid")["_active"]
            .fill_null(0)
            .to_numpy()
        )
        return active_days, np.array(calendar, dtype=np.int64)

    # ----------------------------------------------------------------- stage 2
    def units(self) -> None:
        n = self.n_groups
        f = pl.col
        # per-row terms of every numerator and denominator, summed per (group, conversation):
        # own items, inbound items, root posts and conversations; a row's count is its
        # frame's first column (None: 1 per row)
        parts = (
            (self.own, bool(self.wanted - _OWN_FREE), (
                ("n_own", None),
                ("reply_other", f("reply_other")),
                ("reply_obs", f("reply_other") & f("_obs")),
                ("self_thread", f("self_thread")),
                ("repost", f("repost")),
                ("has_text", f("has_text")),
                ("conversational", f("conversational")),
                ("link", f("link")),
                ("link_only", f("link_only")),
                # scores as whole hundredths (VADER's compound: ten-thousandths), so sums are
                # exact and do not depend on the order rows arrive in
                ("pr", (f("pr_score") * 100).round()),
                ("has_norm", f("has_norm")),
                ("dup", f("dup")),
                ("crosspost", f("crosspost")),
                ("cp_n", f("crosspost").is_not_null()),
                ("has_client", f("client").is_not_null()),
                ("automated", f("automated")),
                ("aligned", f("aligned")),
                ("minute_precision", f("minute_precision")),
                ("sent_sum", (f("sentiment") * 10_000).round()),
                ("sent_n", f("sentiment").is_not_null()),
            )),
            (self.inbound, bool(self.wanted & _INBOUND_USERS), (
                ("n_inb", None),
                ("n_full", f("full_window")),
                ("ans_full", f("answered") & f("full_window")),
            )),
            # (post and run, and turns: only where the data hold replies from others)
            (self.roots, bool(self.wanted & _ROOTS_USERS), (
                ("drew_full", f("_drew_full") & f("_obs")),
                ("par", f("_par") & f("_obs")),
                ("drew", f("_drew") & f("_obs")),
            )),
            (self.conv, bool(self.wanted & _CONV_USERS), (
                ("alts", pl.when(f("_obs")).then(f("alts"))),
                ("n_conv", f("_obs")),
            )),
        )  # fmt: skip
        self.unit_cols = [name for _, _, terms in parts for name, _ in terms]
        self.unit_index = {col: j for j, col in enumerate(self.unit_cols)}
        # one row per (group, conversation) in any frame, sorted by group and conversation:
        # each group's rows are a contiguous block of one matrix. Every frame gives its
        # conversations (the bootstrap resamples the same units whichever metrics are asked
        # for), but only the frames that the metrics asked for read give their sums; the
        # other columns are zeros. The pair is one integer, gid * span + _unit, and its rank
        # among all pairs is the row.
        span = 1 + max((int(frame["_unit"].max() or 0) for frame, _, _ in parts), default=0)

        def sums(frame: pl.DataFrame, terms: tuple) -> tuple[list[np.ndarray], pl.DataFrame]:
            # each row's terms, and their totals per group (exact: float64 sums of whole numbers)
            values = frame.select(
                "gid",
                *((pl.lit(1) if e is None else e).cast(pl.Float64).fill_null(0.0).alias(c)
                  for c, e in terms),
            )  # fmt: skip
            columns = [col.to_numpy() for col in values.drop("gid").iter_columns()]
            return columns, values.group_by("gid").sum()

        # (the Polars parts in threads while this one numbers the pairs)
        with ThreadPoolExecutor(max_workers=3) as pool:
            summed = [
                pool.submit(sums, frame, terms) if needed else None
                for frame, needed, terms in parts
            ]
            sliced = [
                pool.submit(_Sliced, frame, cols, n)
                for frame, cols in (
                    (self.gaps, ["_unit", "gap_s"]),
                    (self.inbound, ["_unit", "duration_s", "event", "delay_s"]),
                    (self.roots, ["_unit", "_total", "likes", "reposts", "replies"]),
                    (self.inter, ["to", "men", "frm", "to_obs", "men_obs"]),
                )
            ]
            pair = [
                frame["gid"].to_numpy().astype(np.int64) * span
                + frame["_unit"].fill_null(0).to_numpy()
                for frame, _, _ in parts
            ]
            rank, keys = _dense_rank(np.concatenate(pair), n * span)
            n_rows = keys.size
            self.unit_ids = keys % span
            self.unit_offsets = np.searchsorted(keys // span, np.arange(n + 1))
            # float32 for the replicates' matrix products (per-conversation sums are small whole
            # numbers, exact in float32); the point estimates' per-group totals in float64
            self.unit_mat32 = np.zeros((n_rows, len(self.unit_cols)), dtype=np.float32, order="F")
            self.unit_totals = np.zeros((n, len(self.unit_cols)))
            j, at = 0, 0
            for (_, _, terms), p, job in zip(parts, pair, summed, strict=True):
                row = rank[at : at + p.size]
                at += p.size
                if job is not None:
                    columns, totals = job.result()
                    for i, col in enumerate(columns):
                        self.unit_mat32[:, j + i] = np.bincount(row, weights=col, minlength=n_rows)
                    self.unit_totals[totals["gid"].to_numpy(), j : j + len(terms)] = totals.drop(
                        "gid"
                    ).to_numpy()
                j += len(terms)
            self.E, self.F, self.G, self.H = (job.result() for job in sliced)

    # ----------------------------------------------------------------- stage 3
    def run(self) -> pl.DataFrame:
        self.prepare()
        self.units()
        out: list[dict] = []
        ident_cols = self.groups.select(
            "person", "display_name", "platform", "account", "_pk"
        ).rows()
        labels = [f"{self.by}|{p}|{pf}|{a}|{pk}" for p, _, pf, a, pk in ident_cols]
        # NumPy releases the GIL in the heavy parts (gathers, sums, matrix products), so
        # groups run side by side on the available cores; each has its own seeded RNG.
        workers = min(os.cpu_count() or 1, MAX_WORKERS, self.n_groups)
        if workers > 1:
            # largest groups first (by conversations and inbound items), so that no thread is
            # left with a big group at the end while the other idles
            size = np.diff(self.unit_offsets) + np.diff(self.F.offsets)
            order = np.argsort(-size, kind="stable")
            with single_threaded_blas(), ThreadPoolExecutor(max_workers=workers) as pool:
                futures = {g: pool.submit(self.group, g, labels[g]) for g in order}
                results = [futures[g].result() for g in range(self.n_groups)]
        else:
            results = [self.group(g, lab) for g, lab in enumerate(labels)]
        for g in range(self.n_groups):
            person, display, platform, account, pk = ident_cols[g]
            res = results[g]
            for name in self.names:
                value, lo, hi, n, k, status = res[name]
                out.append(
                    {
                        "person": person,
                        "display_name": display,
                        "platform": platform,
                        "account": account,
                        "period": pk if self.period is not None else None,
                        "metric": name,
                        "value": None if value is None or not np.isfinite(value) else float(value),
                        "ci_low": lo if value is not None else None,
                        "ci_high": hi if value is not None else None,
                        "n": None if n is None else int(n),
                        "k": None if k is None else int(k),
                        "status": status,
                    }
                )
        frame = pl.DataFrame(out, schema=RESULT_SCHEMA, orient="row")
        order = {name: i for i, name in enumerate(NAMES)}
        return (
            frame.with_columns(
                pl.col("metric").replace_strict(order, return_dtype=pl.Int64).alias("_o")
            )
            .sort(["person", "platform", "account", "period", "_o"], nulls_last=False)
            .drop("_o")
        )

    def group(self, g: int, label: str) -> dict[str, list]:  # noqa: C901 - one place for every metric
        E, G, H = self.E, self.G, self.H
        na = "not available: "
        where = self.where
        res: dict[str, list] = {}
        wanted = self.wanted
        ci_jobs: list[tuple[str, np.ndarray, float | None]] = []
        pending: list[tuple[str, np.ndarray, np.ndarray, float]] = []

        def unavailable(name: str, reason: str, n=None) -> None:
            res[name] = [None, None, None, n, None, na + reason]

        def ok(name, value, n, k=None, replicates=None, cap=None) -> None:
            res[name] = [value, None, None, n, k, OK]
            if replicates is not None and value is not None and self.n_boot >= 2 and name in wanted:
                ci_jobs.append((name, replicates, cap))

        def defer_median(
            name: str, values: np.ndarray, unit_local: np.ndarray, scale: float
        ) -> None:
            if name in wanted:
                pending.append((name, values, unit_local, scale))
            else:
                res[name] = [None] * 6

        # ---- this group's conversations: a contiguous block of the unit matrix
        lo_u, hi_u = self.unit_offsets[g], self.unit_offsets[g + 1]
        units = self.unit_ids[lo_u:hi_u]
        w = unit_weights(units.size, self.n_boot, rng_for(self.seed, label))
        wt = None  # w transposed, made when a median or a curve needs it
        point = self.unit_totals[g]
        reps = (
            (w @ self.unit_mat32[lo_u:hi_u]).astype(np.float64)
            if units.size
            else np.zeros((self.n_boot, point.size))
        )
        index = self.unit_index

        def local(u: np.ndarray) -> np.ndarray:
            return np.searchsorted(units, u)

        def tot(col: str) -> float:
            return float(point[index[col]])

        def ratio(name: str, num: str, den: str, *, scale: float = 1.0, share: bool = True) -> None:
            kk, nn = tot(num), tot(den)
            with np.errstate(divide="ignore", invalid="ignore"):
                r = scale * reps[:, index[num]] / reps[:, index[den]]
            ok(name, scale * kk / nn, round(nn), round(kk) if share else None, r)

        n_own = tot("n_own")
        n_text = tot("has_text")
        others = bool(self.others_present[g])
        own_only = "no replies from others in the data (own posts only)"
        nothing = f"the account published nothing in the data{where}"
        no_text = f"the account's items have no text of their own (only reposts){where}"

        # ---- shares of own items P; text signals count only the account's own words (a
        # repost's text is someone else's), except that a reposted link is a link
        for name, num in (
            ("reply_share", "reply_other"),
            ("self_thread_share", "self_thread"),
            ("repost_share", "repost"),
            ("clock_aligned_share", "aligned"),
            ("conversational_language", "conversational"),
            ("link_share", "link"),
            ("link_only_share", "link_only"),
            ("duplicate_share", "dup"),
        ):
            ratio(name, num, "n_own") if n_own else unavailable(name, nothing, 0)
        if n_text:
            ratio("press_release_score", "pr", "has_text", scale=0.01, share=False)
        else:
            unavailable("press_release_score", nothing if not n_own else no_text, 0)
        if self.person_platforms[g] < 2:
            unavailable(
                "crosspost_share",
                "only one platform of this person is in the data (list the person's handles on other platforms in the accounts file)",
            )
        elif n_own:
            ratio("crosspost_share", "crosspost", "n_own")
        else:
            unavailable("crosspost_share", nothing, 0)
        if not n_own:
            unavailable("automation_client_share", nothing, 0)
        elif tot("has_client"):
            ratio("automation_client_share", "automated", "has_client")
        else:
            unavailable(
                "automation_client_share",
                "the export does not record which app published each post",
                0,
            )
        if n_own:
            # chance per item: 4/60 when its account's times are to the minute, else 4/3600
            minute = tot("minute_precision")
            ok(
                "clock_aligned_expected",
                (minute * 4 / 60 + (n_own - minute) * 4 / 3600) / n_own,
                round(n_own),
            )
            days = float(self.calendar_days[g])
            ok("posts_per_day", n_own / days, round(n_own), None, reps[:, index["n_own"]] / days)
        else:
            unavailable("clock_aligned_expected", nothing, 0)
            ok("posts_per_day", 0.0, 0)
        if tot("sent_n"):
            ratio("reply_sentiment", "sent_sum", "sent_n", scale=1e-4, share=False)
        else:
            unavailable("reply_sentiment", f"the account replied to nobody in the data{where}", 0)

        # ---- responsiveness
        n_inb = tot("n_inb")
        if not others:
            for name in ("inbound_items", "response_rate", "first_response_median", "answered_within_1h",
                         "answered_within_24h", "first_response_median_answered", "post_and_run_rate",
                         "replies_per_100_inbound", "turns_per_conversation", "reciprocity"):  # fmt: skip
                unavailable(name, own_only)
        else:
            ok("inbound_items", n_inb, round(n_inb))
            nobody = f"nobody replied to the account or mentioned it in the data{where}"
            follow = _human(self.window)
            if not n_inb:
                for name in ("response_rate", "first_response_median", "answered_within_1h", "answered_within_24h",
                             "first_response_median_answered", "replies_per_100_inbound"):  # fmt: skip
                    unavailable(name, nobody, 0)
            else:
                if tot("n_full"):
                    ratio("response_rate", "ans_full", "n_full")
                else:
                    unavailable(
                        "response_rate",
                        f"no inbound item{where} was followed for the full {follow} before the data end",
                        0,
                    )
                ratio("replies_per_100_inbound", "reply_obs", "n_inb", scale=100.0, share=False)
                if wanted & _DELAYS:
                    wt = np.ascontiguousarray(w.T)  # (units, replicates): row gathers are fast
                    self.responsiveness(g, w, wt, local, ok, unavailable, defer_median)
            if tot("drew_full"):
                ratio("post_and_run_rate", "par", "drew_full")
            elif tot("drew"):
                unavailable(
                    "post_and_run_rate",
                    f"no post that drew replies{where} was followed for the full {follow} before the data end",
                    0,
                )
            else:
                unavailable(
                    "post_and_run_rate",
                    f"none of the account's posts drew a reply from others in the data{where}",
                    0,
                )
            if tot("n_conv"):
                ratio("turns_per_conversation", "alts", "n_conv", share=False)
            else:
                unavailable(
                    "turns_per_conversation",
                    f"no conversation in the data{where} has both the account and others",
                    0,
                )

        # ---- interlocutors
        to, men, frm = H(g, "to"), H(g, "men"), H(g, "frm")
        addressed = (to + men) > 0
        if n_own:
            ok("interlocutors", float(addressed.sum()), int(addressed.sum()))
        else:
            unavailable("interlocutors", nothing, 0)
        if to.sum() > 0:
            shares = to[to > 0] / to.sum()
            ok("interlocutor_concentration", float((shares**2).sum()), int((to > 0).sum()))
        else:
            unavailable(
                "interlocutor_concentration", f"the account replied to nobody in the data{where}", 0
            )
        if others:
            # of the people the account addressed, those who also addressed it: addressed
            # where the data hold replies from others (by person, not on a platform whose
            # data are the account's posts alone, where nobody can be seen answering)
            addressed_obs = (H(g, "to_obs") + H(g, "men_obs")) > 0
            both = (frm[addressed_obs] > 0).astype(np.float64)
            if both.size and "reciprocity" in wanted:
                w2 = unit_weights(both.size, self.n_boot, rng_for(self.seed, label, 1))
                with np.errstate(divide="ignore", invalid="ignore"):
                    r = (w2 @ both) / w2.sum(axis=1)
                ok("reciprocity", float(both.mean()), int(both.size), int(both.sum()), r)
            elif addressed.any():
                unavailable(
                    "reciprocity",
                    f"the account addressed people{where} only where the data hold no replies from others",
                    0,
                )
            else:
                unavailable(
                    "reciprocity",
                    f"the account replied to or mentioned nobody in the data{where}",
                    0,
                )

        # ---- rhythm
        gaps = E(g, "gap_s")
        total_days = int(self.calendar_days[g])
        if n_own and "active_days_share" in wanted:
            a = int(min(self.active_days[g], total_days))
            # replicates resample the days: active days drawn over all days drawn
            w3 = unit_weights(total_days, self.n_boot, rng_for(self.seed, label, 2))
            with np.errstate(divide="ignore", invalid="ignore"):
                r3 = w3[:, :a].sum(axis=1) / w3.sum(axis=1)
            ok("active_days_share", a / total_days, total_days, a, r3)
        elif not n_own and total_days > 0:
            # observed and silent (as posts_per_day = 0): no day was active
            ok("active_days_share", 0.0, total_days, 0)
        elif not n_own:
            unavailable("active_days_share", nothing, total_days)
        if gaps.size >= 2:
            defer_median("median_gap_hours", gaps, local(E(g, "_unit")), 1 / 3600.0)
            mu, sigma = float(gaps.mean()), float(gaps.std())
            if sigma + mu > 0:
                ok("burstiness", (sigma - mu) / (sigma + mu), int(gaps.size))
            else:
                unavailable(
                    "burstiness",
                    f"all items{where} were published at the same moment",
                    int(gaps.size),
                )
            bins = np.floor(np.log2(np.maximum(gaps, 1.0))).astype(np.int64)
            p = np.bincount(bins) / bins.size
            p = p[p > 0]
            ok("interval_entropy", float(-(p * np.log2(p)).sum()) + 0.0, int(gaps.size))
        else:
            reason = f"fewer than three items{where}, too few to measure gaps"
            for name in ("median_gap_hours", "burstiness", "interval_entropy"):
                unavailable(name, reason, int(gaps.size))

        # ---- engagement
        gu = G(g, "_unit")
        for name, col, what in (
            ("engagement_received", "_total", "like, repost or reply"),
            ("engagement_likes", "likes", "like"),
            ("engagement_reposts", "reposts", "repost"),
            ("engagement_replies", "replies", "reply"),
        ):
            vals = G(g, col).astype(np.float64)
            mask = ~np.isnan(vals)
            if not gu.size:
                unavailable(name, f"the account published no original posts in the data{where}", 0)
            elif not mask.any():
                unavailable(name, f"the export has no {what} counts", 0)
            else:
                defer_median(name, vals[mask], local(gu[mask]), 1.0)

        # ---- every median's replicates in one pass over the weights
        if pending:
            reps_list = weighted_medians([(v, u) for _, v, u, _ in pending], w, wt)
            for (name, v, _, scale), r in zip(pending, reps_list, strict=True):
                ok(name, float(np.median(v)) * scale, int(v.size), None, r * scale)

        # ---- every interval at once
        if ci_jobs:
            cols = [
                np.where(np.isposinf(r), cap, r) if cap is not None else r for _, r, cap in ci_jobs
            ]
            rmat = np.column_stack(cols).astype(np.float64)
            rmat[~np.isfinite(rmat)] = np.nan
            finite = ~np.isnan(rmat)
            enough = finite.sum(axis=0) >= 2
            lo, hi = np.full(rmat.shape[1], np.nan), np.full(rmat.shape[1], np.nan)
            full = finite.all(axis=0)
            if full.any():  # the common case, in one vectorised call
                lo[full], hi[full] = np.percentile(rmat[:, full], [2.5, 97.5], axis=0)
            for j in np.nonzero(~full & enough)[0]:
                lo[j], hi[j] = np.percentile(rmat[finite[:, j], j], [2.5, 97.5])
            for j, (name, _, _) in enumerate(ci_jobs):
                if enough[j]:
                    res[name][1], res[name][2] = float(lo[j]), float(hi[j])
        return res

    def responsiveness(self, g, w, wt, local, ok, unavailable, defer_median) -> None:
        F = self.F
        dur, ev, delay = F(g, "duration_s"), F(g, "event").astype(bool), F(g, "delay_s")
        u = local(F(g, "_unit"))
        n = int(dur.size)
        km = _km.kaplan_meier(dur, ev)
        # the longest follow-up: the curve says nothing beyond it (unless it reached 0 before)
        followed = float(dur.max()) if n else 0.0
        ended = bool(km.survival.size) and float(km.survival[-1]) <= 0.0
        # replicates whose median is not reached count as the longest possible delay: the
        # window, or in business hours the business time it spans (the longest follow-up)
        cap = (followed if self.business_hours else self.window_s) / 3600.0
        boot = self.n_boot >= 2
        times, surv = _km.replicate_curves(dur, ev, u, w, wt) if boot else (km.times, None)
        med = km.median()
        longest = _about(followed)
        if np.isfinite(med):
            r = _km.replicate_quantile_times(times, surv, 0.5) / 3600.0 if boot else None
            ok("first_response_median", med / 3600.0, n, None, r, cap)
        elif followed < self.window_s and not self.business_hours:
            unavailable(
                "first_response_median",
                f"fewer than half of the inbound items{self.where} were answered within the longest follow-up in the data ({longest}; median not reached)",
                n,
            )
        else:
            unavailable(
                "first_response_median",
                f"fewer than half of the inbound items{self.where} were answered within {_human(self.window)} (median not reached)",
                n,
            )
        for name, t in (("answered_within_1h", 3600.0), ("answered_within_24h", 86400.0)):
            if followed < t and not ended:
                unavailable(
                    name,
                    f"no inbound item{self.where} was followed for {_human(timedelta(seconds=t))} (the longest follow-up is {longest})",
                    n,
                )
                continue
            r = 1.0 - _km.survival_at(times, surv, t) if boot else None
            ok(name, 1.0 - km.survival_at(t), n, None, r)
        if ev.any():
            defer_median(
                "first_response_median_answered", delay[ev].astype(np.float64), u[ev], 1 / 3600.0
            )
        else:
            unavailable(
                "first_response_median_answered",
                f"the account answered none of the inbound items{self.where} within {_human(self.window)}",
                0,
            )
