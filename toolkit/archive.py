"""Archive: the posts, the accounts and the load log, as three Polars frames."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

import polars as pl

from toolkit.accounts import Accounts
from toolkit.errors import InputError
from toolkit.schema import ACCOUNTS_SCHEMA, LOG_SCHEMA, POSTS_SCHEMA, conform, empty, validate

DateLike = date | datetime | str


def _as_utc(value: DateLike | None, *, end: bool = False) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = (
            datetime.fromisoformat(value)
            if "T" in value or " " in value
            else date.fromisoformat(value)
        )
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    # a date: since = start of that day, until = end of that day (inclusive)
    return datetime.combine(value, time.max if end else time.min, tzinfo=UTC)


def _richness() -> pl.Expr:
    cols = [
        "reply_to_id",
        "reply_to_author",
        "client",
        "likes",
        "reposts",
        "replies",
        "lang",
        "url",
    ]
    filled = pl.sum_horizontal([pl.col(c).is_not_null().cast(pl.Int32) for c in cols])
    return filled * 100_000 + pl.col("text").str.len_chars().clip(upper_bound=99_999)


def dedupe_posts(posts: pl.DataFrame) -> pl.DataFrame:
    """One row per (platform, post_id): the richest copy (most fields, then longest text), sorted.

    Used by :func:`toolkit.load` when several input files hold the same item and by
    :meth:`Archive.combine`.
    """
    # the order is found on the key columns only, then the rows are gathered once
    order = (
        posts.select(
            pl.int_range(pl.len(), dtype=pl.UInt32).alias("_i"),
            _richness().alias("_rich"),
            "platform",
            "post_id",
            "account",
            "created_at",
        )
        .sort("_rich", descending=True, maintain_order=True)
        .unique(subset=["platform", "post_id"], keep="first", maintain_order=True)
        .sort(["platform", "account", "created_at", "post_id"])
    )
    return posts.select(pl.all().gather(order["_i"]))


class Archive:
    """Posts, accounts and load log of one or more loaded exports.

    Attributes
    ----------
    posts : pl.DataFrame
        canonical rows (``toolkit.schema.POSTS_SCHEMA``), own items and others' replies.
    accounts : pl.DataFrame
        one row per (platform, account) that is studied, with labels and observation window.
    log : pl.DataFrame
        one row per input file: format, records read, rows kept, rows skipped by reason.
    """

    def __init__(
        self,
        posts: pl.DataFrame,
        accounts: pl.DataFrame | None = None,
        log: pl.DataFrame | None = None,
        people: Accounts | None = None,
    ):
        self.posts = validate(posts)
        self.accounts = accounts if accounts is not None else empty(ACCOUNTS_SCHEMA)
        self.log = log if log is not None else empty(LOG_SCHEMA)
        validate(self.accounts, ACCOUNTS_SCHEMA)
        validate(self.log, LOG_SCHEMA)
        self.people = people or Accounts()

    # ------------------------------------------------------------------ views
    def __repr__(self) -> str:
        return (
            f"<Archive: {self.posts.height} rows, {self.accounts.height} studied account(s), "
            f"{self.log.height} input file(s)>"
        )

    def __len__(self) -> int:
        return self.posts.height

    @property
    def own(self) -> pl.DataFrame:
        """Rows written by the studied account they belong to."""
        return self.posts.filter(pl.col("author") == pl.col("account"))

    def filter(
        self,
        *,
        accounts: Sequence[str] | str | None = None,
        platforms: Sequence[str] | str | None = None,
        since: DateLike | None = None,
        until: DateLike | None = None,
    ) -> Archive:
        """A new Archive restricted to accounts, platforms and a period (``until`` inclusive).

        ``accounts`` matches handles or person ids / display names from the accounts file.
        """
        posts, accs = self.posts, self.accounts
        if accounts is not None:
            wanted = {accounts} if isinstance(accounts, str) else set(accounts)
            match = (
                pl.col("account").is_in(wanted)
                | pl.col("person").is_in(wanted)
                | pl.col("display_name").is_in(wanted)
            )
            accs = accs.filter(match)
            posts = posts.filter(pl.col("account").is_in(accs["account"].unique().to_list()))
        if platforms is not None:
            wanted_p = [platforms] if isinstance(platforms, str) else list(platforms)
            posts = posts.filter(pl.col("platform").cast(pl.Utf8).is_in(wanted_p))
            accs = accs.filter(pl.col("platform").cast(pl.Utf8).is_in(wanted_p))
        lo, hi = _as_utc(since), _as_utc(until, end=True)
        if lo is not None:
            posts = posts.filter(pl.col("created_at") >= lo)
            accs = accs.with_columns(
                pl.max_horizontal(
                    "observed_from", pl.lit(lo, dtype=pl.Datetime("us", "UTC"))
                ).alias("observed_from")
            )
        if hi is not None:
            posts = posts.filter(pl.col("created_at") <= hi)
            accs = accs.with_columns(
                pl.min_horizontal(
                    "observed_until", pl.lit(hi, dtype=pl.Datetime("us", "UTC"))
                ).alias("observed_until")
            )
        return Archive(posts=posts, accounts=accs, log=self.log, people=self.people)

    # ------------------------------------------------------------------ combine
    @classmethod
    def combine(cls, archives: Iterable[Archive]) -> Archive:
        """One archive from several: rows deduplicated by (platform, post_id), the richer row kept."""
        archives = list(archives)
        if not archives:
            return cls(posts=empty(POSTS_SCHEMA))
        posts = pl.concat([a.posts for a in archives], how="vertical")
        posts = dedupe_posts(posts)
        accs = (
            pl.concat([a.accounts for a in archives], how="vertical")
            .group_by("platform", "account", maintain_order=True)
            .agg(
                pl.col("person", "display_name", "group", "colour", "timezone", "studied").first(),
                pl.col("observed_from").min(),
                pl.col("observed_until").max(),
            )
            .select(list(ACCOUNTS_SCHEMA))
        )
        log = pl.concat([a.log for a in archives], how="vertical")
        people = Accounts(people=[p for a in archives for p in a.people.people])
        return cls(posts=posts, accounts=accs, log=log, people=people)

    def __add__(self, other: Archive) -> Archive:
        return Archive.combine([self, other])

    # ------------------------------------------------------------------ parquet
    def to_parquet(self, directory: str | Path) -> Path:
        """Write ``posts.parquet``, ``accounts.parquet`` and ``log.parquet`` into ``directory``."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        self.posts.write_parquet(d / "posts.parquet")
        self.accounts.write_parquet(d / "accounts.parquet")
        self.log.write_parquet(d / "log.parquet")
        return d

    @classmethod
    def read_parquet(cls, directory: str | Path) -> Archive:
        """Read an archive written by :meth:`to_parquet`."""
        d = Path(directory)
        try:
            posts = pl.read_parquet(d / "posts.parquet")
            accounts = pl.read_parquet(d / "accounts.parquet")
            log = pl.read_parquet(d / "log.parquet")
        except (OSError, pl.exceptions.ComputeError) as exc:
            raise InputError(
                f"{d}: expected posts.parquet, accounts.parquet and log.parquet written by `toolkit convert` ({exc})"
            ) from exc
        accounts = accounts.with_columns(
            pl.col("platform").cast(pl.Utf8).cast(ACCOUNTS_SCHEMA["platform"])
        )
        return cls(posts=conform(posts), accounts=accounts, log=log)

    # ------------------------------------------------------------------ summary
    def summary(self) -> pl.DataFrame:
        """Per studied account: rows by kind, others' rows, first/last date, and what the data allow.

        ``data`` is ``"own posts only"`` or ``"own posts and replies from others"``:
        responsiveness can be measured only in the second case.
        """
        p = self.posts
        is_own = pl.col("author") == pl.col("account")
        self_thread = (
            is_own & (pl.col("kind") == "reply") & (pl.col("reply_to_author") == pl.col("account"))
        )
        per = p.group_by("platform", "account").agg(
            (is_own & (pl.col("kind") == "post")).sum().alias("posts"),
            (is_own & (pl.col("kind") == "reply") & ~self_thread.fill_null(False))
            .sum()
            .alias("replies_to_others"),
            self_thread.fill_null(False).sum().alias("self_thread"),
            (is_own & (pl.col("kind") == "repost")).sum().alias("reposts"),
            (is_own & (pl.col("kind") == "quote")).sum().alias("quotes"),
            (~is_own).sum().alias("from_others"),
            pl.col("created_at").filter(is_own).min().alias("first"),
            pl.col("created_at").filter(is_own).max().alias("last"),
        )
        out = (
            self.accounts.select("platform", "account", "person", "display_name")
            .join(per, on=["platform", "account"], how="left", maintain_order="left")
            .with_columns(
                pl.col(
                    "posts", "replies_to_others", "self_thread", "reposts", "quotes", "from_others"
                ).fill_null(0),
            )
            .with_columns(
                pl.when(pl.col("from_others") > 0)
                .then(pl.lit("own posts and replies from others"))
                .otherwise(pl.lit("own posts only"))
                .alias("data")
            )
            .sort("person", "platform", "account")
        )
        return out

    # ------------------------------------------------------------------ interop
    def to_convokit(self) -> pl.DataFrame:
        """A ConvoKit-shaped utterance frame: id, speaker, conversation_id, reply_to, timestamp, text.

        Ids are prefixed with the platform so they are unique across platforms. Only
        replies point to a parent, and only when the parent is in the data; the
        conversation is the topmost item present (``toolkit.conversations.threads``),
        so every conversation has a root utterance as ConvoKit requires.
        ``convokit.Corpus.from_pandas(utts.to_pandas())`` builds a corpus when ConvoKit
        is installed (it stays optional).
        """
        # the one call from the archive into the conversation layer: tree logic lives there once
        from toolkit.conversations import threads

        t = threads(self.posts)
        pfx = pl.concat_str([pl.col("platform").cast(pl.Utf8), pl.lit(":")])
        is_tree_reply = (pl.col("kind") == "reply") & ~pl.col("parent_missing")
        return t.select(
            pl.concat_str([pfx, pl.col("post_id")]).alias("id"),
            pl.concat_str([pfx, pl.col("author")]).alias("speaker"),
            pl.concat_str([pfx, pl.col("root_id")]).alias("conversation_id"),
            pl.when(is_tree_reply & (pl.col("root_id") != pl.col("post_id")))
            .then(pl.concat_str([pfx, pl.col("reply_to_id")]))
            .alias("reply_to"),
            pl.col("created_at").dt.epoch("s").alias("timestamp"),
            pl.col("text"),
            pl.col("account").alias("meta.account"),
            pl.col("platform").cast(pl.Utf8).alias("meta.platform"),
            pl.col("kind").cast(pl.Utf8).alias("meta.kind"),
        )
