"""Thread helpers shared by loaders: conversation ids from parent links."""

from __future__ import annotations

import polars as pl


def fill_conversation_ids(frame: pl.DataFrame, *, max_depth: int = 64) -> pl.DataFrame:
    """Fill null ``conversation_id`` by following ``reply_to_id`` inside ``frame``.

    The conversation of a row is the topmost ancestor found in the frame (same
    platform): a root's own id, or, when a parent is outside the data, the id of
    the highest item we do have. Rows that already carry a conversation id keep it.
    When the frame has ``kind``, only replies follow ``reply_to_id``: a quote or
    repost that names the item it quotes starts a conversation of its own.

    Examples
    --------
    >>> f = pl.DataFrame({"platform": ["t"] * 3, "post_id": ["1", "2", "3"],
    ...     "reply_to_id": [None, "1", "2"], "conversation_id": [None, None, None]})
    >>> fill_conversation_ids(f)["conversation_id"].to_list()
    ['1', '1', '1']
    >>> q = f.with_columns(kind=pl.Series(["post", "quote", "reply"]))
    >>> fill_conversation_ids(q)["conversation_id"].to_list()
    ['1', '2', '2']
    """
    if frame.is_empty() or frame["conversation_id"].null_count() == 0:
        return frame
    ids = frame.select("platform", "post_id").unique(subset=["platform", "post_id"])
    # parent pointer: the parent's id when the parent is in the data, else the row itself
    known = ids.with_columns(pl.lit(True).alias("_in"))
    parent = pl.col("reply_to_id")
    if "kind" in frame.columns:
        parent = pl.when(pl.col("kind") == "reply").then(parent)
    ptr = (
        frame.select("platform", "post_id", parent.alias("reply_to_id"))
        .unique(subset=["platform", "post_id"])
        .join(
            known.rename({"post_id": "reply_to_id"}),
            on=["platform", "reply_to_id"],
            how="left",
            maintain_order="left",
        )
        .select(
            "platform",
            "post_id",
            pl.when(pl.col("_in") & (pl.col("reply_to_id") != pl.col("post_id")))
            .then(pl.col("reply_to_id"))
            .otherwise(pl.col("post_id"))
            .alias("_up"),
        )
    )
    # pointer jumping: log2(depth) joins
    for _ in range(max_depth.bit_length() + 1):
        nxt = ptr.join(
            ptr.rename({"post_id": "_up", "_up": "_up2"}),
            on=["platform", "_up"],
            how="left",
            maintain_order="left",
        ).with_columns(pl.coalesce("_up2", "_up").alias("_up2"))
        if (nxt["_up2"] == nxt["_up"]).all():
            break
        ptr = nxt.select("platform", "post_id", pl.col("_up2").alias("_up"))
    return (
        frame.join(
            ptr.rename({"_up": "_root"}),
            on=["platform", "post_id"],
            how="left",
            maintain_order="left",
        )
        .with_columns(pl.coalesce("conversation_id", "_root", "post_id").alias("conversation_id"))
        .drop("_root")
    )
