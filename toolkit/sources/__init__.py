"""Source registry, format detection and :func:`load`.

Each module in this package turns one export family into canonical rows and
registers its sources with :func:`register`. ``toolkit.load(*paths)`` picks the
source for each path by content, reads zips in place, decides which account
each row of a collection belongs to, and returns one :class:`~toolkit.archive.Archive`.

Contract for a source (see ``tests/test_sources_contract.py``)::

    @register
    class MySource(Source):
        name = "family"              # shown by `toolkit formats`
        platform = "twitter"         # a value of toolkit.schema.PLATFORMS
        title = "..."; inputs = "..."; replies_from_others = "no (own posts only)"

        def detect(self, inp: Input) -> bool: ...   # cheap: names and first bytes only
        def load(self, inp: Input, ctx: LoadContext) -> Loaded: ...

``load`` returns canonical rows (``account`` = the archive owner's handle, or
null for rows of a collection, which :func:`load` attributes), one
:class:`FileLog` per member file read (rows carry ``source_file = log.source_file``),
and the archive owners it found. It counts every record read and skipped.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

import polars as pl

from toolkit.accounts import Accounts, normalise_handle, read_accounts
from toolkit.archive import Archive, dedupe_posts
from toolkit.errors import InputError, ToolkitError, UnknownFormatError
from toolkit.schema import ACCOUNTS_SCHEMA, LOG_SCHEMA, PLATFORMS, conform
from toolkit.sources._io import FileLog, Input

__all__ = [
    "REGISTRY",
    "FileLog",
    "Input",
    "LoadContext",
    "Loaded",
    "Owner",
    "Source",
    "detect",
    "formats",
    "load",
    "register",
]


@dataclass
class Owner:
    """An archive owner found by a loader (the studied account of that archive)."""

    platform: str
    handle: str
    display_name: str | None = None
    observed_until: datetime | None = None
    source_file: str | None = None


@dataclass
class Loaded:
    """What a source's ``load`` returns."""

    posts: pl.DataFrame
    logs: list[FileLog]
    owners: list[Owner] = field(default_factory=list)


@dataclass
class LoadContext:
    """Options and knowledge shared by all sources during one :func:`load`."""

    accounts: Accounts = field(default_factory=Accounts)
    options: dict[str, Any] = field(default_factory=dict)


class Source:
    """Base class of a registered source; see the module docstring for the contract."""

    name: ClassVar[str]
    platform: ClassVar[str]
    title: ClassVar[str]
    inputs: ClassVar[str]
    replies_from_others: ClassVar[str]

    def detect(self, inp: Input) -> bool:  # pragma: no cover - abstract
        raise NotImplementedError

    def load(self, inp: Input, ctx: LoadContext) -> Loaded:  # pragma: no cover - abstract
        raise NotImplementedError


REGISTRY: dict[str, Source] = {}
_ORDER: dict[str, int] = {}


def register(cls: type[Source]) -> type[Source]:
    """Class decorator: add a source to the registry (its ``name`` must be unique)."""
    if cls.name in REGISTRY:
        raise RuntimeError(f"source {cls.name!r} registered twice")
    if cls.platform not in PLATFORMS:
        raise RuntimeError(f"source {cls.name!r}: unknown platform {cls.platform!r}")
    REGISTRY[cls.name] = cls()
    _ORDER[cls.name] = len(_ORDER)
    return cls


def _import_all() -> None:
    """Import every source module, then fix the registry's order.

    The order (module name, then registration order inside the module) decides
    detection and the formats table; it must not depend on which module some
    caller happened to import first.
    """
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")
    ordered = sorted(REGISTRY.items(), key=lambda kv: (type(kv[1]).__module__, _ORDER[kv[0]]))
    if list(REGISTRY) != [k for k, _ in ordered]:
        REGISTRY.clear()
        REGISTRY.update(ordered)


def formats() -> pl.DataFrame:
    """The registry as a frame: name, platform, title, inputs, replies from others."""
    _import_all()
    return pl.DataFrame(
        [
            {
                "name": s.name,
                "platform": s.platform,
                "title": s.title,
                "inputs": s.inputs,
                "replies_from_others": s.replies_from_others,
            }
            for s in REGISTRY.values()
        ],
        schema={k: pl.Utf8 for k in ("name", "platform", "title", "inputs", "replies_from_others")},
    )


def formats_markdown() -> str:
    """The registry as the Markdown table printed in the README (`toolkit formats --markdown`)."""
    lines = [
        "| format | platform | what it reads | replies from others? |",
        "|---|---|---|---|",
    ]
    for r in formats().iter_rows(named=True):
        lines.append(
            f"| `{r['name']}`: {r['title']} | {r['platform']} | {r['inputs']} | {r['replies_from_others']} |"
        )
    return "\n".join(lines)


def detect(inp: Input) -> Source | None:
    """The first registered source that recognises ``inp``, or None."""
    _import_all()
    for source in REGISTRY.values():
        try:
            if source.detect(inp):
                return source
        except InputError:
            raise
        except (OSError, ValueError, KeyError, UnicodeDecodeError):
            continue
    return None


def _unknown(path: Path) -> UnknownFormatError:
    names = ", ".join(REGISTRY)
    return UnknownFormatError(
        f"{path}: not a recognised export; supported formats: {names}. "
        "See `toolkit formats` for what each expects."
    )


def _plan(
    path: Path,
    found: list[tuple[Input, Source]],
    unknown: list[Path],
    accounts_files: list[Path],
    top: bool,
) -> None:
    inp = Input(path)
    source = detect(inp)
    if source is not None:
        found.append((inp, source))
        return
    if inp.kind == "dir":
        children = sorted(p for p in path.iterdir() if not p.name.startswith("."))
        before = len(found)
        for child in children:
            if child.is_file() and child.name.lower() == "accounts.toml":
                accounts_files.append(child)
                continue
            _plan(child, found, unknown, accounts_files, top=False)
        if len(found) > before:
            return
    if top:
        raise _unknown(path)
    unknown.append(path)


def load(
    *paths: str | Path,
    accounts_file: str | Path | None = None,
    progress: bool | None = None,
    **options: Any,
) -> Archive:
    """Load one or more exports (zip, tar.gz, folder or file; detected by content) into one Archive.

    A folder that is not itself an export is searched for exports; an
    ``accounts.toml`` found there is used when ``accounts_file`` is not given.

    Raises
    ------
    UnknownFormatError
        when a path is not a recognised export (the message lists the formats).
    InputError
        when a file is damaged (truncated zip, invalid JSON, ...).
    """
    if not paths:
        raise ToolkitError("load() needs at least one path")
    found: list[tuple[Input, Source]] = []
    unknown: list[Path] = []
    found_accounts: list[Path] = []
    for p in paths:
        _plan(Path(p), found, unknown, found_accounts, top=True)
    if accounts_file is None and len(found_accounts) == 1:
        accounts_file = found_accounts[0]
    accounts = read_accounts(accounts_file)
    ctx = LoadContext(accounts=accounts, options=options)

    if progress is None:
        progress = sys.stderr.isatty()
    iterator: Iterable[tuple[Input, Source]] = found
    if progress and len(found) > 1:
        from tqdm import tqdm

        iterator = tqdm(found, desc="loading", unit="input", file=sys.stderr)

    frames: list[pl.DataFrame] = []
    logs: list[FileLog] = []
    owners: list[Owner] = []
    for inp, source in iterator:
        try:
            loaded = source.load(inp, ctx)
        finally:
            inp.close()
        frames.append(conform(loaded.posts, partial=True))
        logs.extend(loaded.logs)
        owners.extend(loaded.owners)
    for u in unknown:
        logs.append(FileLog(str(u), "unrecognised", notes=["not a recognised export; ignored"]))
    return assemble(frames, logs, owners, accounts)


def _studied(
    owners: list[Owner], accounts: Accounts, posts: pl.DataFrame, logs: list[FileLog]
) -> dict[str, set[str]]:
    studied: dict[str, set[str]] = {p: set(accounts.studied_handles(p)) for p in PLATFORMS}
    for o in owners:
        h = normalise_handle(o.handle)
        if h:
            studied[o.platform].add(h)
    orphans = posts.filter(pl.col("account").is_null())
    for platform in orphans["platform"].unique().to_list():
        if studied[platform]:
            continue
        rows = orphans.filter(pl.col("platform") == platform)
        # a deleted account ("[deleted] (t1_abc)", see reddit.py) is nobody: never the guess
        known = rows.filter(~pl.col("author").str.contains(r"^\[(?:deleted|removed)\]"))
        top = known.group_by("author").len().sort(["len", "author"], descending=[True, False])
        if top.is_empty():
            continue
        guess = top["author"][0]
        studied[platform].add(guess)
        msg = (
            f"no studied {platform} account given: assuming {guess!r} (the most frequent author); "
            "list the accounts you study in an accounts file (--accounts)"
        )
        warnings.warn(msg, stacklevel=3)
        for log in logs:
            if log.source_file in set(rows["source_file"].unique().to_list()):
                log.note(msg)
    return studied


def _attribute(posts: pl.DataFrame, studied: dict[str, set[str]]) -> pl.DataFrame:
    """Give each collection row (null account) the studied account whose conversation it is."""
    if posts["account"].null_count() == 0:
        return posts
    keys = [f"{p}\x00{h}" for p, hs in studied.items() for h in hs]

    def key(col: pl.Expr) -> pl.Expr:
        return pl.concat_str([pl.col("platform").cast(pl.Utf8), pl.lit("\x00"), col])

    # the attribution works on the key columns only; the account is put back at the end
    work = posts.select(
        "platform",
        "post_id",
        "account",
        "reply_to_id",
        "conversation_id",
        pl.when(key(pl.col("author")).is_in(keys)).then(pl.col("author")).alias("_by_author"),
        pl.when(key(pl.col("reply_to_author")).is_in(keys))
        .then(pl.col("reply_to_author"))
        .alias("_by_parent_author"),
    )
    # first mention that is studied
    mention_key = (
        posts.select(
            pl.int_range(pl.len()).alias("_i"),
            pl.col("platform").cast(pl.Utf8).alias("_p"),
            pl.col("mentions").alias("_m"),
        )
        .explode("_m")
        .filter(pl.concat_str([pl.col("_p"), pl.lit("\x00"), pl.col("_m")]).is_in(keys))
        .group_by("_i", maintain_order=True)
        .agg(pl.col("_m").first().alias("_by_mention"))
    )
    work = (
        work.with_row_index("_i")
        .with_columns(pl.col("_i").cast(pl.Int64))
        .join(
            mention_key.with_columns(pl.col("_i").cast(pl.Int64)),
            on="_i",
            how="left",
            maintain_order="left",
        )
        .drop("_i")
    )
    work = work.with_columns(pl.coalesce("account", "_by_author").alias("account"))
    account = work["account"]
    for _ in range(12):
        done = work.filter(pl.col("account").is_not_null())
        resolved = done.select("platform", "post_id", "account").unique(
            subset=["platform", "post_id"]
        )
        parent = resolved.rename({"post_id": "reply_to_id", "account": "_by_parent"})
        root = resolved.rename({"post_id": "conversation_id", "account": "_by_root"})
        # any attributed row of the same conversation (a comment dump without its root post)
        conv = done.group_by("platform", "conversation_id").agg(
            pl.col("account").min().alias("_by_conv")
        )
        # an attributed row keeps its account: only the others are looked up
        todo = work.with_row_index("_i").filter(pl.col("account").is_null())
        found = (
            todo.join(parent, on=["platform", "reply_to_id"], how="left", maintain_order="left")
            .join(root, on=["platform", "conversation_id"], how="left", maintain_order="left")
            .join(conv, on=["platform", "conversation_id"], how="left", maintain_order="left")
            .select(
                "_i",
                pl.coalesce(
                    "_by_parent", "_by_parent_author", "_by_root", "_by_conv", "_by_mention"
                ).alias("account"),
            )
            .filter(pl.col("account").is_not_null())
        )
        if found.is_empty():
            break
        account = account.scatter(found["_i"], found["account"])
        work = work.with_columns(account)
    return posts.with_columns(account)


def assemble(
    frames: list[pl.DataFrame], logs: list[FileLog], owners: list[Owner], accounts: Accounts
) -> Archive:
    """Combine loaders' outputs: attribute collection rows, count kept rows, dedupe, build accounts."""
    from toolkit.schema import empty_posts

    posts = (
        pl.concat([f for f in frames if f.height], how="vertical")
        if any(f.height for f in frames)
        else empty_posts()
    )
    studied = _studied(owners, accounts, posts, logs)
    posts = _attribute(posts, studied)
    orphans = posts.filter(pl.col("account").is_null())
    by_file = {log.source_file: log for log in logs}
    if orphans.height:
        for src, n in orphans.group_by("source_file").len().iter_rows():
            by_file[src].skip("not in a conversation with a studied account", n)
        posts = posts.filter(pl.col("account").is_not_null())
    kept = dict(posts.group_by("source_file").len().iter_rows())
    for log in logs:
        log.kept = kept.get(log.source_file, 0)
    n_before = posts.height
    posts = dedupe_posts(posts)
    if n_before != posts.height:
        combine_log = FileLog("(combined inputs)", "combine")
        combine_log.note(
            f"{n_before - posts.height} row(s) appeared in more than one input file "
            "(same platform and post id); the richer copy was kept"
        )
        logs.append(combine_log)
    posts = conform(posts)
    log_frame = (
        pl.DataFrame([lg.row() for lg in logs], schema=LOG_SCHEMA)
        if logs
        else pl.DataFrame(schema=LOG_SCHEMA)
    )
    return Archive(
        posts=posts,
        accounts=accounts_frame(posts, owners, accounts),
        log=log_frame,
        people=accounts,
    )


def accounts_frame(posts: pl.DataFrame, owners: list[Owner], accounts: Accounts) -> pl.DataFrame:
    """One row per (platform, studied account) present in ``posts``, labelled from the accounts file."""
    spans = posts.group_by("platform", "account").agg(
        pl.col("created_at").min().alias("observed_from"),
        pl.col("created_at").max().alias("observed_until"),
    )
    labels = accounts.frame()
    owner_rows = pl.DataFrame(
        [
            {
                "platform": o.platform,
                "account": normalise_handle(o.handle),
                "_name": o.display_name,
                "_until": o.observed_until,
            }
            for o in owners
        ],
        schema={
            "platform": pl.Utf8,
            "account": pl.Utf8,
            "_name": pl.Utf8,
            "_until": pl.Datetime("us", "UTC"),
        },
    ).unique(subset=["platform", "account"], keep="first", maintain_order=True)
    out = (
        spans.with_columns(pl.col("platform").cast(pl.Utf8))
        .join(labels, on=["platform", "account"], how="left", maintain_order="left")
        .join(owner_rows, on=["platform", "account"], how="left", maintain_order="left")
        .with_columns(
            pl.coalesce(
                "person", pl.concat_str([pl.col("platform"), pl.lit(":"), pl.col("account")])
            ).alias("person"),
            pl.coalesce("display_name", "_name", "account").alias("display_name"),
            pl.col("timezone").fill_null("UTC"),
            pl.col("studied").fill_null(True),
            pl.max_horizontal("observed_until", "_until").alias("observed_until"),
        )
        .drop("_name", "_until")
        .with_columns(pl.col("platform").cast(ACCOUNTS_SCHEMA["platform"]))
        .select(list(ACCOUNTS_SCHEMA))
        .sort("person", "platform", "account")
    )
    return out
