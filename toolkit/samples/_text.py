"""Texts of the fictional world: vocabularies, templates with many slots, names.

A template is a string with ``{slot}`` placeholders. A slot names a vocabulary
list (entries may contain further slots), or one of the special slots:

``{@}``        a mention of the person addressed (``ctx["to"]``)
``{@name}``    a mention of ``ctx[name]`` (a :class:`~toolkit.samples._model.User`)
``{#name}``    a hashtag drawn from vocabulary ``name`` (or the literal tag after ``#=``)
``{url}``      a link made by ``ctx["url"]()``
``{$name}``    the literal string ``ctx[name]``

:class:`Composer` fills templates into segments and keeps every text of one
person distinct (see :func:`norm_loose`), so that a repeat is always deliberate.
"""

from __future__ import annotations

import random
import re
import unicodedata

# --------------------------------------------------------------------------- normalisation

_STRIP = re.compile(r"https?://\S+|@[\w.@-]*|[^\w@]+", re.UNICODE)


def norm_exact(text: str) -> str:
    """Light normalisation: lower case, whitespace collapsed."""
    return " ".join(text.lower().split())


def norm_loose(text: str) -> str:
    """Aggressive normalisation: no URLs, no mentions, no punctuation or emoji, lower case.

    Two texts of one person that differ under this normalisation differ under any
    reasonable duplicate detector; the generator keeps non-duplicates apart this way.

    Examples
    --------
    >>> norm_loose("Thanks @Bob_1! See https://x.example/a?b=1 🎉")
    'thanks see'
    """
    t = text if text.isascii() else unicodedata.normalize("NFKC", text)
    return " ".join(_STRIP.sub(" ", t.lower()).split())


# --------------------------------------------------------------------------- templates

_SLOT = re.compile(r"\{([^{}]*)\}")
_MULTI_SPACE = re.compile(r"[ \t]{2,}")
_SPACE_PUNCT = re.compile(r" +([,.!?:;])")


def _compile(template: str) -> list:
    parts, pos = [], 0
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            parts.append(template[pos : m.start()])
        parts.append((m.group(1),))
        pos = m.end()
    if pos < len(template):
        parts.append(template[pos:])
    return parts


class Vocab:
    """Vocabulary lists and compiled templates."""

    def __init__(self, lists: dict[str, list[str]]):
        self.lists = lists
        self._compiled: dict[str, list] = {}

    def compiled(self, template: str) -> list:
        c = self._compiled.get(template)
        if c is None:
            c = self._compiled[template] = _compile(template)
        return c

    def fill(self, template: str, rng: random.Random, ctx: dict, out: list, depth: int = 0) -> None:
        for part in self.compiled(template):
            if isinstance(part, str):
                out.append(part)
                continue
            name = part[0]
            if name == "@":
                out.append(("@", ctx["to"]))
            elif name.startswith("@"):
                out.append(("@", ctx[name[1:]]))
            elif name.startswith("#="):
                out.append(("#", name[2:]))
            elif name.startswith("#"):
                out.append(("#", rng.choice(self.lists[name[1:]])))
            elif name == "url":
                out.append(("u", ctx["url"]()))
            elif name.startswith("$"):
                out.append(str(ctx[name[1:]]))
            else:
                choice = rng.choice(self.lists[name])
                if depth < 6 and "{" in choice:
                    self.fill(choice, rng, ctx, out, depth + 1)
                else:
                    out.append(choice)


def merge(parts: list) -> tuple:
    """Join adjacent strings, tidy spaces, drop empty pieces."""
    out: list = []
    for p in parts:
        if isinstance(p, str):
            if not p:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += p
            else:
                out.append(p)
        else:
            out.append(p)
    cleaned = []
    last = len(out) - 1
    for i, p in enumerate(out):
        if isinstance(p, str):
            if "  " in p or "\t" in p:
                p = _MULTI_SPACE.sub(" ", p)
            if i and " " in p and _SPACE_PUNCT.search(p):
                p = _SPACE_PUNCT.sub(r"\1", p)
            if i == 0:
                p = p.lstrip()
            if i == last:
                p = p.rstrip()
            if p:
                cleaned.append(p)
        else:
            cleaned.append(p)
    return tuple(cleaned)


def text_of(segs: tuple) -> str:
    out = []
    for s in segs:
        if isinstance(s, str):
            out.append(s)
        elif s[0] == "@":
            out.append("@" + s[1].handle)
        elif s[0] == "#":
            out.append("#" + s[1])
        else:
            out.append(s[1])
    return "".join(out)


class Composer:
    """Fills templates for one person and keeps their texts distinct."""

    def __init__(self, vocab: Vocab, rng: random.Random, *, limit: int = 280, url_len: int = 23):
        self.vocab, self.rng = vocab, rng
        self.seen: set[str] = set()
        self.limit, self.url_len = limit, url_len
        self.collisions = 0

    def length(self, segs: tuple) -> int:
        n = 0
        for s in segs:
            if isinstance(s, str):
                n += len(s)
            elif s[0] == "@":
                n += 1 + len(s[1].handle)
            elif s[0] == "#":
                n += 1 + len(s[1])
            else:
                n += self.url_len
        return n

    def compose(
        self, templates: list[str], ctx: dict, *, unique: bool = True, limit: int | None = None
    ) -> tuple:
        """Fill one of ``templates``; retry until the text is new for this person.

        When the templates run out of new combinations (large ``--scale``), fewer
        retries are made and the text gets a counter in brackets, which keeps it
        distinct; :attr:`collisions` counts those texts.
        """
        limit = limit or self.limit
        best = None
        tries = 40 if self.collisions < 20 else 6
        for _ in range(tries):
            parts: list = []
            self.vocab.fill(self.rng.choice(templates), self.rng, ctx, parts)
            segs = merge(parts)
            if self.length(segs) > limit:
                continue
            best = segs
            if not unique:
                return segs
            key = norm_loose(text_of(segs))
            if key and key not in self.seen:
                self.seen.add(key)
                return segs
        if best is None:  # every draw was too long: accept the first template's text
            parts = []
            self.vocab.fill(templates[0], self.rng, ctx, parts)
            best = merge(parts)
        self.collisions += 1
        while True:
            tail = f" ({self.collisions})"
            if isinstance(best[-1], str):
                candidate = (*best[:-1], best[-1] + tail)
            else:
                candidate = (*best, tail)
            key = norm_loose(text_of(candidate))
            if key not in self.seen:
                self.seen.add(key)
                return candidate
            self.collisions += 1

    def reserve(self, segs: tuple) -> None:
        """Mark a text as used (a deliberate repeat elsewhere does not count as a collision)."""
        self.seen.add(norm_loose(text_of(segs)))


def slug(words: str, n: int = 6) -> str:
    t = unicodedata.normalize("NFKD", words)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return "-".join(t.split("-")[:n]) or "post"


def ascii_fold(s: str) -> str:
    t = unicodedata.normalize("NFKD", s)
    t = t.replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    t = t.replace("æ", "ae").replace("đ", "d").replace("ı", "i")
    return "".join(c for c in t if not unicodedata.combining(c) and c.isascii())


# --------------------------------------------------------------------------- names

FIRST_NAMES = [
    "Ava",
    "Ben",
    "Carla",
    "Dev",
    "Eli",
    "Fatima",
    "Gus",
    "Hana",
    "Ike",
    "Jolene",
    "Kai",
    "Lena",
    "Marco",
    "Nia",
    "Owen",
    "Priya",
    "Quinn",
    "Rosa",
    "Sam",
    "Tess",
    "Uriel",
    "Vera",
    "Wes",
    "Ximena",
    "Yusuf",
    "Zoë",
    "José",
    "Chloé",
    "Björn",
    "Siobhán",
    "Łukasz",
    "François",
    "Inés",
    "Renée",
    "Søren",
    "Dagný",
    "Ngozi",
    "Mateo",
    "Anaïs",
    "Thảo",
    "Jürgen",
    "Ciarán",
    "Malik",
    "Harper",
    "Dolores",
    "Ezra",
    "Maribel",
    "Tomasz",
    "Aisling",
    "Rafael",
    "Greta",
    "Hollis",
    "Juniper",
    "Kwame",
    "Lucía",
    "Minh",
    "Noor",
    "Odette",
    "Pádraig",
    "Raúl",
    "Saoirse",
    "Tobias",
    "Wren",
    "Amara",
    "Bo",
    "Cyrus",
    "Delphine",
    "Emre",
    "Farid",
    "Gemma",
    "Hugo",
    "Ilse",
    "Jonas",
]
LAST_NAMES = [
    "Abbott",
    "Baker",
    "Castillo",
    "Dvořák",
    "Ellison",
    "Fischer",
    "García",
    "Haugen",
    "Ibáñez",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Müller",
    "Nguyễn",
    "O'Brien",
    "Pérez",
    "Quintero",
    "Rasmussen",
    "Schäfer",
    "Tanaka",
    "Underwood",
    "Vásquez",
    "Whitfield",
    "Yıldız",
    "Zieliński",
    "Ó Súilleabháin",
    "Brennan",
    "Chávez",
    "Delacroix",
    "Eriksen",
    "Friedman",
    "Gallagher",
    "Hernández",
    "Iversen",
    "Jovanović",
    "Kim",
    "Lefèvre",
    "Moreau",
    "Novák",
    "Okonkwo",
    "Petrov",
    "Ruiz",
    "Sørensen",
    "Thibodeaux",
    "Urbina",
    "Villanueva",
    "Wójcik",
    "Xu",
    "Yamamoto",
    "Zapata",
    "Ahlström",
    "Beaulieu",
    "Çelik",
    "Duarte",
    "Esposito",
    "Fontaine",
    "Grünewald",
    "Holm",
    "Ivanova",
    "Jaramillo",
    "Keller",
]

EMOJI_WARM = ["👍", "🙏", "💪", "❤️", "🎉", "😊", "👏", "🌾", "☀️", "🙌", "✨", "🤝"]
EMOJI_COLD = ["😡", "🙄", "🤦", "👎", "😤", "🤡"]


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def handle_for(name: str, rng: random.Random, *, max_len: int = 15) -> str:
    first, _, last = name.partition(" ")
    first, last = ascii_fold(first), ascii_fold(last).replace("'", "").replace(" ", "")
    style = rng.randrange(6)
    if style == 0:
        h = first + last
    elif style == 1:
        h = first.lower() + "_" + last.lower()
    elif style == 2:
        h = first[0] + last + str(rng.randrange(10, 99))
    elif style == 3:
        h = last.lower() + first[:2].lower() + str(rng.randrange(1, 9999))
    elif style == 4:
        h = first + "_" + str(rng.randrange(1960, 2005))
    else:
        h = rng.choice(["the", "real", "its", "just", "mr", "ms"]) + first + last[:3]
    h = re.sub(r"[^A-Za-z0-9_]", "", h)
    return h[:max_len] or f"user{rng.randrange(10**6)}"


# --------------------------------------------------------------------------- the Senate race

SENATE = {
    "town": [
        "Bellhaven",
        "Corliss",
        "Port Amsel",
        "Verity Falls",
        "Cañon Spur",
        "Saint-Rémy",
        "Østervik",
        "Little Oxbow",
        "Kaskaskia Bend",
        "Marais-des-Cygnes",
        "Harlan Junction",
        "Dry Creek",
        "New Tromsø",
        "Piñon Flats",
        "Gilead",
        "Ruthven",
        "Sauk Landing",
        "Bois Brûlé",
        "Mercy Hollow",
        "Lake Ondine",
        "Fort Calloway",
        "Tecumseh Crossing",
        "Albion",
        "Wyeth",
        "Cold Spring",
        "Vallée Bleue",
    ],
    "issue": [
        "the farm bill",
        "rural broadband",
        "water rights",
        "the Medicare gap",
        "veterans' care",
        "grain prices",
        "the wind corridor",
        "school funding",
        "the Route 9 bridge",
        "rail service",
        "small-business loans",
        "student debt",
        "the hospital closures",
        "childcare costs",
        "the aquifer",
        "property taxes",
        "crop insurance",
        "the VA clinic backlog",
        "meatpacking jobs",
        "the river levees",
        "prescription prices",
        "teacher pay",
        "the ethanol mandate",
        "highway 14",
    ],
    "group": [
        "nurses",
        "corn growers",
        "small-business owners",
        "teachers",
        "veterans",
        "students",
        "union electricians",
        "ranchers",
        "librarians",
        "firefighters",
        "truckers",
        "grain co-op members",
        "retirees",
        "young parents",
        "dairy farmers",
        "bus drivers",
        "clinic volunteers",
        "ag students",
    ],
    "place": [
        "the grain elevator",
        "the VFW hall",
        "a diner on Main Street",
        "the county fairgrounds",
        "the community college",
        "the feed store",
        "a kitchen table",
        "the library",
        "the union hall",
        "the farmers market",
        "a church basement",
        "the high school gym",
        "the co-op office",
    ],
    "time_str": ["7:30", "9 am", "noon", "2 pm", "5:30", "6 pm", "7 pm", "8:15"],
    "day": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "emoji": EMOJI_WARM + ["", "", "", "", ""],
    "emoji_cold": EMOJI_COLD + ["", "", ""],
    "tag": [
        "AureliaSen",
        "AureliaSen",
        "AureliaSen",
        "Vote2012",
        "farmbill",
        "broadband",
        "jobs",
        "GOTV",
        "debate",
        "VetsCare",
    ],
    "tag_ask": ["AskDana", "AureliaSen", "AskDana"],
    "crowd": ["40", "65", "120", "200", "300", "a packed room of", "standing-room-only", "90"],
}

CONV_ROOTS = [
    "Great conversation with {group} in {town} this morning. {issue_cap} came up again and again. {emoji}",
    "What's the one thing Washington gets wrong about {issue}? Tell me, I read every reply. {#tag_ask}",
    "Just left {place} in {town}. {heard} {emoji}",
    "Heading to {town} for a town hall at {time_str}. Come say hi and bring your questions! {#tag}",
    "Our plan for {issue}, in plain words: {url} What would you change?",
    "Thank you, {town}! {crowd} people came out tonight to talk about {issue}. {emoji} {#tag}",
    "Question for {group}: {question_open}",
    "Met {first_name} in {town} today, who told me: \"{citizen_quote}\" That's why I'm running.",
    "{day} in {town}: coffee with {group}, then {place}. Who else should I visit? {emoji}",
    "You asked, so here's where I stand on {issue}: {url} Keep the questions coming {#tag_ask}",
    "Long day on the road: {town}, {town2}, {town3}. Thanks to everyone who stopped us to talk. {emoji}",
    "If you could ask the next senator one question about {issue}, what would it be? {#tag_ask}",
    "Read this piece on {issue} and tell me if it matches what you see at home: {url}",
    "Live Q&A tonight at {time_str} about {issue}. Reply with your questions now and I'll answer as many as I can {#tag_ask}",
]
CONV_QUESTION_OPEN = [
    "how has {issue} changed your work in the last four years?",
    "what would help you most: lower {cost} or better {service}?",
    "is {issue} getting better or worse where you live?",
    "what should I ask for first if I get a seat on the {committee} committee?",
    "where do you see {issue} hurting {town} the most?",
]
SENATE_EXTRA = {
    "issue_cap": [
        "Broadband",
        "Water",
        "Grain prices",
        "The bridge",
        "Childcare",
        "Health care",
        "The VA backlog",
        "School funding",
        "Rail service",
    ],
    "heard": [
        "Folks here want {issue} fixed, not talked about.",
        "Heard a lot about {issue} and {issue2}.",
        "Three generations at one table, one worry: {issue}.",
        "Nobody asked about polls. Everybody asked about {issue}.",
    ],
    "issue2": [
        "the farm bill",
        "broadband",
        "water",
        "the bridge",
        "childcare",
        "prices at the pump",
        "the clinic",
    ],
    "cost": [
        "premiums",
        "fuel costs",
        "tuition",
        "rent",
        "seed prices",
        "property taxes",
        "drug prices",
    ],
    "service": [
        "clinics",
        "broadband",
        "bus service",
        "schools",
        "roads",
        "VA care",
        "rail service",
    ],
    "committee": ["Agriculture", "Commerce", "Veterans' Affairs", "Appropriations", "Energy"],
    "first_name": [n for n in FIRST_NAMES],
    "citizen_quote": [
        "I drive 70 miles to see a doctor",
        "my son can't do homework without going to the library for Wi-Fi",
        "we sold the herd last spring",
        "the bridge has been closed since March",
        "I work two jobs and still can't afford childcare",
        "the VA lost my paperwork twice",
        "our well went dry in August",
    ],
    "town2": SENATE["town"],
    "town3": SENATE["town"],
}

CITIZEN_REPLY = [
    "{@} {support_open} {support_body} {emoji}",
    "{@} {q_open} {citizen_question}",
    "{@} {crit_open} {crit_body}",
    "{@} {q_open} {citizen_question} {#tag}",
    "{@} {support_open} My family in {town} {family_story}.",
    "{@} {citizen_question} {crit_tail}",
]
CITIZEN_MENTION = [
    "{@} {q_open} {citizen_question}",
    "Hey {@}, {citizen_question_lc} {#tag}",
    "{@} {support_open} See you in {town} on {day}! {emoji}",
    "{@} {crit_open} {crit_body} {#tag}",
    "Has {@} said anything about {issue}? {crit_tail}",
]
CITIZEN_FOLLOW = [
    "{@} {follow_open} {follow_body}",
    "{@} {follow_open} {citizen_question}",
    "{@} {follow_thanks} {emoji}",
]
CITIZEN_ES = [
    "{@} ¿Qué va a hacer con {issue_es}? En {town} nadie nos escucha.",
    "{@} Gracias por venir a {town}. ¿Habrá apoyo para {issue_es}?",
    "{@} Mi familia en {town} necesita respuestas sobre {issue_es}.",
]
CITIZEN_EXTRA = {
    "support_open": [
        "Thank you!",
        "Love this.",
        "So glad you came by.",
        "Finally someone listening.",
        "This is great.",
        "Count me in.",
        "Yes!",
        "Proud to vote for you.",
    ],
    "support_body": [
        "{issue_cap} matters so much out here.",
        "We need more of this in {town}.",
        "My whole family is voting in {town}.",
        "The {place} event was packed.",
        "Keep talking about {issue}.",
        "Bring this to {town} next!",
    ],
    "q_open": [
        "Quick question:",
        "Honest question:",
        "Serious question,",
        "Wondering,",
        "Can you explain",
        "So",
        "",
    ],
    "citizen_question": [
        "what exactly would you do about {issue}?",
        "will you vote for the {bill} bill?",
        "how do you pay for the {issue} plan?",
        "when are you coming to {town}?",
        "where do you stand on {issue}?",
        "would you support {policy}?",
        "what about {issue} in {town}?",
        "is there a plan for {group}?",
        "do you take money from {donor}?",
        "how will you fix {issue} without raising taxes?",
    ],
    "citizen_question_lc": [
        "what's your plan for {issue}?",
        "are you coming to {town} before the election?",
        "will you debate on {issue}?",
        "where's the plan for {group}?",
    ],
    "crit_open": [
        "Not convinced.",
        "Sorry, but",
        "Talk is cheap.",
        "Nope.",
        "I don't buy it.",
        "Hmm.",
        "Really?",
    ],
    "crit_body": [
        "What about {issue}?",
        "{issue_cap} has been broken for years and nobody fixes it.",
        "You haven't said a word about {issue}.",
        "Show us the numbers on {issue}.",
        "Where were you when {town} lost its clinic?",
    ],
    "crit_tail": [
        "Still waiting.",
        "Asking for {town}.",
        "Nobody answers this.",
        "",
        "Serious question.",
    ],
    "family_story": [
        "has waited two years for {issue} to be fixed",
        "drives an hour for {service}",
        "lost the farm in 2009",
        "still has no broadband",
        "can't afford {cost}",
    ],
    "follow_open": [
        "Thanks for answering!",
        "Appreciate the reply.",
        "Fair enough, but",
        "OK, and",
        "Good to know.",
        "Thank you.",
    ],
    "follow_body": [
        "what about {issue2}?",
        "will that help {town}?",
        "how soon?",
        "who pays for it?",
        "I'll be at the {place} event.",
    ],
    "follow_thanks": [
        "That's a real answer, thank you.",
        "Thanks for taking the time.",
        "Didn't expect a reply, thanks!",
        "OK, you have my vote.",
    ],
    "bill": ["farm", "jobs", "broadband", "water", "highway", "VA reform"],
    "policy": [
        "a cap on insulin prices",
        "repairing the Route 9 bridge",
        "more VA clinics",
        "a broadband grant fund",
        "lower interest on student loans",
    ],
    "donor": ["the big meatpackers", "oil companies", "Wall Street", "out-of-state PACs"],
    "issue_es": [
        "el agua",
        "la clínica",
        "los precios del grano",
        "la escuela",
        "el puente de la Ruta 9",
    ],
}

CONV_ANSWER = [
    "{@} {thanks} {answer_body} {followup_q}",
    "{@} {answer_body} {thanks_short} {emoji}",
    "{@} Great question. {answer_body}",
    "{@} {thanks} {answer_body} More here: {url}",
    "{@} You're right to ask. {answer_body} {followup_q}",
    "{@} {answer_body} Let's talk in {town} on {day}?",
]
CONV_ANSWER_ES = [
    "{@} ¡Gracias! {answer_es} ¿Nos vemos en {town}?",
    "{@} Buena pregunta. {answer_es}",
]
CONV_EXTRA = {
    "thanks": [
        "Thanks for asking!",
        "Thank you,",
        "Thanks for this.",
        "Appreciate you.",
        "Thanks!",
        "Good to hear from you.",
    ],
    "thanks_short": ["Thanks!", "Thank you.", "Appreciate it.", "Keep asking!"],
    "answer_body": [
        "I'd {plan_verb} {plan_object}.",
        "My plan {plan_verb_s} {plan_object}, starting in {town}.",
        "I want to {plan_verb} {plan_object} in the first year.",
        "We {plan_verb} {plan_object} and pay for it by {payfor}.",
        "Yes, and I'd {plan_verb} {plan_object} too.",
        "Honestly, {honest}.",
    ],
    "plan_verb": [
        "fight to fund",
        "expand",
        "protect",
        "fix",
        "reopen",
        "cap",
        "speed up",
        "bring back",
    ],
    "plan_verb_s": ["funds", "expands", "protects", "fixes", "reopens", "caps", "speeds up"],
    "plan_object": [
        "rural clinics",
        "the broadband grants",
        "crop insurance",
        "the Route 9 bridge repair",
        "VA appointments",
        "teacher pay",
        "the water compact",
        "loans for small farms",
        "the rail line to {town}",
        "childcare credits",
        "insulin prices",
        "the aquifer protections",
    ],
    "payfor": [
        "closing the carried-interest loophole",
        "ending subsidies for big agribusiness",
        "cutting no-bid contracts",
    ],
    "honest": [
        "I don't have every answer on {issue} yet, but I'll find out and come back to you",
        "that one is hard, and anyone who says otherwise isn't being straight with you",
        "we won't fix {issue} in one term, but we can start",
    ],
    "followup_q": [
        "What do you think?",
        "Does that help?",
        "What am I missing?",
        "Would that work for you?",
        "How's it looking in {town}?",
        "",
    ],
    "answer_es": [
        "Vamos a luchar por {issue_es}.",
        "Mi plan protege {issue_es} para las familias de {town}.",
        "Estoy trabajando en {issue_es}, y quiero escuchar más.",
    ],
}

PRESS_ROOTS = [
    "Senator Whitcombe announces {amount} {grant_type} for {project} in {town} {url}",
    "STATEMENT: Senator Whitcombe on {news_event} {url}",
    "Senator Whitcombe {applauds} {agency} decision on {issue} {url}",
    "TODAY: Senator Whitcombe {visits} {place} in {town} at {time_str}. {#tag}",
    "PHOTOS: Senator Whitcombe {photo_event} in {town} {url}",
    "Senator Whitcombe introduces the {bill_name} Act to {bill_purpose} {url}",
    "Senator Whitcombe's office announces {office_notice} in {town} on {day} {url}",
    'Senator Whitcombe: "{senator_quote}" {url}',
    "NEWS RELEASE: Whitcombe secures {amount} for {project} {url}",
    'Senator Whitcombe statement on {news_event}: "{senator_quote}" {url}',
    "READ: Senator Whitcombe's op-ed on {issue} in the {paper} {url}",
    "Senator Whitcombe to hold {office_notice} in {town} this {day}. Details: {url} {#tag}",
]
PRESS_EXTRA = {
    "amount": [
        "$1.2M",
        "$450,000",
        "$3.8 million",
        "$900K",
        "$2.5M",
        "$12 million",
        "$675,000",
        "$5.1M",
        "$240,000",
        "$7.3 million",
    ],
    "grant_type": [
        "in federal grants",
        "in USDA funding",
        "in transportation funds",
        "in water infrastructure grants",
        "for broadband expansion",
        "in FEMA assistance",
    ],
    "project": [
        "the water treatment plant",
        "the Route 9 bridge",
        "rural broadband",
        "the regional airport",
        "the community health center",
        "the levee repair",
        "the rail spur",
        "the VA clinic",
        "the grain terminal",
        "school safety upgrades",
        "the wastewater lagoon",
        "the fire station",
    ],
    "news_event": [
        "today's jobs report",
        "the drought disaster declaration",
        "the farm bill vote",
        "the Supreme Court ruling",
        "the passing of Judge Albrecht",
        "the flood damage in {town}",
        "the VA inspector general report",
        "the highway bill",
        "the plant closure in {town}",
        "National Farmers Day",
        "Veterans Day ceremonies",
    ],
    "applauds": ["applauds", "welcomes", "praises", "responds to"],
    "agency": [
        "USDA",
        "FEMA",
        "the Department of Transportation",
        "the Army Corps of Engineers",
        "the FCC",
        "the VA",
    ],
    "visits": [
        "tours",
        "visits",
        "speaks at",
        "meets with staff at",
        "holds a listening session at",
    ],
    "photo_event": [
        "meets with 4-H members",
        "breaks ground on the new clinic",
        "tours flood damage",
        "honors local veterans",
        "visits the county fair",
    ],
    "bill_name": [
        "Rural Broadband Access",
        "Aquifer Protection",
        "Family Farm Credit",
        "Veterans Clinic Access",
        "Bridge Safety",
        "Small Town Hospitals",
    ],
    "bill_purpose": [
        "protect family farms",
        "expand rural broadband",
        "speed up VA appointments",
        "repair rural bridges",
        "keep small-town hospitals open",
        "protect the aquifer",
    ],
    "office_notice": [
        "mobile office hours",
        "a veterans' benefits workshop",
        "a grant-writing seminar",
        "a Medicare enrollment day",
        "a service academy information night",
    ],
    "senator_quote": [
        "Aurelia's farmers deserve certainty",
        "this funding will keep {town} moving",
        "our veterans earned this care",
        "today is a good day for rural Aurelia",
        "I will keep fighting for every family in {town}",
        "this is a bipartisan win for Aurelia",
    ],
    "paper": ["Bellhaven Courier", "Prairie Ledger", "Port Amsel Tribune", "Aurelia Daily Star"],
}
PRESS_THREAD = [
    "(2/2) The funding was secured through the {agency} and will support {group} across {town} and {town2}.",
    "(2/2) Senator Whitcombe thanks the {agency} and local officials in {town} for their partnership.",
    "(2/2) Full text of the statement is available on the Senator's website.",
]
PRESS_ANSWER = [
    "{@} Thank you for reaching out. Please contact our {town} office so staff can assist you.",
    "{@} Thank you. Constituents can reach the Senator's office through the website.",
]

FEED_HEADLINES = [
    "Ibarra {feed_verb} {feed_object}",
    "{town} {news_noun} {news_verb} {issue}",
    "Independent candidate Ibarra {feed_verb} {feed_object} in {town}",
    "New poll: {poll_result}",
    "Ibarra campaign {camp_news}",
    "{paper}: {town} {news_noun} {news_verb} {issue}",
    "Ibarra on {issue}: {feed_claim}",
    "Op-ed: {feed_claim}",
]
FEED_FB_STATUS = [
    "{fb_open} {fb_body} {fb_close}",
    "{fb_open}\n{fb_body}",
    "{fb_open} {fb_body}",
    "{fb_body} {fb_close}",
]
FEED_EXTRA = {
    "feed_verb": ["unveils", "releases", "outlines", "announces", "defends", "details", "launches"],
    "feed_object": [
        "rural broadband plan",
        "water compact proposal",
        "plan to reopen {town} clinic",
        "ethics pledge",
        "tax plan for family farms",
        "veterans jobs program",
        "bridge repair list",
        "energy corridor plan",
        "childcare credit",
        "campaign finance disclosures",
        "drought relief plan",
    ],
    "news_noun": [
        "council members",
        "farmers",
        "parents",
        "school board members",
        "co-op members",
        "nurses",
        "voters",
        "mayors",
    ],
    "news_verb": [
        "weigh in on",
        "push for action on",
        "debate",
        "rally over",
        "split over",
        "question candidates on",
    ],
    "poll_result": [
        "Ibarra gains in {town} region",
        "Senate race tightens",
        "independents undecided on {issue}",
        "three-way race in Aurelia",
        "voters rank {issue} first",
    ],
    "camp_news": [
        "opens {town} office",
        "reports {amount} raised",
        "adds stops in {town}",
        "announces debate schedule",
        "releases new ad on {issue}",
    ],
    "feed_claim": [
        "Aurelia can't wait on {issue}",
        "Independent voices matter on {issue}",
        "it's time to fix {issue}",
        "{town} deserves better on {issue}",
    ],
    "fb_open": [
        "Friends,",
        "Today in {town}:",
        "A quick update from the trail.",
        "Thank you, {town}!",
        "Big day.",
    ],
    "fb_body": [
        "We met {group} who told us {issue} is their first worry.",
        "Our team knocked on doors across {town} and {town2}.",
        "We are running as independents because {issue} is bigger than party.",
        "Volunteers in {town} made hundreds of calls about {issue}.",
    ],
    "fb_close": [
        "Join us: {url}",
        "Volunteer: {url}",
        "Thank you for your support.",
        "Onward!",
        "More soon.",
    ],
}
FEED_ANSWER = ["{@} Thanks for writing. {thanks_body}", "{@} Thank you! {thanks_body}"]
FEED_EXTRA["thanks_body"] = [
    "Our plan is on the website.",
    "We'll be in {town} soon.",
    "Appreciate the support.",
]

SPAR_ROOTS = [
    "{rival_name} {attack_verb} {issue}. {hostile_close} {emoji_cold}",
    "Another day, another {lie_word} from {rival_name}. {hostile_close} {#tag}",
    "The {paper} still won't report the truth about {issue}. {hostile_close}",
    "{rival_name}'s record on {issue}: {bad_record}. {hostile_close}",
    "Aurelia deserves better than {rival_name} and {rival_name2}. {hostile_close} {#tag}",
    "Washington insiders like {rival_name} {attack_verb} {issue}. Not on my watch.",
    "Read why {rival_name} is wrong on {issue}: {url}",
    "The so-called fact checkers at the {paper} are {media_attack}. {hostile_close}",
]
SPAR_REPLY = [
    "{@} {hostile_open} {hostile_body} {hostile_close}",
    "{@} {hostile_open} {media_attack_s}",
    "{@} {hostile_body} {emoji_cold}",
    "{@} {hostile_open} {rival_name} {attack_verb} {issue}, and you know it.",
    "{@} {hostile_open} Your {thing} is {bad_adj}. {hostile_close}",
    "{@} {hostile_body} Try reporting that for once.",
]
SPAR_CITIZEN_REPLY = ["{@} {hostile_open} Do your homework on {issue}."]
SPAR_EXTRA = {
    "rival_name": ["Okafor-Ríos", "Whitcombe", "Ibarra"],
    "rival_name2": ["Okafor-Ríos", "Whitcombe", "Ibarra"],
    "attack_verb": [
        "failed on",
        "lied about",
        "voted to gut",
        "caved on",
        "ignored",
        "sold out on",
        "botched",
    ],
    "lie_word": ["lie", "flip-flop", "disaster", "scandal", "broken promise", "failure"],
    "hostile_close": [
        "Shameful.",
        "Disgraceful.",
        "Pathetic.",
        "Wrong for Aurelia.",
        "Total failure.",
        "Sad!",
        "Enough lies.",
    ],
    "hostile_open": [
        "Wrong.",
        "False.",
        "Nonsense.",
        "That's a lie.",
        "Ridiculous.",
        "Wrong again.",
        "Fake news.",
        "Stop lying.",
    ],
    "hostile_body": [
        "Your story on {issue} is a hit job.",
        "You ignored the facts on {issue}.",
        "Nobody trusts your {thing}.",
        "This is a smear, plain and simple.",
        "You're spinning for {rival_name} again.",
        "That poll is junk.",
        "You should be ashamed of that headline.",
        "Your so-called analysis of {issue} is garbage.",
    ],
    "media_attack": ["a joke", "a disgrace", "biased hacks", "a failing outfit", "dishonest"],
    "media_attack_s": [
        "Your paper is a disgrace.",
        "Biased reporting, again.",
        "Another hit piece. Pathetic.",
        "You lost all credibility on {issue}.",
        "Fake story, fake sources.",
    ],
    "thing": ["reporting", "poll", "headline", "fact check", "campaign", "ad", "math"],
    "bad_adj": ["a disgrace", "dishonest", "garbage", "a total failure", "rigged", "pathetic"],
    "bad_record": [
        "failed",
        "broken promises",
        "zero results",
        "a disaster",
        "higher taxes, fewer jobs",
    ],
    "paper": ["Bellhaven Courier", "Prairie Ledger", "Port Amsel Tribune", "Aurelia Daily Star"],
}
JOURNALIST_MENTION = [
    "{@} {j_q}",
    "{@} {j_q} Our story runs at {time_str}.",
    "Asked {@} about {issue} today. {j_report}",
    "{@} Following up: {j_q}",
]
JOURNALIST_FOLLOW = [
    "{@} That doesn't answer the question. {j_q}",
    "{@} We stand by our reporting on {issue}.",
    "{@} Happy to correct anything factually wrong. What specifically?",
    "{@} The numbers are from the state auditor, not from us.",
]
JOURNALIST_EXTRA = {
    "j_q": [
        "will you release the audit of your {issue} claims?",
        "can you confirm who paid for the {issue} ad?",
        "your campaign said X about {issue}; the record says otherwise. Comment?",
        "will you debate in {town}?",
        "do you stand by your remarks about {issue} in {town}?",
        "why did you skip the {town} forum?",
    ],
    "j_report": [
        "He declined to answer.",
        "Story coming tonight.",
        "More in tomorrow's paper.",
        "Video soon.",
    ],
}
RIVAL_MENTION = [
    "{@} {staff_attack}",
    "Fact check: {@} {staff_claim}",
    "{@} still hasn't explained {issue}. {staff_tail}",
]
RIVAL_EXTRA = {
    "staff_attack": [
        "Your ad on {issue} is false, and you know it.",
        "Name one bill you'd pass on {issue}.",
        "Attacks aren't a plan for {issue}.",
    ],
    "staff_claim": [
        "misstated the {issue} numbers again.",
        "skipped another debate.",
        "has no plan for {issue}.",
    ],
    "staff_tail": ["Voters deserve answers.", "Waiting.", "#AureliaSen"],
}
ALLY_POSTS = [
    "Big crowd for {$who} in {town} tonight! {#tag}",
    "Proud to stand with {$who} on {issue}. {#tag}",
    "{$who} gets it on {issue}. {url}",
    "Volunteers needed in {town} this {day}! {url}",
]

# --------------------------------------------------------------------------- recruiting

RECRUIT = {
    "role": [
        "Data Engineer",
        "Backend Developer (Rust)",
        "Frontend Developer",
        "Product Designer",
        "SRE",
        "Grid Analyst",
        "Embedded Engineer",
        "QA Engineer",
        "Engineering Manager",
        "Data Scientist",
        "Technical Writer",
        "Security Engineer",
        "Solutions Architect",
        "Machine Learning Engineer",
        "Platform Engineer",
        "Mobile Developer (Kotlin)",
        "Scrum Master",
        "Power Systems Engineer",
        "UX Researcher",
        "IT Support Specialist",
        "Cloud Engineer",
        "Controls Engineer",
    ],
    "level": ["Junior", "Mid-level", "Senior", "Lead", "Principal", "Working student", "Graduate"],
    "city": [
        "Bergen",
        "Oslo",
        "Trondheim",
        "Stavanger",
        "Tromsø",
        "Ålesund",
        "remote (Norway)",
        "Bodø",
    ],
    "perk": [
        "Hybrid, 4-day week option",
        "Flexible hours and a real focus on renewables",
        "Relocation support",
        "Norwegian courses paid",
        "Equity for everyone",
        "Mentorship from day one",
        "Sea view included",
    ],
    "tech": [
        "Rust",
        "Python",
        "Kubernetes",
        "TypeScript",
        "Kotlin",
        "Go",
        "Terraform",
        "PostgreSQL",
        "React",
        "Azure",
    ],
    "tag_job": ["hiring", "jobs", "NorwayJobs", "techjobs", "greenjobs"],
    "deadline": [
        "15 March",
        "1 April",
        "30 April",
        "20 May",
        "10 June",
        "1 September",
        "15 October",
        "30 November",
        "5 January",
        "31 January",
    ],
    "emoji": ["⚡", "🌊", "🚀", "💡", "🌱", "", "", ""],
}
JOB_ADS = [
    "We're hiring: {level} {role} in {city}. {perk}. Apply: {url} {#tag_job} {#tech}",
    "{role} ({level}), {city}. Apply by {deadline}: {url}",
    "Join our grid software team as a {level} {role} in {city} {emoji} {url} {#tag_job}",
    "Open position: {level} {role}, {city}. {perk}. {url}",
    "{level} {role} wanted in {city} {url}",
    "New role: {role} in {city}. {perk}. Details and application: {url} {#tag_job}",
]
BRANDING = [
    'Meet {first_name}, {role} in our {city} office.\n\n"{quote_work}"\n\n{#=LifeAtFjordlicht} {#tag_job}',
    "{milestone}\n\nThank you to everyone in {city} who made it happen. {emoji}\n\n{#=LifeAtFjordlicht}",
    "Five questions with {first_name} from the {team} team:\n\n{qa}\n\n{#=LifeAtFjordlicht}",
]
RECRUIT_EXTRA = {
    "stand": [str(n) for n in range(11, 99, 3)],
    "gw": ["1.2 GW", "2 GW", "3.5 GW", "800 MW", "4 GW", "650 MW"],
    "years": ["five", "six", "seven", "eight", "nine", "ten"],
    "feature": [
        "hourly wind forecasts",
        "a new outage planner",
        "offline mode",
        "ramp alerts",
        "a public API",
        "the Sámi-language UI",
    ],
    "first_name": FIRST_NAMES,
    "quote_work": [
        "I get to work on software that keeps the lights on in half of western Norway.",
        "The best part is the people, and the fjord outside the window.",
        "I moved here from Lisbon two years ago and never looked back.",
        "We ship every day, and nobody panics.",
    ],
    "milestone": [
        "Our forecasting platform now balances 3 GW of wind power.",
        "We just opened our new office in {city}!",
        "100 engineers, 14 nationalities, one mission.",
        "Our summer interns shipped their first release today.",
    ],
    "team": ["forecasting", "platform", "grid analytics", "mobile", "security", "design"],
    "qa": [
        "What do you build? Tools for grid operators.\nFavourite bug? A leap-second one.",
        "Why Fjordlicht? The mission.\nBest lunch? Friday fish soup.",
    ],
}
APPLICANT_Q = [
    "{@} {aq_open} {aq}",
    "{@} {aq}",
    "Hi {@}, {aq_lc}",
    "{@} {aq_open} {aq} {#tag_job}",
]
APPLICANT_EXTRA = {
    "aq_open": ["Hi!", "Hello,", "Quick question:", "Hei!", "Hi there,", ""],
    "aq": [
        "Is the {role} role open to remote candidates in {country}?",
        "Do you sponsor work visas for the {role} position?",
        "I applied {weeks} weeks ago and haven't heard back. Is the {role} job still open?",
        "Is Norwegian required for the {role} role in {city}?",
        "What's the salary range for the {level} {role}?",
        "Can I apply for two positions at once?",
        "Is there a deadline for the {role} opening?",
        "Do you hire {level} people without a degree?",
        "Is the {city} office wheelchair accessible?",
    ],
    "aq_lc": [
        "is the {role} role still open?",
        "do you accept applications in English?",
        "any news on the {role} position in {city}?",
        "who should I contact about my application?",
    ],
    "country": [
        "Portugal",
        "Poland",
        "Germany",
        "Spain",
        "India",
        "Brazil",
        "Sweden",
        "Nigeria",
        "Ukraine",
        "Türkiye",
    ],
    "weeks": ["two", "three", "four", "six", "five"],
}
COMPANY_POSTS = [
    "{milestone} {url}",
    "We're at the {city} energy fair this week! Come by stand {stand} {emoji} {url}",
    "New case study: how {partner} balances {gw} of wind with our forecasts {url}",
    "Fjordlicht turns {years} today! Thank you to our colleagues in {city} {emoji} {url}",
    "Our {team} team just shipped {feature}. Read the release notes: {url}",
]
PARTNER_COMMENTS_MULTILINE = [
    "Congratulations to the {partner} team on {achievement}!\nSee you at the energy fair in {city}.",
]
PARTNER_COMMENTS = [
    "Congratulations to the {partner} team on {achievement}!",
    "Great to see this, {partner}! {achievement_short}",
    "Well deserved, {partner}. Looking forward to {future}.",
]
PARTNER_EXTRA = {
    "partner": [
        "Nordvind Energi",
        "Havbris",
        "the NTNU energy lab",
        "Kystnett",
        "Bergen Tech Forum",
        "Fjellkraft",
    ],
    "achievement": [
        "the new wind park",
        "the grid storage pilot",
        "the hackathon",
        "your award",
        "the new office",
    ],
    "achievement_short": [
        "Exciting times for the grid!",
        "Amazing work.",
        "Proud to partner with you.",
    ],
    "future": ["the next project together", "the conference in {city}", "more of this"],
}

FRIENDLY = {
    "emoji": ["☕", "🙂", "😄", "🌿", "📚", "🚲", "✨", "🙌", "", "", ""],
    "city_k": ["Berlin", "Leipzig", "Köln", "Hamburg", "remote (EU)", "Wien", "Zürich"],
    "role_k": [
        "Data Analyst",
        "Analytics Engineer",
        "Data Scientist",
        "BI Developer",
        "Python Developer",
        "Data Product Manager",
        "ML Engineer",
    ],
    "chat_topic_short": [
        "three first interviews and a lot of good questions",
        "rewriting our rejection emails",
        "an onboarding buddy lunch",
        "a meetup about salary transparency",
        "reading 80 applications for one role",
        "testing a shorter take-home",
        "a workshop on inclusive job ads",
        "our first fully async interview",
    ],
    "day_k": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    "perk_k": [
        "Hybrid",
        "Four-day week possible",
        "Visa support",
        "Part-time welcome",
        "Learning budget included",
        "Relocation help",
        "Remote in the EU",
    ],
    "blog_hook": [
        "our numbers from last quarter",
        "the questions you sent me",
        "a template you can copy",
        "what we got wrong",
        "three examples from real interviews",
        "a checklist for candidates",
        "feedback from our new colleagues",
    ],
    "highlight": [
        "a candidate who asked about our {topic_k}",
        "someone explaining {book} better than the book",
        "a career changer from {former_job} who nailed the case",
        "a great question about {topic_k}",
        "a portfolio with a map of every {map_thing} in {city_k}",
    ],
    "former_job": [
        "nursing",
        "teaching",
        "logistics",
        "journalism",
        "a bakery",
        "physics",
        "the music industry",
    ],
    "map_thing": ["bike lane", "bakery", "tree", "playground", "bus stop"],
    "win": [
        "every applicant got an answer within {days_n} days",
        "our {role_k} ad got {n_apps} applications",
        "a new colleague started in {city_k}",
        "we published salary bands for every role",
        "the {team_k} team finished onboarding docs",
    ],
    "n_apps": ["40", "65", "120", "210", "95"],
    "opinion_short": ["Thoughts?", "Change my mind.", "Agree?", "Just saying.", "Discuss."],
    "chat_topic": [
        "finding that the best interview question is 'what did you learn last month'",
        "still excited about Friday demos",
        "reading cover letters with a second coffee",
        "trying to write job ads without buzzwords",
        "biking to work in the rain",
        "learning that 'culture fit' mostly means 'like me'",
        "curious how your team runs onboarding",
    ],
    "book": [
        "Weapons of Math Destruction",
        "The Manager's Path",
        "Team Topologies",
        "Data Feminism",
        "Das Kapital (the audiobook, don't judge)",
        "Radical Candor",
    ],
    "opinion": [
        "Recommended, with caveats.",
        "Changed how I write job ads.",
        "Thoughts welcome!",
        "Half way through, loving it.",
    ],
    "tag_k": ["hiring", "recruiting", "DataJobs", "Berlin", "onboarding", "remotework", "dataviz"],
    "question_k": [
        "What's the most useful thing a recruiter ever told you?",
        "How long should a take-home task be, honestly?",
        "Which job-ad phrase makes you close the tab?",
        "Salary ranges in job ads: any reason not to?",
        "What does good feedback after a rejection look like to you?",
        "Portfolio or CV, what do you read first?",
    ],
    "reply_k": [
        "{reply_open} {reply_mid} {reply_tail}",
        "{reply_open} {reply_mid}",
        "{reply_mid} {reply_tail}",
        "{reply_open} {reply_tail}",
    ],
    "reply_open": [
        "So true!",
        "Ha, exactly this.",
        "Thanks for sharing!",
        "Love this.",
        "Oh, interesting.",
        "Yes!",
        "Agreed.",
        "Hmm, good question.",
        "This made my day.",
        "Same here!",
        "Oh no!",
        "Congrats!",
        "Fair point.",
        "Wow.",
        "Ooh.",
    ],
    "reply_mid": [
        "We tried that in {city_k} and it worked.",
        "Our {role_k} interviews changed a lot after that.",
        "I had the same experience with {book}.",
        "That's why we cap take-homes at {hours_n} hours.",
        "We learned this the hard way in {year_k}.",
        "Half of our team says the same.",
        "Bookmarking this for our {team_k} team.",
        "Our onboarding buddy system came from a thread like this.",
        "I'd love to read more about how you do {topic_k}.",
        "In {city_k} we see this every week.",
        "Took us {n_months} months to get there.",
        "Same with {topic_k} at our place.",
        "Reminds me of our first {role_k} hire.",
        "Can confirm from the recruiting side.",
        "{topic_k} is underrated.",
    ],
    "hours_n": ["two", "three", "2", "3"],
    "year_k": ["2019", "2020", "2021", "2022"],
    "n_months": ["three", "four", "six", "eight", "twelve"],
    "team_k": ["data", "analytics", "platform", "BI", "design", "people"],
    "topic_k": [
        "salary transparency",
        "async interviews",
        "pair programming interviews",
        "blind CV screening",
        "onboarding docs",
        "rejection feedback",
        "four-day weeks",
        "remote onboarding",
        "career ladders",
    ],
    "reply_tail": [
        "We now publish salary ranges on every ad.",
        "Happy to chat more!",
        "Our take-homes are capped at 2 hours now.",
        "Sending you a DM.",
        "Stealing this for our next onboarding.",
        "Feedback within 5 days is our rule.",
        "What made the difference for you?",
        "",
        "",
    ],
    "de_post": [
        "Guten Morgen aus {city_k}! Wir suchen eine*n {role_k}. {de_q} {emoji}",
        "Heute {de_event} in {city_k}, und alle waren super vorbereitet. Danke! {emoji}",
        "Kleine Umfrage: {de_poll} {emoji}",
        "{de_tip} {emoji}",
        "Neu bei uns: {de_news}. {de_q}",
    ],
    "de_q": [
        "Fragen? Einfach antworten.",
        "Wer kennt jemanden?",
        "Teilen hilft!",
        "Ich antworte auf alles.",
        "Meldet euch gern!",
    ],
    "de_event": [
        "Bewerbungsgespräche",
        "Probetag mit drei Kandidat*innen",
        "unser erstes Meetup",
        "Onboarding-Woche",
        "Team-Frühstück",
        "ein Workshop zu Gehaltsbändern",
    ],
    "de_poll": [
        "Wie lang darf eine Probeaufgabe sein?",
        "Anschreiben: ja oder nein?",
        "Gehalt in der Anzeige: Pflicht?",
        "Lieber Video- oder Vor-Ort-Gespräch?",
        "Wie schnell erwartet ihr eine Antwort?",
        "Duzen im Bewerbungsgespräch?",
    ],
    "de_tip": [
        "Tipp für Bewerbungen: {de_tip_body}",
        "Was ich mir von Bewerber*innen wünsche: {de_tip_body}",
        "Ehrlich gesagt: {de_tip_body}",
    ],
    "de_tip_body": [
        "ein Satz, warum gerade wir.",
        "Projekte zeigen statt Zertifikate aufzählen.",
        "nachfragen ist immer erlaubt.",
        "Lücken im Lebenslauf sind kein Problem.",
        "Quereinsteiger*innen sind willkommen.",
        "eine kurze Mail reicht völlig.",
    ],
    "de_news": [
        "ein Buddy-Programm",
        "Gehaltsbänder für alle Rollen",
        "Vier-Tage-Woche im Test",
        "ein Büro in {city_k}",
        "Deutschkurse für alle",
    ],
    "answer_k": [
        "{answer_open} {answer_k_body} {answer_close}",
        "{answer_open} {answer_k_body}",
        "{answer_k_body} {answer_close}",
        "{answer_open} {answer_k_body} {answer_k_body2}",
    ],
    "answer_open": [
        "Great question!",
        "Thanks for asking.",
        "Hi!",
        "Good one.",
        "Happy to help!",
        "Oh, good point.",
        "Yes!",
        "Thanks for reading!",
        "Short answer: yes.",
        "Honest answer:",
        "Glad you asked.",
        "Hello!",
    ],
    "answer_close": [
        "Hope that helps!",
        "Any other questions?",
        "Let me know how it goes!",
        "Happy to chat more.",
        "Fingers crossed!",
        "Ping me anytime.",
        "Thanks again!",
        "See you in the interview, maybe?",
        "",
    ],
    "answer_k_body": [
        "Remote within the EU is fine for the {role_k} role.",
        "We answer every application within {days_n} days.",
        "The range for {role_k} is in the ad, and we stick to it.",
        "German is nice to have, not required, in {city_k}.",
        "The take-home is optional; you can bring a past project instead.",
        "Send me your CV and I'll look personally.",
        "We sponsor visas for {role_k} roles, yes.",
        "Onboarding is {n_weeks} weeks with a buddy.",
        "Part-time is possible from {hours_w} hours.",
        "We have {n_rounds} interview rounds, all on video if you like.",
        "Career changers make up half of our {team_k} team.",
        "The {role_k} role is based in {city_k}, hybrid.",
        "Yes, we still hire for {role_k} this quarter.",
        "Feedback comes within {days_n} days, even for a no.",
    ],
    "answer_k_body2": [
        "And the {team_k} team is lovely.",
        "We also pay for courses.",
        "No whiteboard puzzles, promise.",
        "The coffee is good too.",
        "Most of us cycle to the office.",
    ],
    "days_n": ["5", "7", "10", "ten", "five"],
    "n_weeks": ["two", "three", "four"],
    "hours_w": ["24", "28", "30", "32"],
    "n_rounds": ["two", "three"],
    "visitor_q": [
        "Do you also hire career changers for the {role_k} role?",
        "How many interview rounds do you do?",
        "Is the {role_k} role open to people outside Germany?",
        "Do you offer part-time?",
        "What does onboarding look like?",
        "Will you publish the salary range for {role_k}?",
        "Is there a take-home task?",
    ],
    "visitor_open": [
        "Thanks for this post!",
        "Really helpful.",
        "Great read.",
        "Danke für den Artikel!",
        "Love the transparency.",
        "Interesting.",
    ],
    "visitor_follow": [
        "Thanks, that helps!",
        "Great, I'll apply.",
        "Makes sense, thank you.",
        "Perfect, danke!",
    ],
}
FRIENDLY_ROOTS = [
    "Anyone else {chat_topic}? {emoji}",
    "Reading {book} this week. {opinion} {emoji}",
    "{question_k} {#tag_k}",
    "We're hiring a {role_k} in {city_k}! {perk_k}. Salary range in the ad, questions welcome: {url} {#tag_k}",
    "New on the blog: {blog_title}, with {blog_hook}. {url}",
    "{question_k} Asking for our next job ad {emoji}",
    "Friday demo day at Kestrel & Lune: {demo} for the {team_k} team. {emoji}",
    "Today's interview highlight: {highlight} {emoji}",
    "Small win this week: {win} {emoji}",
    "Coffee thought: {hot_take}. {opinion_short}",
    "{day_k} in {city_k}: {chat_topic_short}. {emoji}",
]
FRIENDLY["demo"] = [
    "a dashboard that explains itself",
    "our new interview scorecard",
    "a data-quality bot",
    "maps of every bike lane in {city_k}",
    "the onboarding checklist, version 7",
]
FRIENDLY["blog_title"] = [
    "How we run interviews",
    "Why we publish salary ranges",
    "What a good take-home looks like",
    "Onboarding in three weeks",
    "Rejection emails that respect people",
    "Hiring career changers",
    "Our hiring numbers for the year",
]
FRIENDLY_REPLY = ["{@} {reply_k}", "{@} {reply_k} {emoji}"]
FRIENDLY_ANSWER = ["{@} {answer_k}", "{@} {answer_k} {emoji}"]
PEER_POSTS = [
    "{question_k}",
    "Just finished {book}. {opinion}",
    "Looking for a {role_k} role in {city_k}, any leads? {#tag_k}",
    "Hot take: {hot_take}",
]
FRIENDLY["hot_take"] = [
    "unpaid take-homes longer than 3 hours should be illegal",
    "recruiters who reply are rare and precious",
    "job ads without salary ranges are a waste of everyone's time",
    "'rockstar' in a job ad is a red flag",
]
PEER_REPLY = [
    "{@} {visitor_q}",
    "{@} {visitor_open} {visitor_q}",
    "{@} {reply_k}",
    "{@} {visitor_follow}",
]

BLOG_PARAGRAPHS = [
    "When we started hiring for {role_k} roles in {city_k}, we made a lot of mistakes.",
    "We now publish the salary range in every ad, and we stick to it.",
    "Every candidate gets an answer within ten days, even when the answer is no.",
    "Take-home tasks are capped at two hours, and you can bring a past project instead.",
    "Our interviews are conversations: two people from the team, one hour, no trick questions.",
    "We changed the wording of our ads after reading {book}.",
    "Career changers are welcome: half of our analysts started somewhere else.",
    "Onboarding takes three weeks, and every new colleague gets a buddy.",
    "If you have questions, write them in the comments below. I answer every one.",
]


def all_lists() -> dict[str, list[str]]:
    """Every vocabulary list, merged (slot names are unique across stories by design)."""
    out: dict[str, list[str]] = {}
    for d in (
        SENATE,
        SENATE_EXTRA,
        CITIZEN_EXTRA,
        CONV_EXTRA,
        PRESS_EXTRA,
        FEED_EXTRA,
        SPAR_EXTRA,
        JOURNALIST_EXTRA,
        RIVAL_EXTRA,
        RECRUIT,
        RECRUIT_EXTRA,
        APPLICANT_EXTRA,
        PARTNER_EXTRA,
        FRIENDLY,
    ):
        for k, v in d.items():
            have = out.setdefault(k, [])
            have.extend(x for x in v if x not in have)
    out["question_open"] = CONV_QUESTION_OPEN
    return out
