"""Which relations report a statement: someone said, wrote, told or announced something.

PolNeAR, which the learned extractor is trained on, also annotates beliefs and perceptions
("they believed", "we discovered", "gold doesn't want"), so its cues include verbs of
cognition, findings and plain actions. A report that says who a claim *rests on* must not
turn a mental state or an action into a source: "They decided to sell it" is no anonymous
source, and "we think" is not the author citing anyone. The component keeps a relation only
when its cue is a statement (docs/findings-gold.md, "Attributions"); the extractors, and
their PolNeAR figures, are unchanged.
"""

from __future__ import annotations

from newsift.claims.attribution.parse import words

#: Verbs of saying, writing and reporting (Levin 1993's verbs of communication, classes 37.1-
#: 37.7 and 37.9-37.11, abridged to news use, and the PARC speech-act verbs of Pareti 2015).
#: Not here: cognition and perception ("believe", "think", "know", "see", "feel", "want"),
#: findings ("find", "discover", "show", "indicate", "conclude", "learn") and actions.
SPEECH_VERBS = words(
    """say tell report claim state announce add note explain argue insist warn confirm deny
    acknowledge admit allege assert declare suggest write reveal disclose
    testify estimate predict contend maintain recall caution complain stress emphasize
    emphasise remark reply respond comment mention describe urge ask accuse criticize
    criticise praise promise vow pledge concede question answer inform advise remind
    reiterate repeat tout boast brag blast slam condemn denounce decry lament bemoan charge
    counter retort quip joke shout yell scream whisper mutter exclaim proclaim swear threaten
    demand request recommend propose order instruct brief notify quote recount
    relate narrate email lash rail weigh dismiss reject refute
    rebut dispute disagree attest certify concur assure reassure hint imply insinuate
    characterize characterise forecast vouch scoff sneer grumble gripe protest object plead
    beg affirm reaffirm aver avow profess interject confess defend"""
)
#: Verbs that report a statement only with a speech noun as object ("issued a statement",
#: "made the remarks", "offered a denial", "gave an interview") or a speech verb as
#: complement ("went on to say", "ended by yelling"); alone they are actions.
CARRIER_VERBS = words(
    """issue make offer give release deliver send present go proceed put pen unleash launch
    fire hit"""
)
#: Verbs that report a statement only with a quotation as content ('"...," he continued').
QUOTE_VERBS = words("continue share conclude begin start end")
#: Verbs of putting words out that are statements only with what was said: a clause, a
#: quotation, a speech noun, or what someone was called ("tweeted that ...", "called the ban
#: a disgrace", "called on Congress to act"); not "posted videos", "called her", "publishes a
#: magazine".
CONTENT_VERBS = words("call post tweet retweet publish blog text broadcast air")
#: A newsroom's report of what it found out: "CNN has learned that ...".
NEWS_VERBS = words("learn")
#: Verbs that report a statement with a clause or a quotation ("experts agree, there is ...").
CLAUSE_VERBS = words("agree")
#: Nouns that name a statement: the object of a carrier verb, or a cue of their own.
SPEECH_NOUNS = words(
    """statement statements remark remarks comment comments announcement interview speech
    address response reply answer denial admission claim claims allegation allegations
    accusation warning report reports release tweet tweets post letter op-ed editorial
    column testimony briefing declaration assertion explanation message note memo
    apology tirade rant appeal plea call question questions confirmation promise pledge
    revelation disclosure prediction criticism rebuke retort quote quotes words"""
)
#: Dependency relations by which a carrier verb takes the speech verb it announces.
COMPLEMENT_DEPS = {"xcomp", "pcomp", "advcl", "ccomp", "conj"}


def _lemma(token) -> str:
    return (token.lemma_ or token.text).lower()


def _has_content(verb) -> bool:
    """What was said is there: a clause, a direct object that names a statement, what someone
    was called, or a call on or for someone."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "parataxis", "xcomp", "oprd"):
            return True
        if child.dep_ == "dobj" and _lemma(child) in SPEECH_NOUNS:
            return True
        if child.dep_ == "prep" and child.lower_ in ("on", "for") and _lemma(verb) == "call":
            return not any(_lemma(g) == "help" for g in child.children)
    return False


def is_statement_cue(doc, cue_head: int, cue: tuple[int, int], quoted: bool = False) -> bool:
    """True when the cue reports a statement: a speech verb or noun among the cue's tokens
    ("said", "according to", "in a statement"), or a carrier verb with a speech noun or verb
    ("issued a statement", "went on to say"), a clause ("agreed that ...") or a quotation as
    its content (``quoted``: '"...," he continued'); a colon or dash cue (a headline's
    "X: ...") counts too."""
    head = doc[cue_head]
    if head.dep_ == "acl" and head.tag_ == "VBN":
        return False  # "men accused of assault": a participle describing, not someone speaking
    span = doc.char_span(cue[0], cue[1], alignment_mode="expand")
    tokens = list(span) if span is not None and len(span) else [head]
    if head.dep_ == "relcl" and not _has_content(head) and not quoted:
        return False  # "the things he said about X": a statement mentioned, not reported
    for token in tokens:
        lemma = _lemma(token)
        if lemma in SPEECH_VERBS or token.lower_ == "according":
            return True
        if token.pos_ in ("NOUN", "PROPN") and lemma in SPEECH_NOUNS:
            return True
        if token.is_punct and token.text in (":", "—", "–"):
            return True
    lemma = _lemma(head)
    if lemma in QUOTE_VERBS | CLAUSE_VERBS | CONTENT_VERBS and quoted:
        return True
    if lemma in CONTENT_VERBS:
        return _has_content(head)
    if lemma in CLAUSE_VERBS:  # "agreed that ...", "experts agree, there is ..."
        return head.dep_ == "parataxis" or any(
            c.dep_ in ("ccomp", "parataxis") for c in head.children
        )
    if lemma in NEWS_VERBS:  # "we have learned that", not "we learn to"
        has = any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
        return has and any(c.dep_ == "ccomp" for c in head.children)
    if lemma not in CARRIER_VERBS | QUOTE_VERBS:
        return False
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and _lemma(child) in SPEECH_NOUNS:
            return True
        if child.dep_ in COMPLEMENT_DEPS and (
            _lemma(child) in SPEECH_VERBS
            or (_lemma(child) in QUOTE_VERBS and any(g.dep_ == "ccomp" for g in child.children))
        ):
            return True  # "went on to say", "proceeded to share that ..."
        if child.dep_ == "prep":  # "ended his address by yelling", "went on with a warning"
            for obj in child.children:
                if _lemma(obj) in SPEECH_VERBS or _lemma(obj) in SPEECH_NOUNS:
                    return True
    return False
