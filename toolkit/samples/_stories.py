"""The two stories: a fictional 2012 Senate race and two fictional recruiters.

Each persona is built by one function that returns a :class:`Persona`: its items
per platform, the decisions it took about inbound items, and the parameters that
drove it (reported in ``TRUTH.json``). Personas are built one after another so
that memory stays bounded at large ``--scale``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from toolkit.samples import _text as T
from toolkit.samples._model import (
    CROSSPOST,
    DUPLICATE,
    HOSTILE,
    IN_ARCHIVE,
    IN_COLLECTION,
    PRESS,
    TWITTER_EPOCH_MS,
    Ids,
    Item,
    Picker,
    User,
    Window,
    local_ms,
)
from toolkit.samples._sim import (
    DAY,
    HOUR,
    Decision,
    Rhythm,
    Talk,
    TalkParams,
    daily_counts,
    flag_text,
    hours,
    schedule_flag,
)
from toolkit.samples._text import Composer, Vocab

SENATE_WINDOW = Window(date(2012, 7, 8), date(2012, 11, 6), "America/Chicago")
RECRUIT_WINDOW = Window(date(2023, 3, 1), date(2024, 2, 29), "Europe/Oslo")


@dataclass
class PersonSpec:
    """One entry of accounts.toml."""

    id: str
    name: str
    group: str
    colour: str
    timezone: str
    handles: dict[str, list[str]]
    story: str
    role: str  # the conversationalist, the press-release broadcaster, ...
    summary: str


@dataclass
class Persona:
    spec: PersonSpec
    window: Window
    items: dict[
        str, list[Item]
    ]  # by platform: every item written for this persona (own and others)
    accounts: dict[str, User]  # platform -> studied account
    decisions: dict[str, list[Decision]] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    params: dict[str, dict] = field(default_factory=dict)  # platform -> generating parameters
    broken: dict[str, list[str]] = field(
        default_factory=dict
    )  # platform -> descriptions of broken records
    extra: dict = field(default_factory=dict)


class World:
    """Seeded randomness, ids and the public shared by the personas of one run."""

    def __init__(self, seed: int, scale: float):
        self.seed, self.scale = seed, scale
        self.vocab = Vocab(T.all_lists())
        self.ids = {
            p: Ids(self.rng(f"ids:{p}"))
            for p in ("twitter", "mastodon", "bluesky", "blog", "linkedin")
        }
        self._pools: dict[str, list[User]] = {}

    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}:{name}")

    def n(self, base: float) -> int:
        return max(1, int(round(base * self.scale)))

    # ------------------------------------------------------------------ twitter users
    def twitter_user(
        self,
        rng: random.Random,
        role: str,
        *,
        name: str | None = None,
        handle: str | None = None,
        year: int = 2012,
        weight: float = 1.0,
        **kw,
    ) -> User:
        name = name or T.person_name(rng)
        taken = self._handles()
        h = handle or T.handle_for(name, rng)
        tries = 0
        while h.lower() in taken:
            digits = 3 + tries // 20  # widen the suffix when the short ones run out
            h = h[: 15 - digits] + str(rng.randrange(10 ** (digits - 1), 10**digits))
            tries += 1
        taken.add(h.lower())
        lo = 10**7 if year < 2015 else 10**15
        uid = self.ids["twitter"].number(lo, lo * 100)
        created = int(rng.uniform(1_230_000_000, 1_325_000_000 if year < 2015 else 1_640_000_000))
        return User(
            "twitter",
            h,
            name,
            uid,
            role,
            created=created,
            weight=weight,
            followers=int(rng.paretovariate(1.1) * 40),
            following=int(rng.uniform(20, 900)),
            statuses=int(rng.paretovariate(1.0) * 300),
            **kw,
        )

    def _handles(self) -> set[str]:
        if not hasattr(self, "_taken"):
            self._taken: set[str] = set()
        return self._taken

    def pool(self, key: str, make) -> list[User]:
        if key not in self._pools:
            self._pools[key] = make()
        return self._pools[key]

    def senate_citizens(self) -> list[User]:
        def make():
            rng = self.rng("pool:senate")
            return [
                self.twitter_user(
                    rng,
                    "citizen",
                    weight=min(rng.paretovariate(1.6), 12.0),
                    location=rng.choice(T.SENATE["town"]) + ", AU",
                )
                for _ in range(self.n(520))
            ]

        return self.pool("senate", make)

    def journalists(self) -> list[User]:
        def make():
            rng = self.rng("pool:journalists")
            spec = [
                ("Marta Ibáñez", "MartaIbanezPL", "Politics reporter, Prairie Ledger", 10.0),
                ("Dan Whitfield", "DWhitfieldNews", "Bellhaven Courier, statehouse", 5.0),
                ("Siobhán Kearney", "skearney_adn", "Aurelia Daily Star. Tips welcome", 2.0),
                ("Kwame Okonkwo", "KOkonkwoTV", "KBLV 7 News anchor", 1.0),
                ("Lena Sørensen", "lenasorensen", "Port Amsel Tribune", 0.6),
                ("Hollis Grant", "HollisGrantAP", "Wire reporter covering Aurelia", 0.4),
            ]
            return [
                self.twitter_user(
                    rng, "journalist", name=n, handle=h, description=d, weight=w, verified=True
                )
                for n, h, d, w in spec
            ]

        return self.pool("journalists", make)

    def rival_staff(self) -> list[User]:
        def make():
            rng = self.rng("pool:rivals")
            spec = [
                ("Team Okafor-Ríos", "TeamOkaforRios", 3.0),
                ("Whitcombe Press Office", "WhitcombePress", 2.0),
                ("Ibarra HQ", "IbarraHQ", 1.5),
                ("Aurelia Valley Party", "ValleyPartyAU", 1.0),
            ]
            return [self.twitter_user(rng, "rival", name=n, handle=h, weight=w) for n, h, w in spec]

        return self.pool("rivals", make)

    def allies(self, key: str, spec: list[tuple[str, str]], year: int = 2012) -> list[User]:
        def make():
            rng = self.rng(f"pool:allies:{key}")
            return [self.twitter_user(rng, "ally", name=n, handle=h, year=year) for n, h in spec]

        return self.pool(f"allies:{key}", make)


# --------------------------------------------------------------------------- shared helpers


def _url_maker(rng: random.Random, base: str, section: str, counter: list[int]):
    def make() -> str:
        counter[0] += 1
        return f"{base}/{section}/{counter[0]:04d}-{T.slug(rng.choice(T.SENATE['town']))}"

    return make


def _engagement(rng: random.Random, item: Item, like_mean: float, rt_mean: float) -> None:
    from toolkit.samples._model import negbin

    item.likes = negbin(rng, like_mean, 0.8)
    item.reposts = negbin(rng, rt_mean, 0.7)


def _pick_client(rng: random.Random, mix: dict[str, float]) -> str:
    names = list(mix)
    return rng.choices(names, weights=[mix[n] for n in names], k=1)[0]


def _make_root(
    platform,
    author,
    ts,
    segs,
    *,
    client=None,
    flags=0,
    lang="en",
    where=IN_ARCHIVE | IN_COLLECTION,
    account=None,
    coll=None,
):
    it = Item(
        platform=platform,
        author=author,
        ts=ts,
        segs=segs,
        kind="post",
        client=client,
        flags=flag_text(segs, flags),
        lang=lang,
        where=where,
        account=account or author.key,
    )
    it.root = it
    it.coll = coll
    return it


def _self_reply(
    parent: Item, ts: int, segs, *, client=None, flags=0, where=None, coll=None
) -> Item:
    it = Item(
        platform=parent.platform,
        author=parent.author,
        ts=ts,
        segs=segs,
        kind="reply",
        parent=parent,
        root=parent.root,
        root_id=parent.root_id,
        client=client,
        flags=flag_text(segs, flags),
        where=parent.where if where is None else where,
        account=parent.account,
        lang=parent.lang,
    )
    it.coll = coll
    return it


def _repost(
    platform, author, ts, original: Item, *, client=None, where=IN_ARCHIVE, coll=None
) -> Item:
    segs = (
        ("RT ", ("@", original.author), ": ", *original.segs)
        if platform == "twitter"
        else original.segs
    )
    it = Item(
        platform=platform,
        author=author,
        ts=ts,
        segs=T.merge(list(segs)),
        kind="repost",
        client=client,
        repost_of=original,
        where=where,
        account=author.key,
        lang=original.lang,
        likes=0,
        reposts=0,
    )
    it.root = it
    it.coll = coll
    return it


def _ally_original(
    world: World,
    comp: Composer,
    ally: User,
    ts: int,
    who: str,
    composer_ctx: dict,
    templates: list[str] | None = None,
) -> Item:
    segs = comp.compose(templates or T.ALLY_POSTS, dict(composer_ctx, who=who), limit=110)
    it = Item(platform="twitter", author=ally, ts=ts, segs=segs, kind="post", where=0)
    it.root = it
    it.id = world.ids["twitter"].snowflake(ts)
    it.client = "Twitter for iPhone"
    return it


def _outside_id(world: World, ts_ms: int) -> str:
    return world.ids["twitter"].snowflake(max(ts_ms, TWITTER_EPOCH_MS + 1000))


# --------------------------------------------------------------------------- the conversationalist


def conversationalist(world: World) -> Persona:
    rng = world.rng("dana")
    win = SENATE_WINDOW
    tz = "America/Chicago"
    spec = PersonSpec(
        "okafor_rios",
        "Dana Okafor-Ríos",
        "Valley Party",
        "#0072B2",
        tz,
        {"twitter": ["DanaOkaforRios"], "facebook": ["Dana Okafor-Ríos"]},
        "senate-2012",
        "the conversationalist",
        "Answers most replies within hours, asks questions, talks with many different people, from her phone.",
    )
    me = world.twitter_user(
        rng,
        "studied",
        name="Dana Okafor-Ríos",
        handle="DanaOkaforRios",
        verified=True,
        description="Valley Party candidate for U.S. Senate in Aurelia. Ask me anything. 🌾",
        location="Corliss, Aurelia",
    )
    me.followers, me.statuses = 18_400, 2_950
    rhythm = Rhythm(
        tz,
        hours((8, 0.6), (12, 0.5), (18, 0.6), (20, 0.8), (21, 0.6), base=0.12, night=0.01),
        [1, 1, 1, 1, 1, 0.85, 0.75],
        (0.7, 1.4),
    )
    comp = Composer(world.vocab, rng, limit=140, url_len=20)
    site = "http://www.danaforaurelia.example"
    counter = [0]
    url_news = _url_maker(rng, site, "news", counter)
    url_plan = _url_maker(rng, site, "plans", counter)
    ctx = {"url": url_plan}
    citizens = world.senate_citizens()
    pick = Picker(citizens)
    coll = "senate-twarc2"
    clients_root = {
        "Twitter for iPhone": 0.55,
        "Twitter for Android": 0.25,
        "Twitter Web Client": 0.20,
    }
    clients_answer = {
        "Twitter for iPhone": 0.6,
        "Twitter for Android": 0.3,
        "Twitter Web Client": 0.1,
    }
    p = TalkParams(
        replies_mean=1.7,
        replies_k=1.0,
        public_delay_median_h=0.6,
        public_delay_sigma=1.5,
        p_answer={"citizen": 0.75, "journalist": 0.75, "rival": 0.5},
        answer_median_h=2.0,
        answer_sigma=1.0,
        p_follow={"citizen": 0.35, "journalist": 0.35},
        answer_clients=(list(clients_answer), list(clients_answer.values())),
    )

    def compose_inbound(author: User, parent: Item | None, mode: str):
        c = {"to": me, "url": url_news}
        if rng.random() < 0.06:
            return T.merge(_fill(world, rng, T.CITIZEN_ES, c)), "es"
        tpl = (
            T.CITIZEN_FOLLOW
            if mode == "follow"
            else T.CITIZEN_MENTION
            if mode == "mention"
            else T.CITIZEN_REPLY
        )
        return T.merge(_fill(world, rng, tpl, c)), "en"

    def compose_answer(inbound: Item):
        c = {"to": inbound.author, "url": url_plan}
        if inbound.lang == "es":
            return comp.compose(T.CONV_ANSWER_ES, c), "es"
        return comp.compose(T.CONV_ANSWER, c), "en"

    talk = Talk(
        rng=rng,
        account=me,
        params=p,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=compose_inbound,
        compose_answer=compose_answer,
        pick_public=pick,
        platform="twitter",
        coll=coll,
    )
    tw: list[Item] = []
    roots: list[Item] = []
    for d, n in daily_counts(rng, 2.4, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            segs = comp.compose(CONV_ROOT_T, ctx)
            it = _make_root(
                "twitter", me, ts, segs, client=_pick_client(rng, clients_root), coll=coll
            )
            _engagement(rng, it, 22, 7)
            roots.append(it)
            if rng.random() < 0.05:  # a self-thread: a second tweet a few minutes later
                t2 = ts + int(rng.uniform(60, 420) * 1000)
                s2 = comp.compose(CONV_THREAD_T, {"url": url_plan})
                r2 = _self_reply(it, t2, s2, client=it.client, coll=coll)
                _engagement(rng, r2, 8, 2)
                roots.append(r2)
    # Facebook, with some posts also tweeted by hand a little later
    fb, fb_cross, fb_me = _facebook_persona(
        world,
        rng,
        me_name="Dana Okafor-Ríos",
        rhythm=rhythm,
        win=win,
        rate=1.2,
        comments_rate=1.0,
        other_comments_rate=0.2,
        comp=comp,
        crosspost_share=0.15,
        url=url_news,
        pronoun="her",
        templates=FB_CONV_T,
        answer_templates=FB_ANSWER_T,
    )
    for src, delay in fb_cross:
        it = _make_root(
            "twitter",
            me,
            src.ts + int(delay * 1000),
            src.segs,
            client=_pick_client(rng, clients_root),
            flags=CROSSPOST,
            coll=coll,
        )
        _engagement(rng, it, 22, 7)
        roots.append(it)
    for it in roots:
        tw.append(it)
    for it in sorted(roots, key=lambda x: x.ts):
        talk.grow(it)
    # citizens mention her without replying to a tweet
    for d, n in daily_counts(rng, 0.6, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            talk.mention(pick(rng), ts)
    # replies to her tweets from before the window (parents outside the data)
    old_ids = [
        _outside_id(world, win.start_ms(tz) - int(rng.uniform(1, 60) * DAY * 1000))
        for _ in range(40)
    ]
    for d, n in daily_counts(rng, 0.1, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            talk.orphan_reply(pick(rng), ts, rng.choice(old_ids))
    # her replies to tweets that are not in the collection (deleted or protected)
    for d, n in daily_counts(rng, 0.15, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            other = pick(rng)
            pid = _outside_id(world, ts - int(rng.uniform(600, 7200) * 1000))
            segs = comp.compose(T.CONV_ANSWER, {"to": other, "url": url_plan})
            it = Item(
                platform="twitter",
                author=me,
                ts=ts,
                segs=segs,
                kind="reply",
                parent_id=pid,
                parent_user=other,
                root_id=pid,
                client=_pick_client(rng, clients_answer),
                flags=flag_text(segs),
                where=IN_ARCHIVE | IN_COLLECTION,
                account=me.key,
                coll=coll,
            )
            _engagement(rng, it, 2, 0.2)
            tw.append(it)
    # retweets and a few quotes (archive only: the collection query excludes them)
    allies = world.allies(
        "valley",
        [
            ("Aurelia Farmers Union", "AUFarmersUnion"),
            ("Valley Party of Aurelia", "ValleyPartyAU2"),
            ("Nurses for Dana", "NursesForDana"),
            ("Corliss Young Voters", "CorlissVotes"),
        ],
    )
    for d, n in daily_counts(rng, 0.45, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            ally = rng.choice(allies)
            orig = _ally_original(
                world,
                comp,
                ally,
                ts - int(rng.uniform(300, 20000) * 1000),
                "Dana",
                {"url": url_news},
            )
            tw.append(_repost("twitter", me, ts, orig, client=_pick_client(rng, clients_root)))
    for d, n in daily_counts(rng, 0.08, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            other = pick(rng)
            qid = _outside_id(world, ts - int(rng.uniform(600, 40000) * 1000))
            qurl = f"https://twitter.com/{other.handle}/status/{qid}"
            segs = comp.compose(QUOTE_T, {"url": lambda u=qurl: u})
            it = Item(
                platform="twitter",
                author=me,
                ts=ts,
                segs=segs,
                kind="quote",
                client=_pick_client(rng, clients_root),
                flags=flag_text(segs),
                where=IN_ARCHIVE,
                account=me.key,
            )
            it.root = it
            it.extra = {"quoted_user": other, "quoted_id": qid}
            _engagement(rng, it, 15, 4)
            tw.append(it)
    tw.extend(talk.items)
    persona = Persona(
        spec, win, {"twitter": tw, "facebook": fb}, {"twitter": me, "facebook": fb_me}
    )
    persona.decisions["twitter"] = talk.decisions
    persona.dropped["twitter"] = talk.dropped_after_window
    persona.params["twitter"] = {
        "rates_per_day": {
            "root_posts": 2.4,
            "retweets": 0.45,
            "quotes": 0.08,
            "mentions_by_public": 0.6,
            "replies_to_posts_outside_data": 0.15,
            "public_replies_to_older_posts": 0.1,
        },
        "ramp": "daily rates rise linearly from 0.7x on the first day to 1.4x on election day",
        "self_thread_probability_per_root": 0.05,
        "crosspost_from_facebook_share_of_facebook_posts": 0.15,
        "crosspost_delay": "uniform 5 to 90 minutes after the Facebook post (typed again by hand)",
        **_talk_params(p),
        "client_mix_roots": clients_root,
        "client_mix_answers": clients_answer,
        "scheduled_share": 0.0,
        "tone": "warm: thanks, questions back, first and second person",
        "languages": "English, Spanish answers to Spanish questions (about 6% of public replies are in Spanish)",
    }
    persona.params["facebook"] = {
        "rates_per_day": {
            "posts": 1.2,
            "replies_to_commenters": 1.0,
            "comments_on_others_posts": 0.2,
        },
        "layout": "2024+ Download Your Information (your_facebook_activity/...)",
        "broken_records": "one comment with an empty text and no attachment",
    }
    persona.broken["facebook"] = [
        "a comment with an empty text (no attachment): the loader should skip it"
    ]
    persona.extra["composer_collisions"] = comp.collisions
    return persona


CONV_ROOT_T = T.CONV_ROOTS
CONV_THREAD_T = [
    "And one more thing: {heard}",
    "Part 2: the full plan on {issue} is here {url}",
    "PS: thank you to the volunteers in {town}, you make this campaign {emoji}",
    "Also: {question_open}",
]
QUOTE_T = [
    "This is exactly what I keep hearing in {town}. {url}",
    "Worth a read before {day}'s debate {url}",
    "Yes! {issue_cap} is on the ballot this fall {url}",
    "Thank you for this, it's why we're running {emoji} {url}",
]
FB_CONV_T = [
    "{fb_open} {heard} {fb_close}",
    "We spent {day} in {town} with {group}. {heard} What should I ask in Washington about {issue}?",
    "Thank you, {town}! {crowd} people came to talk about {issue}. Photos: {url}",
    "{question_open} Tell me in the comments, I read them all.",
    "New: our plan for {issue}. Read it and tell me what you'd change: {url}",
    "{day} recap: {town}, {town2} and {town3}. {heard} {emoji}",
]
FB_ANSWER_T = [
    "{thanks} {answer_body} {followup_q}",
    "{$first}, {answer_body} {thanks_short}",
    "Great question. {answer_body}",
    "{thanks} {answer_body}",
]
FB_OTHER_COMMENT_T = [
    "Congratulations to everyone in {town}! {emoji}",
    "Thank you for organising this, see you on {day}.",
    "So proud of the {group} in {town}. {emoji}",
    "Great turnout in {town} tonight, thank you!",
]


def _fill(world: World, rng: random.Random, templates: list[str], ctx: dict) -> list:
    parts: list = []
    world.vocab.fill(rng.choice(templates), rng, ctx, parts)
    return parts


def _talk_params(p: TalkParams) -> dict:
    from toolkit.samples._sim import lognormal_quantile

    return {
        "public_replies_per_root": {
            "distribution": "negative binomial",
            "mean": p.replies_mean,
            "dispersion_k": p.replies_k,
        },
        "public_reply_delay": {
            "distribution": "lognormal",
            "median_hours": p.public_delay_median_h,
            "sigma": p.public_delay_sigma,
            "cap_hours": p.public_delay_cap_h,
            "min_seconds": "20 to 60",
        },
        "p_answer_by_author_role": p.p_answer,
        "answer_delay": {
            "distribution": "lognormal",
            "median_hours": p.answer_median_h,
            "sigma": p.answer_sigma,
            "p90_hours": round(lognormal_quantile(p.answer_median_h, p.answer_sigma, 0.9), 3),
            "min_seconds": 45,
            "night_shift": "answers that would fall between 00:00 and 07:00 local move to 07:00-08:30 local"
            if p.night_shift
            else "none",
        },
        "p_follow_up_after_an_answer_by_role": p.p_follow,
        "max_turn_depth": p.max_depth,
    }


def _fb_user(name: str) -> User:
    return User("facebook", name, name, name, "studied")


def _facebook_persona(
    world,
    rng,
    *,
    me_name,
    rhythm,
    win,
    rate,
    comments_rate,
    other_comments_rate,
    comp,
    crosspost_share,
    url,
    pronoun,
    templates,
    answer_templates,
    tz_ctx=None,
):
    """Facebook posts and the owner's comments; returns (items, [(post, delay_s) to cross-post])."""
    me = _fb_user(me_name)
    items: list[Item] = []
    cross: list[tuple[Item, float]] = []
    used_seconds: set[int] = set()

    def unique_ts(ts: int) -> int:
        while ts // 1000 in used_seconds:
            ts += 1000
        used_seconds.add(ts // 1000)
        return ts

    for d, n in daily_counts(rng, rate, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            tweetable = rng.random() < crosspost_share
            segs = comp.compose(templates, {"url": url}, limit=140 if tweetable else 600)
            it = _make_root(
                "facebook",
                me,
                unique_ts(ts),
                segs,
                where=IN_ARCHIVE,
                flags=CROSSPOST if tweetable else 0,
            )
            it.extra = {
                "title": f"{me_name} updated {pronoun} status."
                if not it.urls()
                else f"{me_name} shared a link."
            }
            items.append(it)
            if tweetable:
                cross.append((it, rng.uniform(300, 5400)))
    for d, n in daily_counts(rng, comments_rate, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            commenter = T.person_name(rng)
            first = commenter.split()[0]
            segs = comp.compose(answer_templates, {"url": url, "first": first})
            if rng.random() < 0.4 and not T.text_of(segs).startswith(first):
                segs = T.merge([commenter + " ", *segs])  # Facebook puts the tagged name in front
            it = Item(
                platform="facebook",
                author=me,
                ts=unique_ts(ts),
                segs=segs,
                kind="reply",
                parent_user=User("facebook", commenter, commenter, commenter, "citizen"),
                flags=flag_text(segs),
                where=IN_ARCHIVE,
                account=me.key,
            )
            it.extra = {"title": f"{me_name} replied to {commenter}'s comment."}
            items.append(it)
    for d, n in daily_counts(rng, other_comments_rate, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            owner = T.person_name(rng)
            segs = comp.compose(FB_OTHER_COMMENT_T, {"url": url})
            it = Item(
                platform="facebook",
                author=me,
                ts=unique_ts(ts),
                segs=segs,
                kind="reply",
                parent_user=User("facebook", owner, owner, owner, "citizen"),
                flags=flag_text(segs),
                where=IN_ARCHIVE,
                account=me.key,
            )
            it.extra = {"title": f"{me_name} commented on {owner}'s post."}
            items.append(it)
    return items, cross, me


# --------------------------------------------------------------------------- the press-release broadcaster


def broadcaster(world: World) -> Persona:
    rng = world.rng("whitcombe")
    win = SENATE_WINDOW
    tz = "America/Chicago"
    spec = PersonSpec(
        "whitcombe",
        "Sen. Eleanor Whitcombe",
        "Harbor Party",
        "#D55E00",
        tz,
        {"twitter": ["SenWhitcombe"]},
        "senate-2012",
        "the press-release broadcaster",
        "Statements and announcements linking to the Senate site, third person, scheduled on the hour; almost never answers.",
    )
    me = world.twitter_user(
        rng,
        "studied",
        name="Senator Eleanor Whitcombe",
        handle="SenWhitcombe",
        verified=True,
        description="Official account of U.S. Senator Eleanor Whitcombe (Aurelia). RT ≠ endorsement.",
        location="Washington, DC / Bellhaven",
    )
    me.followers, me.statuses = 41_200, 6_480
    rhythm = Rhythm(
        tz,
        hours((9, 0.8), (11, 0.6), (14, 0.6), (16, 0.4), base=0.06, night=0.002),
        [1, 1, 1, 1, 1, 0.3, 0.2],
        (0.9, 1.2),
    )
    comp = Composer(world.vocab, rng, limit=140, url_len=20)
    counter = [0]
    url_press = _url_maker(
        rng, "http://www.whitcombe.senate.example", "news/press-releases", counter
    )
    ctx = {"url": url_press}
    pick = Picker(world.senate_citizens())
    coll = "senate-twarc2"
    sched_clients = {"HootSuite": 0.7, "Buffer": 0.3}
    manual_clients = {"Twitter Web Client": 0.7, "Twitter for iPad": 0.3}
    p = TalkParams(
        replies_mean=1.1,
        replies_k=0.8,
        public_delay_median_h=0.8,
        public_delay_sigma=1.6,
        p_answer={"citizen": 0.02, "journalist": 0.02, "rival": 0.0},
        answer_median_h=20.0,
        answer_sigma=1.0,
        p_follow={"citizen": 0.2},
        answer_clients=(list(manual_clients), list(manual_clients.values())),
    )

    def compose_inbound(author, parent, mode):
        c = {"to": me, "url": url_press}
        tpl = (
            T.CITIZEN_FOLLOW
            if mode == "follow"
            else T.CITIZEN_MENTION
            if mode == "mention"
            else T.CITIZEN_REPLY
        )
        return T.merge(_fill(world, rng, tpl, c)), "en"

    def compose_answer(inbound):
        return comp.compose(T.PRESS_ANSWER, {"to": inbound.author, "url": url_press}), "en"

    talk = Talk(
        rng=rng,
        account=me,
        params=p,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=compose_inbound,
        compose_answer=compose_answer,
        pick_public=pick,
        platform="twitter",
        coll=coll,
    )
    roots: list[Item] = []
    sched_rhythm = Rhythm(
        tz,
        [0] * 8 + [1.0, 1.2, 1.0, 0.8, 0.6, 0.8, 1.0, 0.8, 0.6, 0.3] + [0] * 6,
        rhythm.weekdays,
        rhythm.ramp,
    )
    for d, n in daily_counts(rng, 4.5, rhythm, win, world.scale):
        n_sched = sum(1 for _ in range(n) if rng.random() < 0.85)
        times = sched_rhythm.times(
            d, n_sched, rng, scheduled=1.0, slots=(0, 0, 0, 30)
        ) + rhythm.times(d, n - n_sched, rng)
        for ts, sched in times:
            segs = comp.compose(T.PRESS_ROOTS, ctx)
            client = _pick_client(rng, sched_clients if sched else manual_clients)
            it = _make_root(
                "twitter",
                me,
                ts,
                segs,
                client=client,
                flags=PRESS | schedule_flag(sched),
                coll=coll,
            )
            _engagement(rng, it, 9, 6)
            roots.append(it)
            if rng.random() < 0.04:
                s2 = comp.compose(T.PRESS_THREAD, ctx)
                r2 = _self_reply(
                    it,
                    ts + (60_000 if sched else int(rng.uniform(40, 200) * 1000)),
                    s2,
                    client=client,
                    flags=PRESS | schedule_flag(sched),
                    coll=coll,
                )
                _engagement(rng, r2, 2, 1)
                roots.append(r2)
    for it in sorted(roots, key=lambda x: x.ts):
        talk.grow(it)
    for d, n in daily_counts(rng, 0.5, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            talk.mention(pick(rng), ts)
    old_ids = [
        _outside_id(world, win.start_ms(tz) - int(rng.uniform(1, 90) * DAY * 1000))
        for _ in range(30)
    ]
    for d, n in daily_counts(rng, 0.05, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            talk.orphan_reply(pick(rng), ts, rng.choice(old_ids))
    tw = list(roots)
    allies = world.allies(
        "harbor",
        [
            ("USDA Aurelia", "USDA_Aurelia"),
            ("Harbor Party of Aurelia", "HarborPartyAU"),
            ("Aurelia Chamber of Commerce", "AUChamber"),
        ],
    )
    for d, n in daily_counts(rng, 0.15, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            orig = _ally_original(
                world,
                comp,
                rng.choice(allies),
                ts - int(rng.uniform(600, 30000) * 1000),
                "Senator Whitcombe",
                {"url": url_press},
            )
            tw.append(_repost("twitter", me, ts, orig, client=_pick_client(rng, manual_clients)))
    tw.extend(talk.items)
    persona = Persona(spec, win, {"twitter": tw}, {"twitter": me})
    persona.decisions["twitter"] = talk.decisions
    persona.dropped["twitter"] = talk.dropped_after_window
    persona.params["twitter"] = {
        "rates_per_day": {
            "root_posts": 4.5,
            "retweets": 0.15,
            "mentions_by_public": 0.5,
            "public_replies_to_older_posts": 0.05,
        },
        "weekday_factors_mon_to_sun": rhythm.weekdays,
        "ramp": "daily rates rise linearly from 0.9x to 1.2x",
        "scheduled_share_of_root_posts": 0.85,
        "schedule": "scheduled posts at hh:00 (3/4) or hh:30 (1/4), seconds 0, between 08:00 and 17:59 local",
        "self_thread_probability_per_root": 0.04,
        **_talk_params(p),
        "client_mix_scheduled": sched_clients,
        "client_mix_manual": manual_clients,
        "press_release_share_of_root_posts": 1.0,
        "tone": "formal, third-person self reference ('Senator Whitcombe announces'), no questions",
    }
    persona.extra["composer_collisions"] = comp.collisions
    return persona


# --------------------------------------------------------------------------- the feed


def feed(world: World) -> Persona:
    rng = world.rng("ibarra")
    win = SENATE_WINDOW
    tz = "America/Denver"
    spec = PersonSpec(
        "ibarra",
        "Tomás Ibarra",
        "Independent",
        "#009E73",
        tz,
        {"twitter": ["TomasIbarra2012"], "facebook": ["Tomás Ibarra"]},
        "senate-2012",
        "the feed",
        "RSS and auto-posting clients, link-only headlines, Facebook posts cross-posted to Twitter within minutes.",
    )
    me = world.twitter_user(
        rng,
        "studied",
        name="Tomás Ibarra",
        handle="TomasIbarra2012",
        description="Independent for U.S. Senate. Aurelia first. News from the campaign.",
        location="Port Amsel, Aurelia",
    )
    me.followers, me.statuses = 6_900, 1_400
    rhythm = Rhythm(
        tz,
        hours((7, 0.5), (10, 0.5), (13, 0.5), (17, 0.5), base=0.15, night=0.05),
        [1, 1, 1, 1, 1, 0.9, 0.9],
        (0.9, 1.2),
    )
    comp = Composer(world.vocab, rng, limit=140, url_len=20)
    counter = [0]
    url_site = _url_maker(rng, "http://ibarraforaurelia.example", "2012", counter)
    news_counter = [0]
    url_news = _url_maker(rng, "http://www.prairieledger.example", "politics", news_counter)
    pick = Picker(world.senate_citizens())
    coll = "senate-twarc2"
    p = TalkParams(
        replies_mean=0.6,
        replies_k=0.7,
        public_delay_median_h=1.0,
        public_delay_sigma=1.6,
        p_answer={"citizen": 0.08, "journalist": 0.2},
        answer_median_h=9.0,
        answer_sigma=1.3,
        p_follow={"citizen": 0.2},
        answer_clients=(["Twitter for iPhone"], [1.0]),
    )

    def compose_inbound(author, parent, mode):
        c = {"to": me, "url": url_news}
        tpl = (
            T.CITIZEN_FOLLOW
            if mode == "follow"
            else T.CITIZEN_MENTION
            if mode == "mention"
            else T.CITIZEN_REPLY
        )
        return T.merge(_fill(world, rng, tpl, c)), "en"

    def compose_answer(inbound):
        return comp.compose(T.FEED_ANSWER, {"to": inbound.author, "url": url_site}), "en"

    talk = Talk(
        rng=rng,
        account=me,
        params=p,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=compose_inbound,
        compose_answer=compose_answer,
        pick_public=pick,
        platform="twitter",
        coll=coll,
    )
    fbu = _fb_user("Tomás Ibarra")
    fb: list[Item] = []
    tw: list[Item] = []
    used_seconds: set[int] = set()

    def fb_ts(ts):
        while ts // 1000 in used_seconds:
            ts += 1000
        used_seconds.add(ts // 1000)
        return ts

    def fb_item(ts, segs, flags=0):
        it = _make_root("facebook", fbu, fb_ts(ts), segs, where=IN_ARCHIVE, flags=flags)
        it.extra = {
            "title": "Tomás Ibarra shared a link."
            if it.urls()
            else "Tomás Ibarra updated his status."
        }
        fb.append(it)
        return it

    def tw_item(ts, segs, client, flags=0):
        it = _make_root("twitter", me, ts, segs, client=client, flags=flags, coll=coll)
        _engagement(rng, it, 3, 1.5)
        tw.append(it)
        return it

    for d, n in daily_counts(
        rng, 0.9, rhythm, win, world.scale
    ):  # Facebook statuses, cross-posted by the Facebook app
        for ts, _ in rhythm.times(d, n, rng):
            segs = comp.compose(T.FEED_FB_STATUS, {"url": url_site}, limit=140)
            src = fb_item(ts, segs, CROSSPOST)
            tw_item(src.ts + int(rng.uniform(40, 240) * 1000), segs, "Facebook", CROSSPOST)
    for d, n in daily_counts(
        rng, 1.0, rhythm, win, world.scale
    ):  # dlvr.it posts the RSS item to both
        for ts, _ in rhythm.times(d, n, rng):
            segs = comp.compose(HEADLINE_T, {"url": url_site})
            fb_item(ts + int(rng.uniform(0, 90) * 1000), segs, CROSSPOST)
            tw_item(ts, segs, "dlvr.it", CROSSPOST)
    for d, n in daily_counts(rng, 0.5, rhythm, win, world.scale):  # links shared on Facebook only
        for ts, _ in rhythm.times(d, n, rng):
            fb_item(ts, comp.compose(HEADLINE_T, {"url": url_news}))
    feed_posts: list[Item] = []
    for d, n in daily_counts(
        rng, 1.2, rhythm, win, world.scale
    ):  # twitterfeed: RSS headlines on Twitter only
        for ts, _ in rhythm.times(d, n, rng):
            feed_posts.append(
                tw_item(ts, comp.compose(HEADLINE_T, {"url": url_news}), "twitterfeed")
            )
    end = win.end_ms(tz)
    for src in list(feed_posts):  # twitterfeed re-posts an old item now and then
        if rng.random() < 0.12:
            ts = src.ts + int(rng.uniform(1, 3) * DAY * 1000)
            if ts <= end:
                src.flags |= DUPLICATE
                tw_item(ts, src.segs, "twitterfeed", DUPLICATE)
    roots = sorted(tw, key=lambda x: x.ts)
    for it in roots:
        talk.grow(it)
    for d, n in daily_counts(rng, 0.2, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            talk.mention(pick(rng), ts)
    # Facebook comments: a few answers to commenters
    for d, n in daily_counts(rng, 0.1, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            commenter = T.person_name(rng)
            segs = comp.compose(FB_FEED_ANSWER_T, {"url": url_site})
            it = Item(
                platform="facebook",
                author=fbu,
                ts=fb_ts(ts),
                segs=segs,
                kind="reply",
                parent_user=User("facebook", commenter, commenter, commenter, "citizen"),
                flags=flag_text(segs),
                where=IN_ARCHIVE,
                account=fbu.key,
            )
            it.extra = {"title": f"Tomás Ibarra replied to {commenter}'s comment."}
            fb.append(it)
    # a few retweets of supporters' links (the legacy tweets.csv repeats their expanded_urls)
    allies = world.allies(
        "ibarra",
        [("Independents for Aurelia", "IndieAurelia"), ("Port Amsel Voters", "PortAmselVotes")],
    )
    for d, n in daily_counts(rng, 0.12, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            orig = _ally_original(
                world,
                comp,
                rng.choice(allies),
                ts - int(rng.uniform(600, 20000) * 1000),
                "Ibarra",
                {"url": url_site},
                templates=FEED_ALLY_T,
            )
            tw.append(_repost("twitter", me, ts, orig, client="Twitter for iPhone"))
    tw.extend(talk.items)
    persona = Persona(spec, win, {"twitter": tw, "facebook": fb}, {"twitter": me, "facebook": fbu})
    persona.decisions["twitter"] = talk.decisions
    persona.dropped["twitter"] = talk.dropped_after_window
    persona.params["twitter"] = {
        "rates_per_day": {
            "retweets_of_supporters": 0.12,
            "facebook_statuses_crossposted_by_the_facebook_app": 0.9,
            "dlvr_it_headlines_to_both": 1.0,
            "twitterfeed_headlines": 1.2,
            "mentions_by_public": 0.2,
        },
        "crosspost_delay": "Facebook app: 40 to 240 s after the Facebook post; dlvr.it: Facebook copy 0 to 90 s after the tweet",
        "twitterfeed_repeat_probability": 0.12,
        "twitterfeed_repeat_delay": "1 to 3 days, identical text and link",
        **_talk_params(p),
        "client_mix": {
            "Facebook": "every cross-posted Facebook status",
            "dlvr.it": "RSS items to both platforms",
            "twitterfeed": "RSS items to Twitter only",
            "Twitter for iPhone": "the rare answers",
        },
        "tone": "neutral headlines, no questions",
    }
    persona.params["facebook"] = {
        "rates_per_day": {
            "statuses": 0.9,
            "dlvr_it_headlines": 1.0,
            "links_shared_facebook_only": 0.5,
            "replies_to_commenters": 0.1,
        },
        "layout": "Download Your Information up to 2022 (posts/your_posts_1.json, comments/comments.json)",
    }
    persona.extra["composer_collisions"] = comp.collisions
    return persona


FEED_ALLY_T = [
    "{$who} gets it on {issue}. {url}",
    "Volunteers needed in {town} this {day}! {url}",
    "Why we back {$who} in {town}: {url}",
]
HEADLINE_T = [h + " {url}" for h in T.FEED_HEADLINES]
FB_FEED_ANSWER_T = [
    "Thank you! {thanks_body}",
    "Thanks for writing. {thanks_body}",
    "Appreciate it. {thanks_body}",
]


# --------------------------------------------------------------------------- the sparring partner


def sparring(world: World) -> Persona:
    rng = world.rng("dunleavy")
    win = SENATE_WINDOW
    tz = "America/Denver"
    spec = PersonSpec(
        "dunleavy",
        "Rex Dunleavy",
        "Frontier Party",
        "#CC79A7",
        tz,
        {"twitter": ["RexDunleavy"]},
        "senate-2012",
        "the sparring partner",
        "Replies often, but mostly to a few journalists and rival campaigns, in a hostile tone; few ordinary citizens.",
    )
    me = world.twitter_user(
        rng,
        "studied",
        name="Rex Dunleavy",
        handle="RexDunleavy",
        description="Frontier Party. Businessman. Fighter. Not a politician.",
        location="Wyeth, Aurelia",
    )
    me.followers, me.statuses = 12_100, 4_020
    rhythm = Rhythm(
        tz,
        hours((6, 0.7), (12, 0.4), (22, 0.8), (23, 0.6), base=0.14, night=0.04),
        [1, 1, 1, 1, 1, 1, 0.9],
        (0.8, 1.3),
    )
    comp = Composer(world.vocab, rng, limit=140, url_len=20)
    counter = [0]
    url_site = _url_maker(rng, "http://www.rexforaurelia.example", "truth", counter)
    citizens = world.senate_citizens()
    journalists = world.journalists()
    rivals = world.rival_staff()
    pick = Picker(citizens)
    pick_j = Picker(journalists)
    pick_r = Picker(rivals)
    coll = "senate-v1"
    clients = {"Twitter for BlackBerry®": 0.5, "Twitter Web Client": 0.35, "Twitter for iPad": 0.15}
    p = TalkParams(
        replies_mean=1.2,
        replies_k=0.9,
        public_delay_median_h=0.5,
        public_delay_sigma=1.5,
        p_answer={"citizen": 0.06, "journalist": 0.8, "rival": 0.85},
        answer_median_h=0.7,
        answer_sigma=1.2,
        p_follow={"citizen": 0.2, "journalist": 0.5, "rival": 0.4},
        answer_clients=(list(clients), list(clients.values())),
    )

    def compose_inbound(author, parent, mode):
        c = {"to": me, "url": url_site}
        if author.role == "journalist":
            tpl = T.JOURNALIST_FOLLOW if mode == "follow" else T.JOURNALIST_MENTION
        elif author.role == "rival":
            tpl = T.RIVAL_MENTION
        else:
            tpl = (
                T.CITIZEN_FOLLOW
                if mode == "follow"
                else T.CITIZEN_MENTION
                if mode == "mention"
                else T.CITIZEN_REPLY
            )
        return T.merge(_fill(world, rng, tpl, c)), "en"

    def compose_answer(inbound):
        tpl = (
            T.SPAR_CITIZEN_REPLY + T.SPAR_REPLY
            if inbound.author.role == "citizen"
            else T.SPAR_REPLY
        )
        return comp.compose(tpl, {"to": inbound.author, "url": url_site}), "en"

    talk = Talk(
        rng=rng,
        account=me,
        params=p,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=compose_inbound,
        compose_answer=compose_answer,
        pick_public=pick,
        platform="twitter",
        where_own=IN_COLLECTION,
        coll=coll,
    )
    roots: list[Item] = []
    for d, n in daily_counts(rng, 2.0, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            segs = comp.compose(T.SPAR_ROOTS, {"url": url_site})
            it = _make_root(
                "twitter",
                me,
                ts,
                segs,
                client=_pick_client(rng, clients),
                flags=HOSTILE,
                where=IN_COLLECTION,
                coll=coll,
            )
            _engagement(rng, it, 14, 8)
            roots.append(it)
    for it in roots:
        talk.grow(it)
    for d, n in daily_counts(rng, 1.2, rhythm, win, world.scale):  # journalists ask him directly
        for ts, _ in rhythm.times(d, n, rng):
            talk.mention(pick_j(rng), ts)
    for d, n in daily_counts(
        rng, 0.8, rhythm, win, world.scale
    ):  # rival campaigns' staff needle him
        for ts, _ in rhythm.times(d, n, rng):
            talk.mention(pick_r(rng), ts)
    tw = list(roots)
    for d, n in daily_counts(
        rng, 0.8, rhythm, win, world.scale
    ):  # he jumps on journalists' tweets (not collected)
        for ts, _ in rhythm.times(d, n, rng):
            other = pick_j(rng) if rng.random() < 0.8 else pick_r(rng)
            pid = _outside_id(world, ts - int(rng.uniform(300, 10000) * 1000))
            segs = comp.compose(T.SPAR_REPLY, {"to": other, "url": url_site})
            it = Item(
                platform="twitter",
                author=me,
                ts=ts,
                segs=segs,
                kind="reply",
                parent_id=pid,
                parent_user=other,
                root_id=pid,
                client=_pick_client(rng, clients),
                flags=flag_text(segs, HOSTILE),
                where=IN_COLLECTION,
                account=me.key,
                coll=coll,
            )
            _engagement(rng, it, 6, 2)
            tw.append(it)
    allies = world.allies(
        "frontier",
        [
            ("Frontier Party Aurelia", "FrontierAU"),
            ("Aurelia Taxpayers League", "AUTaxpayers"),
            ("Wyeth Patriots", "WyethPatriots"),
        ],
    )
    for d, n in daily_counts(rng, 0.6, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            orig = _ally_original(
                world,
                comp,
                rng.choice(allies),
                ts - int(rng.uniform(300, 20000) * 1000),
                "Rex",
                {"url": url_site},
            )
            rt = _repost(
                "twitter",
                me,
                ts,
                orig,
                client=_pick_client(rng, clients),
                where=IN_COLLECTION,
                coll=coll,
            )
            tw.append(rt)
    for it in talk.items:
        if it.author is me:
            it.flags |= HOSTILE
    tw.extend(talk.items)
    persona = Persona(spec, win, {"twitter": tw}, {"twitter": me})
    persona.decisions["twitter"] = talk.decisions
    persona.dropped["twitter"] = talk.dropped_after_window
    persona.params["twitter"] = {
        "rates_per_day": {
            "root_posts": 2.0,
            "retweets": 0.6,
            "journalist_mentions": 1.2,
            "rival_staff_mentions": 0.8,
            "replies_to_tweets_outside_data": 0.8,
        },
        "journalists": {
            u.handle: round(u.weight / sum(j.weight for j in journalists), 3) for u in journalists
        },
        "rival_staff": {
            u.handle: round(u.weight / sum(r.weight for r in rivals), 3) for u in rivals
        },
        **_talk_params(p),
        "client_mix": clients,
        "tone": "hostile: 'Wrong.', 'False.', 'Shameful.', 'Pathetic.' (negative VADER words)",
        "collection": "API v1.1 JSONL (own tweets, the mentions and the replies around them), two stream 'limit' notices",
    }
    persona.broken["twitter"] = ["two stream 'limit' notices in the v1.1 file (not tweets)"]
    persona.extra["composer_collisions"] = comp.collisions
    return persona


# --------------------------------------------------------------------------- the careers inbox


def careers(world: World) -> Persona:
    rng = world.rng("fjordlicht")
    win = RECRUIT_WINDOW
    tz = "Europe/Oslo"
    spec = PersonSpec(
        "fjordlicht",
        "Fjordlicht Systems (careers)",
        "Energy software",
        "#E69F00",
        tz,
        {"twitter": ["FjordlichtJobs"], "linkedin": ["Fjordlicht Careers"]},
        "recruiting",
        "the careers inbox",
        "Job ads on LinkedIn and Twitter from a scheduler; never answers applicants' questions.",
    )
    me = world.twitter_user(
        rng,
        "studied",
        name="Fjordlicht Careers",
        handle="FjordlichtJobs",
        year=2023,
        description="Jobs at Fjordlicht Systems: software for a renewable grid. Bergen · Oslo · Tromsø",
        location="Bergen, Norway",
    )
    me.followers, me.statuses = 2_310, 1_120
    me.created = 1_420_000_000
    rhythm = Rhythm(
        tz,
        hours((9, 0.9), (14, 0.6), base=0.05, night=0.0),
        [1, 1, 1, 1, 1, 0.05, 0.02],
        (1.0, 1.0),
    )
    sched = Rhythm(
        tz, [0] * 9 + [1.2, 0.2, 0.1, 0.1, 0.3, 0.9, 0.2] + [0] * 8, rhythm.weekdays, (1.0, 1.0)
    )
    comp = Composer(world.vocab, rng, limit=280, url_len=23)
    counter = [0]

    def url_job():
        counter[0] += 1
        return f"https://careers.fjordlicht.example/jobs/{2300 + counter[0]}"

    def url_news():
        counter[0] += 1
        return f"https://fjordlicht.example/news/{counter[0]:04d}"

    def make_applicants() -> list[User]:
        r = world.rng("pool:applicants")
        return [
            world.twitter_user(r, "applicant", year=2023, weight=r.paretovariate(2.0))
            for _ in range(world.n(260))
        ]

    applicants = world.pool("applicants", make_applicants)
    pick = Picker(applicants)
    coll = "recruit-twarc2"
    sched_clients = {"Hootsuite Inc.": 0.75, "Sprout Social": 0.25}
    p = TalkParams(
        replies_mean=0.5,
        replies_k=0.8,
        public_delay_median_h=3.0,
        public_delay_sigma=1.4,
        p_answer={"applicant": 0.0},
        answer_median_h=24,
        answer_sigma=1.0,
        p_follow={},
    )

    def compose_inbound(author, parent, mode):
        return T.merge(_fill(world, rng, T.APPLICANT_Q, {"to": me, "url": url_job})), "en"

    talk = Talk(
        rng=rng,
        account=me,
        params=p,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=compose_inbound,
        compose_answer=lambda i: ((), "en"),
        pick_public=pick,
        platform="twitter",
        coll=coll,
    )
    li_user = User(
        "linkedin", "Fjordlicht Careers", "Fjordlicht Careers", "fjordlicht-careers", "studied"
    )
    tw: list[Item] = []
    li: list[Item] = []
    for d, n in daily_counts(rng, 1.2, rhythm, win, world.scale):
        for ts, is_sched in sched.times(d, n, rng, scheduled=0.9, slots=(0, 0, 30)):
            segs = comp.compose(T.JOB_ADS, {"url": url_job})
            where = rng.random()
            client = _pick_client(rng, sched_clients) if is_sched else "Twitter Web App"
            flags = schedule_flag(is_sched)
            if where < 0.8:  # both platforms, from the same scheduler run
                flags |= CROSSPOST
            if where < 0.9:
                it = _make_root("twitter", me, ts, segs, client=client, flags=flags, coll=coll)
                _engagement(rng, it, 4, 2)
                tw.append(it)
            if where < 0.8 or where >= 0.9:
                lt = _make_root(
                    "linkedin",
                    li_user,
                    ts + (rng.randrange(0, 3) * 1000 if not is_sched else 0),
                    segs,
                    where=IN_ARCHIVE,
                    flags=flags,
                )
                li.append(lt)
    for d, n in daily_counts(
        rng, 0.25, rhythm, win, world.scale
    ):  # employer branding, LinkedIn only
        for ts, _ in rhythm.times(d, n, rng):
            segs = comp.compose(T.BRANDING, {"url": url_job}, limit=1500)
            li.append(_make_root("linkedin", li_user, ts, segs, where=IN_ARCHIVE))
    n_comments = 0
    for d, n in daily_counts(rng, 0.05, rhythm, win, world.scale):  # comments on partners' posts
        for ts, _ in rhythm.times(d, n, rng):
            tpl = T.PARTNER_COMMENTS_MULTILINE if n_comments % 7 == 0 else T.PARTNER_COMMENTS
            n_comments += 1
            segs = comp.compose(tpl, {"url": url_job}, limit=600)
            it = Item(
                platform="linkedin",
                author=li_user,
                ts=ts,
                segs=segs,
                kind="reply",
                parent_id=f"urn:li:activity:{world.ids['linkedin'].number(7_000_000_000_000_000_000, 7_200_000_000_000_000_000)}",
                flags=flag_text(segs),
                where=IN_ARCHIVE,
                account=li_user.key,
            )
            li.append(it)
    for it in sorted(tw, key=lambda x: x.ts):
        talk.grow(it)
    for d, n in daily_counts(rng, 0.15, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            talk.mention(pick(rng), ts)
    company = world.allies("fjordlicht", [("Fjordlicht Systems", "FjordlichtAS")], year=2023)
    for d, n in daily_counts(rng, 0.15, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            orig = _ally_original(
                world,
                comp,
                company[0],
                ts - int(rng.uniform(600, 9000) * 1000),
                "Fjordlicht",
                {"url": url_news},
                templates=T.COMPANY_POSTS,
            )
            tw.append(_repost("twitter", me, ts, orig, client="Twitter Web App"))
    tw.extend(talk.items)
    persona = Persona(
        spec, win, {"twitter": tw, "linkedin": li}, {"twitter": me, "linkedin": li_user}
    )
    persona.decisions["twitter"] = talk.decisions
    persona.dropped["twitter"] = talk.dropped_after_window
    persona.params["twitter"] = {
        "rates_per_day": {
            "job_ads_weekdays": 1.2,
            "retweets_of_company": 0.15,
            "mentions_by_applicants": 0.15,
        },
        "job_ad_platforms": "80% both LinkedIn and Twitter (same text, same scheduler run), 10% Twitter only, 10% LinkedIn only",
        "scheduled_share": 0.9,
        "schedule": "09:00, 09:30, 14:00 ... local, seconds 0",
        **_talk_params(p),
        "client_mix_scheduled": sched_clients,
        "client_mix_manual": {"Twitter Web App": 1.0},
        "tone": "job-ad style, hashtags, no questions",
    }
    persona.params["linkedin"] = {
        "rates_per_day": {
            "job_ads": "as on Twitter",
            "employer_branding_posts": 0.25,
            "comments_on_partner_posts": 0.05,
        },
        "export": "LinkedIn data export 2024 (Shares.csv with the multi-line quirk, Comments.csv with an unquoted multi-line message, Profile.csv)",
    }
    persona.extra["composer_collisions"] = comp.collisions
    return persona


# --------------------------------------------------------------------------- the friendly recruiter


def friendly(world: World) -> Persona:
    rng = world.rng("kestrel")
    win = RECRUIT_WINDOW
    tz = "Europe/Berlin"
    zone = ZoneInfo(tz)
    host = "social.kestrel-lune.example"
    did = "did:plc:" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24))
    bsky_handle = "maelle.kestrel-lune.example"
    spec = PersonSpec(
        "kestrel_lune",
        "Kestrel & Lune Analytics (Maëlle Dubois-Kowalczyk)",
        "Data analytics",
        "#56B4E9",
        tz,
        {"blog": ["maelle"], "mastodon": [f"maelle@{host}"], "bluesky": [bsky_handle, did]},
        "recruiting",
        "the friendly recruiter",
        "Chats about anything, answers blog comments and replies on Mastodon and Bluesky.",
    )
    rhythm = Rhythm(
        tz,
        hours((8, 0.5), (12, 0.6), (17, 0.5), (21, 0.5), base=0.14, night=0.01),
        [1, 1, 1, 1, 0.9, 0.5, 0.4],
        (1.0, 1.0),
    )
    masto_me = User(
        "mastodon",
        f"maelle@{host}",
        "Maëlle Dubois-Kowalczyk 🌿",
        f"https://{host}/users/maelle",
        "studied",
    )
    bsky_me = User("bluesky", bsky_handle, "Maëlle Dubois-Kowalczyk", did, "studied")
    blog_me = User("blog", "maelle", "Maëlle Dubois-Kowalczyk", "maelle", "studied")
    # one composer for all her platforms: her texts differ everywhere unless cross-posted on purpose
    comp_m = comp_b = comp_w = Composer(world.vocab, rng, limit=500, url_len=30)
    counter = [0]

    def url_k():
        counter[0] += 1
        return f"https://kestrel-lune.example/careers/{counter[0]:03d}"

    blog_counter = [0]

    def url_blog():
        blog_counter[0] += 1
        return f"https://blog.kestrel-lune.example/{2023 + blog_counter[0] // 20}/{blog_counter[0]:02d}/hiring-notes"

    # the public on each platform
    hosts = ["fedi.example", "toot.example", "data.social.example", "norden.example", host]

    def fedi_pool():
        r = world.rng("pool:fedi")
        out, seen = [], set()
        for _ in range(world.n(160)):
            name = T.person_name(r)
            h = (
                T.ascii_fold(name.split()[0]).lower()
                + r.choice(["", "_"])
                + T.ascii_fold(name.split()[-1]).lower().replace("'", "")[:6]
            )
            hh = r.choice(hosts)
            while f"{h}@{hh}" in seen:  # handles are unique on an instance
                h += str(r.randrange(10))
            seen.add(f"{h}@{hh}")
            out.append(
                User(
                    "mastodon",
                    f"{h}@{hh}",
                    name,
                    f"https://{hh}/users/{h}",
                    "peer",
                    weight=min(r.paretovariate(1.6), 12.0),
                )
            )
        return out

    def bsky_pool():
        r = world.rng("pool:bsky")
        out, seen = [], set()
        for _ in range(world.n(160)):
            name = T.person_name(r)
            base = T.ascii_fold(name).lower().replace(" ", "").replace("'", "")[:14]
            while base + ".bsky.example" in seen:  # a handle names one DID
                base += str(r.randrange(10))
            h = base + ".bsky.example"
            seen.add(h)
            d = "did:plc:" + "".join(
                r.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(24)
            )
            out.append(User("bluesky", h, name, d, "peer", weight=min(r.paretovariate(1.6), 12.0)))
        return out

    fedi = world.pool("fedi", fedi_pool)
    bsky = world.pool("bsky", bsky_pool)
    pick_f, pick_b = Picker(fedi), Picker(bsky)
    items_m: list[Item] = []
    items_b: list[Item] = []
    items_w: list[Item] = []

    # -- Mastodon (archive: her own posts only)
    cross_to_bsky: list[Item] = []
    for d, n in daily_counts(rng, 0.8, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            if rng.random() < 0.15:
                segs, lang = comp_m.compose(["{de_post}"], {"url": url_k}), "de"
            else:
                segs, lang = comp_m.compose(T.FRIENDLY_ROOTS, {"url": url_k}, limit=290), "en"
            it = _make_root("mastodon", masto_me, ts, segs, lang=lang, where=IN_ARCHIVE)
            items_m.append(it)
            if lang == "en" and rng.random() < 0.3:
                it.flags |= CROSSPOST
                cross_to_bsky.append(it)
            if rng.random() < 0.05:
                s2 = comp_m.compose(
                    [
                        "Update: {reply_mid} {emoji}",
                        "Also: {question_k} {reply_tail}",
                        "PS: {reply_mid} {reply_tail}",
                    ],
                    {"url": url_k},
                )
                items_m.append(_self_reply(it, ts + int(rng.uniform(120, 3000) * 1000), s2))
    for d, n in daily_counts(rng, 1.2, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            other = pick_f(rng)
            pid = f"{other.uid}/statuses/{world.ids['mastodon'].mastodon(ts - int(rng.uniform(300, 20000) * 1000))}"
            segs = comp_m.compose(T.FRIENDLY_REPLY + T.FRIENDLY_ANSWER, {"to": other, "url": url_k})
            items_m.append(
                Item(
                    platform="mastodon",
                    author=masto_me,
                    ts=ts,
                    segs=segs,
                    kind="reply",
                    parent_id=pid,
                    parent_user=other,
                    root_id=pid,
                    flags=flag_text(segs),
                    where=IN_ARCHIVE,
                    account=masto_me.key,
                )
            )
    for d, n in daily_counts(rng, 0.4, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            other = pick_f(rng)
            orig = Item(
                platform="mastodon",
                author=other,
                ts=ts - int(rng.uniform(300, 40000) * 1000),
                segs=T.merge(_fill(world, rng, T.PEER_POSTS, {"url": url_k})),
                where=0,
            )
            orig.id = f"{other.uid}/statuses/{world.ids['mastodon'].mastodon(orig.ts)}"
            items_m.append(_repost("mastodon", masto_me, ts, orig))

    # -- Bluesky (CAR: her records; AppView thread views: a few threads with replies)
    def bsky_root(ts, segs, flags=0, lang="en"):
        it = _make_root("bluesky", bsky_me, ts, segs, where=IN_ARCHIVE, flags=flags, lang=lang)
        items_b.append(it)
        return it

    bsky_roots: list[Item] = []
    for src in cross_to_bsky:
        bsky_roots.append(bsky_root(src.ts + int(rng.uniform(20, 600) * 1000), src.segs, CROSSPOST))
    for d, n in daily_counts(rng, 0.4, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            bsky_roots.append(
                bsky_root(ts, comp_b.compose(T.FRIENDLY_ROOTS, {"url": url_k}, limit=280))
            )
    for d, n in daily_counts(rng, 0.6, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            other = pick_b(rng)
            rkey = world.ids["bluesky"].tid(ts - int(rng.uniform(300, 20000) * 1000))
            pid = f"at://{other.uid}/app.bsky.feed.post/{rkey}"
            segs = comp_b.compose(
                T.FRIENDLY_REPLY + T.FRIENDLY_ANSWER, {"to": other, "url": url_k}, limit=280
            )
            items_b.append(
                Item(
                    platform="bluesky",
                    author=bsky_me,
                    ts=ts,
                    segs=segs,
                    kind="reply",
                    parent_id=pid,
                    parent_user=other,
                    root_id=pid,
                    flags=flag_text(segs),
                    where=IN_ARCHIVE,
                    account=bsky_me.key,
                )
            )
    for d, n in daily_counts(rng, 0.3, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            other = pick_b(rng)
            orig = Item(
                platform="bluesky",
                author=other,
                ts=ts - int(rng.uniform(300, 40000) * 1000),
                segs=T.merge(_fill(world, rng, T.PEER_POSTS, {"url": url_k})),
                where=0,
            )
            orig.id = f"at://{other.uid}/app.bsky.feed.post/{world.ids['bluesky'].tid(orig.ts)}"
            items_b.append(_repost("bluesky", bsky_me, ts, orig))
    # threads with replies, seen through the AppView (getPostThread), for a dozen of her posts
    p_b = TalkParams(
        replies_mean=4.0,
        replies_k=1.5,
        public_delay_median_h=1.5,
        public_delay_sigma=1.3,
        p_answer={"peer": 0.85},
        answer_median_h=1.5,
        answer_sigma=1.1,
        p_follow={"peer": 0.3},
    )

    def inbound_b(author, parent, mode):
        tpl = ["{@} {visitor_follow}"] if mode == "follow" else T.PEER_REPLY
        return T.merge(_fill(world, rng, tpl, {"to": bsky_me, "url": url_k})), "en"

    talk_b = Talk(
        rng=rng,
        account=bsky_me,
        params=p_b,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=inbound_b,
        compose_answer=lambda i: (
            comp_b.compose(T.FRIENDLY_ANSWER, {"to": i.author, "url": url_k}, limit=280),
            "en",
        ),
        pick_public=pick_b,
        platform="bluesky",
        where_own=IN_ARCHIVE | IN_COLLECTION,
    )
    n_threads = min(len(bsky_roots), world.n(12))
    threaded = rng.sample(sorted(bsky_roots, key=lambda x: x.ts), n_threads) if n_threads else []
    for it in sorted(threaded, key=lambda x: x.ts):
        it.where |= IN_COLLECTION
        talk_b.grow(it)
    items_b.extend(talk_b.items)
    likes = world.n(0.6 * win.days)
    follows = world.n(40)

    # -- the WordPress blog
    p_w = TalkParams(
        replies_mean=5.0,
        replies_k=1.2,
        public_delay_median_h=10.0,
        public_delay_sigma=1.5,
        public_delay_cap_h=24 * 20,
        p_answer={"visitor": 0.9},
        answer_median_h=5.0,
        answer_sigma=1.0,
        p_follow={"visitor": 0.3},
    )
    visitors = world.pool(
        "visitors",
        lambda: [
            User("blog", n, n, n, "visitor", weight=world.rng(f"v{n}").paretovariate(2.0))
            for n in sorted({T.person_name(world.rng(f"visitor{i}")) for i in range(world.n(140))})
        ],
    )
    pick_v = Picker(visitors)

    def inbound_w(author, parent, mode):
        tpl = (
            ["{visitor_follow}", "{visitor_follow} {visitor_q}"]
            if mode == "follow"
            else ["{visitor_open} {visitor_q}", "{visitor_q}", "{visitor_open}"]
        )
        return T.merge(_fill(world, rng, tpl, {"url": url_blog})), "en"

    def answer_w(inbound):
        first = inbound.author.name.split()[0]
        return T.merge(
            [
                f"Hi {first}, ",
                *comp_w.compose(["{answer_k}", "{answer_k} {reply_tail}"], {"url": url_k}),
            ]
        ), "en"

    talk_w = Talk(
        rng=rng,
        account=blog_me,
        params=p_w,
        rhythm=rhythm,
        window_end_ms=win.end_ms(tz),
        compose_inbound=inbound_w,
        compose_answer=answer_w,
        pick_public=pick_v,
        platform="blog",
        where_public=IN_ARCHIVE,
        where_own=IN_ARCHIVE,
    )
    for d, n in daily_counts(rng, 2 * 12 / 366, rhythm, win, world.scale):
        for ts, _ in rhythm.times(d, n, rng):
            title = rng.choice(T.FRIENDLY["blog_title"])
            ctx = {"url": url_k}
            for attempt in range(12):
                paras = rng.sample(T.BLOG_PARAGRAPHS, 4)
                body: list = []
                for para in paras:
                    parts: list = []
                    world.vocab.fill(para, rng, ctx, parts)
                    body.append("".join(x if isinstance(x, str) else x[1] for x in parts))
                if attempt == 11:  # many posts (large --scale): a numbered series keeps them apart
                    body.append(f"(Part {len(items_w) + 1} of our hiring notes.)")
                segs = ("\n\n".join(body),)
                if T.norm_loose(segs[0]) not in comp_w.seen:
                    break
            comp_w.reserve(segs)
            it = _make_root("blog", blog_me, ts, segs, where=IN_ARCHIVE)
            it.extra = {"title": title}
            items_w.append(it)
            talk_w.grow(it)
    items_w.extend(talk_w.items)
    persona = Persona(
        spec,
        win,
        {"mastodon": items_m, "bluesky": items_b, "blog": items_w},
        {"mastodon": masto_me, "bluesky": bsky_me, "blog": blog_me},
    )
    persona.decisions = {"bluesky": talk_b.decisions, "blog": talk_w.decisions}
    persona.dropped = {"bluesky": talk_b.dropped_after_window, "blog": talk_w.dropped_after_window}
    persona.params["mastodon"] = {
        "rates_per_day": {"posts": 0.8, "replies_to_others_posts": 1.2, "boosts": 0.4},
        "self_thread_probability_per_post": 0.05,
        "german_share_of_posts": 0.15,
        "crosspost_to_bluesky_share_of_english_posts": 0.3,
        "note": "the archive holds her own posts only: responsiveness cannot be measured on Mastodon",
    }
    persona.params["bluesky"] = {
        "rates_per_day": {
            "posts": 0.4,
            "replies_to_others_posts": 0.6,
            "reposts": 0.3,
            "likes": 0.6,
        },
        "crossposts": "30% of her English Mastodon posts, 20 s to 10 min later",
        "threads_in_appview_json": n_threads,
        **_talk_params(p_b),
        "note": "replies from others exist only in the AppView thread views; response metrics cover those threads",
    }
    persona.params["blog"] = {
        "rates_per_day": {"blog_posts": round(2 * 12 / 366, 4)},
        **_talk_params(p_w),
        "export": "WordPress WXR 1.2 with threaded comments; one draft and two attachment items (not posts)",
    }
    persona.extra["bluesky_counts"] = {"likes": likes, "follows": follows}
    persona.extra["bluesky_threads"] = [it for it in sorted(threaded, key=lambda x: x.ts)]
    persona.extra["composer_collisions"] = comp_m.collisions
    persona.extra["zone"] = zone
    return persona


PERSONAS = {
    "senate-2012": [conversationalist, broadcaster, feed, sparring],
    "recruiting": [careers, friendly],
}

__all__ = [
    "PERSONAS",
    "Persona",
    "PersonSpec",
    "RECRUIT_WINDOW",
    "SENATE_WINDOW",
    "World",
    "HOUR",
    "local_ms",
]
