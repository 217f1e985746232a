"""LinkedIn data export zip (2024): Shares.csv, Comments.csv, Profile.csv.

Quirks reproduced from real exports (``shared/formats/...`` section 5): CRLF line
ends; a multi-line ``ShareCommentary`` has each interior line wrapped in quotes
(the decoded value reads ``line1"\\n"line2``); a multi-line comment ``Message``
is written *unquoted*, so its continuation lines stand alone.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from toolkit.samples._fmt import write_zip
from toolkit.samples._model import Item, plain, sql_time


def share_urn(it: Item) -> str:
    return it.id


def _csv(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def write_linkedin(
    path: Path, profile: dict, items: list[Item], *, generated: datetime
) -> tuple[Path, dict]:
    own = [i for i in items if i.where & 1]
    shares = sorted((i for i in own if i.kind == "post"), key=lambda i: i.ts, reverse=True)
    comments = sorted((i for i in own if i.kind == "reply"), key=lambda i: i.ts, reverse=True)
    rows = [["Date", "ShareLink", "ShareCommentary", "SharedURL", "MediaURL", "Visibility"]]
    for it in shares:
        text = plain(it.segs)
        urls = it.urls()
        rows.append(
            [
                sql_time(it.ts),
                f"https://www.linkedin.com/feed/update/{it.id.replace(':', '%3A')}",
                '"\n"'.join(text.split("\n")),
                urls[0] if urls else "",
                "",
                "MEMBER_NETWORK",
            ]
        )
    shares_csv = _csv(rows)
    lines = ["Date,Link,Message\r\n"]
    unquoted = 0
    for it in comments:
        text = plain(it.segs)
        link = f"https://www.linkedin.com/feed/update/{it.parent_id.replace(':', '%3A')}"
        if "\n" in text and "," not in text and '"' not in text:
            # the 2021-2024 exporter writes multi-line messages without quotes
            lines.append(f"{sql_time(it.ts)},{link},{text.replace(chr(10), chr(13) + chr(10))}\r\n")
            unquoted += 1
        else:
            lines.append(_csv([[sql_time(it.ts), link, text]]))
    prof = _csv(
        [
            [
                "First Name",
                "Last Name",
                "Maiden Name",
                "Address",
                "Birth Date",
                "Contact Instructions",
                "Headline",
                "Summary",
                "Industry",
                "Country",
                "Zip Code",
                "Geo Location",
                "Twitter Handles",
                "Websites",
                "Instant Messengers",
            ],
            [
                profile["first"],
                profile["last"],
                "",
                "",
                "",
                "",
                profile["headline"],
                profile["summary"],
                profile["industry"],
                "NO",
                "5003",
                profile["geo"],
                profile["twitter"],
                profile["website"],
                "",
            ],
        ]
    )
    members = [
        ("Shares.csv", shares_csv.encode("utf-8")),
        ("Comments.csv", "".join(lines).encode("utf-8")),
        ("Profile.csv", prof.encode("utf-8")),
    ]
    return write_zip(path, members, generated), {"multiline_unquoted_comments": unquoted}
