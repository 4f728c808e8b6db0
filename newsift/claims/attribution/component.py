"""Attribution: who said what, as spans over the cleaned text.

The component finds relations with an extractor from :mod:`newsift.claims.attribution.spans`
(learned by default; the parse-free fallback in fast mode), then says who each source is:
its type (named person, organisation, news outlet, government or military, anonymous, the
author, none), a cited outlet's domain, the named mention a pronoun refers to, and the chain
of relays a claim came through (``Sputnik reports ... Abbas said ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from newsift.article import Article, Span
from newsift.claims.attribution.extractors import extractor
from newsift.claims.attribution.fast import FastExtractor
from newsift.claims.attribution.parse import (
    MEMBER_ROLES,
    _contiguous,
    doc_text,
    ents_between,
    organisation_of,
    sentence_of,
    token_chars,
    trim_tokens,
    window_docs,
    words,
)
from newsift.claims.attribution.spans import QUOTE_OPENERS, Found
from newsift.claims.attribution.statements import CONTENT_VERBS, SPEECH_VERBS, is_statement_cue
from newsift.nlp.annotate import is_shouted_word
from newsift.nlp.quotes import quote_regions
from newsift.pipeline import factory
from newsift.settings import ATTRIBUTION_WINDOW_CHARS, MAX_SENTENCE_TOKENS
from newsift.sources.domains import SOCIAL_PLATFORMS

# ---------------------------------------------------------------------------------------------
# Who the source is: types, outlets, pronouns, chains

FIRST_PERSON = {"i", "we", "me", "us"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "it", "them"}
RELATIVE_PRONOUNS = {"who", "which", "that"}
DEMONSTRATIVES = {"this", "these", "those"}
#: The reader ("you can't even say"), or nobody ("no one can tell"): no source.
NOBODY = {"you", "nobody", "one", "no one", "none"}
PRONOUNS = (
    FIRST_PERSON | PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS | DEMONSTRATIVES | NOBODY
)
#: Source types a later pronoun can refer back to.
RESOLVABLE_TYPES = {"named_person", "named_organization", "news_outlet", "government_or_military"}
#: A source whose type the evidence does not settle ("the mother", an unresolved "she", a
#: capitalised word no entity covers): reported as a source with no type claim, never as
#: anonymous, which would accuse the article of hiding a name it may have given.
UNKNOWN = "unknown"
#: Unnamed people: with an indefinite or no determiner they are anonymous sources.
ANONYMOUS_ROLES = words(
    """official officer source aide insider person people someone somebody diplomat spokesman
    spokeswoman spokesperson representative member staffer adviser advisor analyst expert
    observer witness resident employee executive lawmaker critic supporter agent
    investigator researcher insider operative strategist ally friend associate confidant
    lawyer attorney activist organizer voter leader colleague"""
)
ANONYMOUS_PHRASES = re.compile(
    r"familiar with|condition of anonymity|not authori[sz]ed to|asked not to be|"
    r"declined to be (named|identified)|(did not|didn't) want to be (named|identified)|"
    r"\b(unnamed|anonymous|unidentified)\b|\bsources?\b",
    re.IGNORECASE,
)
#: Nouns for people and groups of people: with an indefinite or no determiner ("a man",
#: "witnesses", "an oncologist") the reader cannot tell who they are.
PERSON_NOUNS = (
    ANONYMOUS_ROLES
    | MEMBER_ROLES
    | words(
        """man men woman women boy girl child children kid kids mother father parent son daughter
    wife husband brother sister family relative neighbor neighbour customer shopper patient
    doctor physician nurse oncologist surgeon teacher professor student scholar informant
    fighter soldier worker reporter journalist correspondent editor writer blogger user
    commenter fan viewer reader citizen immigrant refugee victim survivor owner passenger
    driver player coach fighter guard detective manager farmer worker individual group
    pundit commentator historian lawmaker politician candidate protester protestor
    demonstrator participant member onlooker bystander eyewitness someone many some volunteer
    opponent follower parishioner worshipper star celebrity"""
    )
)
#: Groups that stay unnamed even with "the": "the media said", "the public thinks".
UNNAMED_COLLECTIVES = words("media public crowd audience establishment")
#: Things, not people: "communications that indicate", "a report shows". With no named author
#: they are evidence cited, not a person hiding a name, so they are no source, not anonymous.
DOCUMENT_NOUNS = words(
    """report document documents communication communications record records recording data
    evidence study survey poll analysis memo letter email file files footage video photo image
    audio tape transcript figure figures statistic statistics research paper article post tweet
    message messages leak leaks intercept intercepts statement release"""
)
#: Offices and institutions of a state (heads of a source phrase, or words of an ORG name).
GOVERNMENT_WORDS = words(
    """government ministry minister department administration pentagon kremlin army military
    navy force forces police parliament congress senate council court agency embassy
    ambassador president prime premier governor senator congressman congresswoman
    representative secretary general commander prosecutor mayor cabinet regime authorities
    authority state house office intelligence directorate command commission bureau speaker
    chairman chairwoman chair spokesman spokeswoman spokesperson troops soldier officials
    official judge fbi cia nsa gru fsb kgb nato un cop cops sheriff doj dhs dod epa irs fda cdc
    nypd lapd atf dea usda federal homeland treasury guard patrol customs legislature
    parliamentary ice cbp tsa fema nasa nih noaa fcc ftc gao cbo uscis hhs dni idf mossad
    interpol europol eu mi5 mi6 gchq"""
)
#: Names that make a state body of an organisation's name only with another word: the
#: "Secret Service" or "Park Service", not "customer service".
STATE_SERVICES = re.compile(r"\b(secret|park|postal|forest|marshals|civil|security) service\b")
#: Parties: a NORP entity of these is the party speaking as an organisation ("Democrats
#: said"); other nationalities and groups ("Russians say") are people, not a body.
PARTY_WORDS = words(
    """democrat democrats republican republicans gop tory tories labour conservatives
    liberals"""
)
#: Web platforms in the outlet index: "Facebook said" is the company speaking, not media.
PLATFORMS = SOCIAL_PLATFORMS | {"google.com", "apple.com", "amazon.com", "microsoft.com"}
#: The platforms' names, for those the outlet index does not hold ("Twitter said").
PLATFORM_NAMES = frozenset(
    name for name in (d.split(".")[0] for d in PLATFORMS) if len(name) > 2
) | {"twitter"}
#: Words by which an organisation's name says it is one ("the X Association", "X Inc."). The
#: recogniser's ORG label alone is weak evidence: it also covers blogs, laws, agencies and
#: outlets the index does not hold, so a name without such a word claims no type.
ORGANISATION_KINDS = words(
    """company companies corporation corp inc incorporated ltd llc plc co group association
    foundation institute institution university college school academy committee board party
    campaign union federation league club society coalition alliance fund trust bank church
    charity organization organisation center centre hospital clinic laboratory laboratories
    labs firm district airlines airways motors industries holdings partners enterprises
    technologies movement"""
)
#: Class nouns that refer back to the organisation the text named last ("the company" after
#: "Twitter", "the group" after "the Rowing Association").
ORGANISATION_CLASS_NOUNS = words(
    "company firm group organization organisation association charity campaign corporation"
)
#: Sentences back in which a class noun looks for its organisation.
CLASS_NOUN_WINDOW = 5
#: Titles of companies and events as much as of states: typed by the body they name.
GENERIC_TITLES = words("chairman chairwoman chair speaker secretary head chief director deputy")
#: Offices held by one person: "the Speaker of ..." names an identifiable office holder.
OFFICE_TITLES = words(
    """president minister secretary governor senator mayor speaker chairman chairwoman chair
    head chief ambassador commander general prosecutor judge director premier king queen
    spokesman spokeswoman spokesperson mp lawmaker legislator congressman congresswoman
    parliamentarian deputy councillor councilman councilwoman commissioner envoy"""
)
OUTLET_NOUNS = words(
    """newspaper paper broadcaster channel network magazine outlet tabloid daily weekly website
    site blog station television radio wire newswire agency publication"""
)
#: Words that make an outlet noun a medium ("news agency", "TV station"); another trade in its
#: place makes it something else ("environment agency", "police station").
MEDIA_WORDS = words("news press media wire television tv radio broadcast broadcasting cable")
#: Nouns that name an outlet only after a media word: "the news source", not "a source".
MEDIA_ONLY_NOUNS = words("source organization organisation company group")
#: Nouns that give something a name: "its acronym GRU" names the agency, not someone new.
NAMING_NOUNS = words("acronym abbreviation name nickname alias initials moniker")
OUTLET_WORDS = re.compile(
    r"\b(times|news|post|journal|press|tribune|herald|gazette|telegraph|guardian|reuters|"
    r"bloomberg|cnn|bbc|npr|msnbc|afp|ap|tass|ria|sputnik|tv|radio|magazine|broadcasting|"
    r"daily|weekly|chronicle|observer|independent|mirror|examiner|insider|politico|axios|"
    r"nbc|abc|cbs|pbs|upi)\b",
    re.IGNORECASE,
)
INDEFINITE = {
    "a",
    "an",
    "some",
    "several",
    "many",
    "few",
    "two",
    "three",
    "one",
    "other",
    "various",
    "multiple",
}
#: Reporting verbs that, with no clause of their own, announce that what follows is relayed.
RELAY_VERBS = {"report", "write", "publish", "carry", "say", "add", "note", "reveal"}
#: Auxiliaries of the future: "we will tell you" announces the article, it cites no one.
FUTURE = {"will", "'ll", "’ll", "shall"}
#: Sentences before a pronoun in which we look for its antecedent.
PRONOUN_WINDOW = 3


def _outlet_domain(text: str) -> str | None:
    from newsift.sources import outlets as sources

    for _start, _end, _name, domain in sources.find_outlet_mentions(text):
        if domain:
            return domain
    candidates = [text, re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)]
    candidates += [m.group(0) for m in re.finditer(r"(?:[A-Z][\w.&'’-]*\s?)+", text)]
    for candidate in candidates:
        candidate = re.sub(r"(['’]s)?[\s,.]*$", "", candidate.strip())
        domain = sources.resolve_outlet_name(candidate) if candidate else None
        if domain:
            return domain
    return None


@dataclass
class SourceInfo:
    text: str
    start: int | None
    end: int | None
    type: str
    domain: str | None = None
    resolved_to: dict[str, Any] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "domain": self.domain,
            "reputation": cited_outlet_reputation(self.domain) if self.domain else None,
            "resolved_to": self.resolved_to,
        }


def cited_outlet_reputation(domain: str) -> dict[str, Any] | None:
    """What the raters say about an outlet the article cites: verdict and how many agree."""
    from newsift.errors import InputError
    from newsift.sources.reputation import reputation

    try:
        result = reputation(domain)
    except InputError:  # not a registrable domain (e.g. example.org names in tests)
        return None
    if result["status"] != "rated":
        return None
    consensus = result["consensus"]
    agreement = consensus.get("agreement") or {}
    return {
        "factuality": consensus["factuality"],
        "categories": consensus.get("categories", []),
        "independent_sources": agreement.get("independent_sources"),
    }


NO_SOURCE = SourceInfo(text="", start=None, end=None, type="none")


def _head_token(doc, start: int, end: int, head: int | None):
    """The parse head of the source span ``start:end`` (the extractor's, if it lies inside)."""
    if head is not None and start <= doc[head].idx < end:
        return doc[head]
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _entity_of(token):
    """The named entity ``token`` is part of, else the token's own phrase. Found from the
    tokens' IOB tags: reading ``doc.ents`` builds every entity of the document, and once per
    source that grew with the square of the text."""
    doc = token.doc
    if token.ent_iob_ not in ("B", "I"):
        return doc[token.left_edge.i : token.i + 1]
    start, end = token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    last = doc[end - 1]
    return doc.char_span(doc[start].idx, last.idx + len(last), label=token.ent_type_)


#: People whose words are their body's: "a spokesman for Google" is Google speaking.
SPOKESPEOPLE = words("spokesman spokeswoman spokesperson")


def person_names(doc) -> frozenset[str]:
    """Words of the people's names in the text ("Sean Spicer" gives "Sean" and "Spicer"), so a
    surname the entity recogniser missed or took for an organisation ("Spicer said") is
    still a person; titles are left out ("President Trump" gives only "Trump")."""
    cached = doc.user_data.get("newsift_person_names")
    if cached is None:
        cached = frozenset(
            t.text
            for e in doc.ents
            if e.label_ == "PERSON" and len(e) > 1
            for t in e
            if t.is_title and t.lower_ not in OFFICE_TITLES and len(t.text) > 1
        )
        doc.user_data["newsift_person_names"] = cached
    return cached


def _unnamed(head_token, determiners: set[str]) -> bool:
    """An unnamed person or group, evidence that the source is anonymous: an indefinite or
    counted phrase ("a man", "several reporters") or a lower-case plural with no owner
    ("witnesses", "the volunteers"); a definite singular ("the mother") is not: it usually
    refers back to someone the text named."""
    if not determiners.isdisjoint(INDEFINITE) or any(
        c.like_num for c in head_token.children if c.dep_ == "nummod"
    ):
        return True
    # A plural with no owner, bare or definite: "witnesses", "the volunteers" (a group the
    # reader cannot name; "the mother" usually refers back to someone named, "his lawyers"
    # to their principal).
    unowned = not any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ not in ("the", "these", "those"))
        for c in head_token.children
    )
    lower = head_token.text.islower() or (head_token.is_sent_start and head_token.is_title)
    return unowned and head_token.tag_ == "NNS" and lower


def speaks_for(head_token):
    """The organisation a group or body speaks for: "researchers at X", "economists polled by
    X", "the X board", "X's analysts". An unnamed individual or count ("a senior official at
    X", "two aides to X") and a phrase that says it hides a name stay anonymous."""
    lemma = head_token.lemma_.lower()
    if lemma not in MEMBER_ROLES:
        return None
    if lemma not in SPOKESPEOPLE and any(
        c.dep_ in ("det", "nummod") and (c.lower_ in INDEFINITE or c.like_num)
        for c in head_token.children
    ):
        return None
    phrase = head_token.doc[head_token.left_edge.i : head_token.right_edge.i + 1]
    if ANONYMOUS_PHRASES.search(phrase.text):
        return None
    organisation = organisation_of(head_token)
    if organisation is None:
        return None
    named = _entity_of(organisation)
    # "the Harrow Planning Committee": the noun is part of the name, so it is the organisation;
    # a name that is not below the noun in the parse is a misparse (and could loop).
    return named if head_token.is_ancestor(named.root) else None


def _outlet_noun(token) -> bool:
    """ "the newspaper", "the state news agency"; not "the environment agency", nor a name
    ("the Environmental Protection Agency": the name decides, through the outlet index)."""
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or lemma not in OUTLET_NOUNS | MEDIA_ONLY_NOUNS:
        return False
    trades = [c for c in token.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    if lemma in MEDIA_ONLY_NOUNS:  # "the news source", "a media organization"
        return any(c.lower_ in MEDIA_WORDS for c in trades)
    return not trades or any(c.lower_ in MEDIA_WORDS for c in trades)


def source_type(doc, start: int, end: int, head: int | None) -> tuple[str, str | None]:
    """The kind of source the span ``start:end`` names, and an outlet's domain if it is one."""
    text = doc_text(doc)[start:end]
    head_token = _head_token(doc, start, end, head)
    if head_token is None:
        return UNKNOWN, None
    if is_shouted_word(head_token):
        return "none", None  # "SHOCKING": emphasis, nobody
    if text.lower() in NOBODY or (head_token.lower_ in NOBODY and not _partitive(head_token)):
        return "none", None  # "no one can tell"; not "one of our insiders"
    span = doc.char_span(start, end, alignment_mode="expand")
    lemma = head_token.lemma_.lower()
    ents = ents_between(doc, start, end)
    head_ent = next((e for e in ents if e.start <= head_token.i < e.end), None)
    determiners = {t.lower_ for t in span if t.dep_ in ("det", "nummod") or t.lower_ in INDEFINITE}

    domain = _outlet_domain(text)
    platform = domain in PLATFORMS or head_token.lower_ in PLATFORM_NAMES
    if platform and head_token.pos_ == "PROPN":
        return "named_organization", None  # "Facebook said": the company, not a newsroom
    if domain is not None and _says_organisation(span):
        return "named_organization", None  # "activist group Project Veritas": not media
    outlet_name = (
        head_ent is not None
        and head_ent.label_ in ("ORG", "WORK_OF_ART", "PERSON")
        and bool(OUTLET_WORDS.search(head_ent.text))
    )
    # "a Times reporter" is a person; "the Times" and "the newspaper" are outlets.
    person_role = (
        lemma in ANONYMOUS_ROLES | OFFICE_TITLES
        and head_ent is None
        and lemma not in MEDIA_ONLY_NOUNS
    )
    if (domain or _outlet_noun(head_token) or outlet_name) and not person_role:
        return "news_outlet", domain
    if _state_media(head_token):
        return "news_outlet", None  # "Syrian state media": the state's own outlets
    if head_ent is None and head_token.pos_ == "NOUN":
        # "the Trump administration", "the Trump campaign": a body named after a person
        if lemma in GOVERNMENT_WORDS - OFFICE_TITLES - ANONYMOUS_ROLES:
            return "government_or_military", None
        if (
            lemma in ORGANISATION_KINDS
            and head_token.tag_ != "NNS"
            and any(c.dep_ == "compound" and c.ent_type_ == "PERSON" for c in head_token.children)
        ):
            return "named_organization", None
    if head_ent is not None and head_ent.label_ == "PERSON":
        return "named_person", None
    names = person_names(doc)
    if head_token.text in names and (
        head_ent is None
        or len(head_ent) == 1
        or all(t.text in names for t in head_ent if t.is_alpha)
    ):
        return "named_person", None  # "Spicer said" after "Sean Spicer"; "De Gaulle" as a place
    if any(e.label_ == "PERSON" and e.end_char == end for e in ents):
        return "named_person", None  # "FBI Special Agent Raul Bujanda": a titled name
    if any(
        e.label_ == "PERSON"
        and any(t.dep_ in ("appos", "compound") and t.head == head_token for t in e)
        and head_token.tag_ != "NNS"  # "Advocacy groups": a group is no one person
        for e in ents
    ):
        return "named_person", None  # "the Speaker, Jane Roe," / "Chairman Roe"
    organisation = speaks_for(head_token)
    if organisation is not None:
        return source_type(doc, organisation.start_char, organisation.end_char, organisation.root.i)
    if _speaks_for_the_state(head_token) and not ANONYMOUS_PHRASES.search(text):
        return "government_or_military", None
    if lemma in ANONYMOUS_ROLES or ANONYMOUS_PHRASES.search(text):
        definite = determiners.isdisjoint(INDEFINITE) and (
            any(t.lower_ in ("the", "this", "that") for t in span)
            or any(t.dep_ == "poss" for t in span)
        )
        governmental = any(
            w in GOVERNMENT_WORDS for w in re.findall(r"[a-z]+", text.lower()) if w != lemma
        )
        if (
            definite
            and lemma in OFFICE_TITLES
            and governmental
            and not ANONYMOUS_PHRASES.search(text)
        ):
            return "government_or_military", None
        if ANONYMOUS_PHRASES.search(text) or _unnamed(head_token, determiners):
            return "anonymous", None
        return UNKNOWN, None  # "the official": whoever the text introduced before
    if lemma in GENERIC_TITLES:
        return _type_of_body(doc, head_token), None
    if lemma in OFFICE_TITLES or lemma in GOVERNMENT_WORDS:
        return "government_or_military", None
    if head_ent is not None and head_ent.label_ in ("GPE",):
        return "government_or_military", None
    if head_ent is not None and head_ent.label_ == "NORP":
        return _group_type(head_token), None
    if head_ent is not None and head_ent.label_ in ("ORG", "FAC"):
        name = head_ent.text.lower()
        name_words = set(re.findall(r"[a-z0-9]+", name))
        if name_words & GOVERNMENT_WORDS or STATE_SERVICES.search(name):
            return "government_or_military", None
        return ("named_organization" if name_words & ORGANISATION_KINDS else UNKNOWN), None
    if head_token.pos_ == "PROPN":
        return UNKNOWN, None  # a name no entity covers: a person, a product, a headline word
    if lemma in DOCUMENT_NOUNS or head_token.lower_ in DOCUMENT_NOUNS:
        author = _document_author(head_token)  # "a report by the auditor", "the FBI's memo"
        if author is not None and author.idx >= start and author.idx + len(author) <= end:
            lo, hi = author.left_edge.idx, author.right_edge.idx + len(author.right_edge)
            return source_type(doc, max(lo, start), min(hi, end), author.i)
        return "none", None
    counted = head_token.like_num and any(c.lower_ == "of" for c in head_token.children)
    people = lemma in PERSON_NOUNS or head_token.tag_ == "NNS"  # things that speak are plural
    if counted or (people and _unnamed(head_token, determiners)):
        return "anonymous", None  # "a man", "witnesses", "13 of the agents", "some"
    if lemma in UNNAMED_COLLECTIVES and any(t.lower_ == "the" for t in span):
        return "anonymous", None  # "the media"
    return UNKNOWN, None


def _speaks_for_the_state(head_token) -> bool:
    """ "a police spokesman", "a spokeswoman for the ministry": the office vouches for what
    its spokesperson says, though the body is a common noun no entity covers."""
    if head_token.lemma_.lower() not in SPOKESPEOPLE:
        return False
    return any(
        b.lemma_.lower() in GOVERNMENT_WORDS - SPOKESPEOPLE for b in _named_bodies(head_token)
    )


def _named_bodies(head_token) -> list:
    """The bodies a title names: "police spokesman", "the ministry's director", "the
    chairman of X", "a spokeswoman for the ministry", "the speaker at the conference"."""
    bodies = [c for c in head_token.children if c.dep_ in ("compound", "poss")]
    bodies += [
        o
        for c in head_token.children
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "at")
        for o in c.children
        if o.dep_ == "pobj"
    ]
    return bodies


def _type_of_body(doc, head_token) -> str:
    """A title that companies, museums and conferences have too ("the chairman of X", "the
    director of the museum", "the speaker at the conference") takes the type of the body it
    names; with no body, or one of no known type, no type is claimed."""
    for body in _named_bodies(head_token):
        start, end = token_chars(doc, body.left_edge.i, body.right_edge.i)
        kind, _ = source_type(doc, start, end, body.i)
        if kind in ORGANISATION_TYPES:
            return kind
    return UNKNOWN


def _says_organisation(span) -> bool:
    """The phrase calls its name an organisation of a kind that is not media ("conservative
    activist group X"), so a website of that name does not make it an outlet."""
    lower = {t.lower_ for t in span}
    return not lower & MEDIA_WORDS and any(
        t.pos_ == "NOUN" and t.lemma_.lower() in ORGANISATION_KINDS for t in span
    )


#: Media nouns that, owned by a state, name its outlets ("state media", "state-run TV").
MEDIA_HEADS = words("media press television tv radio broadcaster")


def _state_media(head_token) -> bool:
    if head_token.lemma_.lower() not in MEDIA_HEADS and head_token.lower_ not in MEDIA_HEADS:
        return False
    return any(
        c.dep_ in ("compound", "amod") and re.match(r"state(-run|-owned|-controlled)?$", c.lower_)
        for c in head_token.children
    )


def _partitive(token) -> bool:
    """ "one of our insiders": a count of a group, not the pronoun "one"."""
    return any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children)


def _group_type(head_token) -> str:
    """A nationality, religion or party as a source: a party's members in a state body speak
    as that body ("Republicans in Congress"); the party alone is an organisation ("Democrats
    said"); its members elsewhere ("Republicans across the country") or a people ("Russians
    say") are no body at all, so no type is claimed."""
    places = [
        obj
        for prep in head_token.children
        if prep.dep_ == "prep"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    if any(obj.lower_ in GOVERNMENT_WORDS for obj in places):
        return "government_or_military"
    if not places and head_token.lower_ in PARTY_WORDS:
        return "named_organization"
    return UNKNOWN


def _document_author(token):
    """Who wrote or issued a document: ``by X``, ``from X``, ``X's``."""
    for child in token.children:
        if child.dep_ in ("poss", "compound") and child.pos_ in ("PROPN", "NOUN"):
            return child  # "the FBI's memo", "police statements", "a Pentagon report"
        if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lemma_.lower() not in DOCUMENT_NOUNS:
                    return obj
    return None


@dataclass
class _Mention:
    """A candidate antecedent: an earlier source or entity, with its resolved type (None until
    asked, for organisations named only in passing)."""

    start: int
    end: int
    text: str
    type: str | None
    domain: str | None
    sentence: int
    from_source: bool = False
    head: str = ""  # lemma of the phrase's head noun: what "the <noun>" can refer back to
    head_index: int | None = None
    named: bool = True  # holds a name (a description such as "the mayor" does not)
    unnamed_person: bool = False  # an anonymous single person who spoke ("a witness")


def _clause_antecedent(token):
    """The noun a relative or participial clause around ``token`` hangs on: "Ana Ruiz, who went
    on to say ...", "the Office, known by its acronym X"; None outside such a clause."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.dep_ in ("relcl", "acl") and ancestor.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return ancestor.head
    return None


def _naming_possessor(head_token):
    """The possessive of a name given to something else ("*its* acronym GRU", "his nickname"),
    else None."""
    for token in [head_token, *head_token.children]:
        if token.lemma_.lower() not in NAMING_NOUNS:
            continue
        for holder in (token, head_token):
            possessive = [c for c in holder.children if c.dep_ == "poss"]
            if possessive:
                return possessive[0]
    return None


#: What a definite description can refer back to: organisations, not people or things.
ORGANISATION_TYPES = {"named_organization", "news_outlet", "government_or_military"}


def _has_name(doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and any(t.pos_ == "PROPN" or t.ent_type_ for t in span)


def _definite_head(doc, start: int, end: int, head_token) -> str | None:
    """The head noun of a definite description with no name of its own ("the center", "the
    board"), which refers back to an organisation named earlier; else None. People ("the
    mayor") are left to the rules for office holders."""
    if head_token is None or head_token.pos_ != "NOUN":
        return None
    if head_token.lemma_.lower() in ANONYMOUS_ROLES | OFFICE_TITLES:
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head_token.children):
        return None
    if _has_name(doc, start, end):
        return None
    return head_token.lemma_.lower()


class Describer:
    """Turns found relations into the report's attribution dicts for one article."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.regions = quote_regions(doc_text(doc))
        # Read once: ``doc.ents`` builds every entity span on each access.
        self.people = [e for e in doc.ents if e.label_ == "PERSON"]
        self.sentence_of = {}
        for k, sent in enumerate(doc.sents):
            for t in sent:
                self.sentence_of[t.i] = k

    def _sentence(self, char: int) -> int:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return self.sentence_of.get(span[0].i, 0) if span is not None and len(span) else 0

    def _quoted(self, char: int) -> bool:
        return any(a < char < b - 1 for a, b in self.regions)

    def describe(self, found: list[Found]) -> list[Span]:
        doc, text = self.doc, self.text
        infos: list[SourceInfo] = []
        # Antecedents for "he"/"she": people named anywhere before; for "it"/"they": only
        # earlier sources (an entity-level "it" is too often a thing); for "the center":
        # organisations named before, as sources or in passing.
        mentions: list[_Mention] = [
            _Mention(
                e.start_char,
                e.end_char,
                e.text,
                "named_person" if e.label_ == "PERSON" else None,
                None,
                self._sentence(e.start_char),
                head=e.root.lemma_.lower(),
                head_index=e.root.i,
            )
            for e in doc.ents
            if e.label_ in ("PERSON", "ORG", "FAC")
        ]
        for relation in found:
            if relation.source is None:
                infos.append(NO_SOURCE)
                continue
            start, end = relation.source
            kind, domain = source_type(doc, start, end, relation.source_head)
            info = SourceInfo(text[start:end], start, end, kind, domain)
            head = _head_token(doc, start, end, relation.source_head)
            word = (head.lower_ if head is not None else text[start:end].lower()).strip()
            if word in PRONOUNS and not (head is not None and _partitive(head)):
                info = self._pronoun(info, word, relation, mentions)
            elif head is not None:
                info = self._refer(info, head, mentions)
            infos.append(info)
            if info.type in RESOLVABLE_TYPES | {"anonymous"}:
                anchor = info.resolved_to or {"start": start, "end": end, "text": info.text}
                mentions.append(
                    _Mention(
                        anchor["start"],
                        anchor["end"],
                        anchor["text"],
                        info.type,
                        info.domain,
                        self._sentence(start),
                        from_source=True,
                        head=head.lemma_.lower() if head is not None else "",
                        named=_has_name(doc, anchor["start"], anchor["end"]),
                        unnamed_person=info.type == "anonymous"
                        and head is not None
                        and head.tag_ == "NN"
                        and head.lemma_.lower() in PERSON_NOUNS,
                    )
                )

        links = [self._link(f, i) for f, i in zip(found, infos, strict=True)]
        chains = self._chains(found, infos, links)
        spans = []
        for relation, info, chain in zip(found, infos, chains, strict=True):
            cue = {
                "start": relation.cue[0],
                "end": relation.cue[1],
                "text": text[relation.cue[0] : relation.cue[1]],
            }
            content = (
                {
                    "start": relation.content[0],
                    "end": relation.content[1],
                    "text": text[relation.content[0] : relation.content[1]],
                }
                if relation.content
                else None
            )
            if relation.content:
                start, end = relation.content
            else:
                sent = sentence_of(doc)[relation.cue_head]
                start, end = sent.start_char, sent.end_char
            spans.append(
                Span(
                    start,
                    end,
                    "attribution",
                    score=round(relation.score, 4),
                    attrs={
                        "source": info.as_dict(),
                        "cue": cue,
                        "content": content,
                        "chain": chain,
                    },
                )
            )
        return spans

    def _pronoun(
        self, info: SourceInfo, word: str, relation: Found, mentions: list[_Mention]
    ) -> SourceInfo:
        doc = self.doc
        cue = doc[relation.cue_head]
        if word in FIRST_PERSON:
            if any(c.dep_ == "aux" and c.lower_ in FUTURE for c in cue.children):
                info.type = "none"  # "we'll tell you everything": the article's plan, no source
            elif not self._quoted(relation.cue[0]):
                info.type = "author"
            else:
                info.type = UNKNOWN  # a quoted "I said": the quoted speaker, via the chain
            return info
        if word in RELATIVE_PRONOUNS and relation.source_head is not None:
            antecedent = _clause_antecedent(doc[relation.source_head])
            if antecedent is None:
                info.type = "none"  # no clause to hang on: a demonstrative "that", or a misparse
                return info
            return self._resolve_to_token(info, antecedent)
        if word == "it" and any(c.dep_ == "aux" and c.lower_ == "to" for c in cue.children):
            info.type = "none"  # "felt it important to announce": a dummy subject
            return info
        if word in DEMONSTRATIVES or word in NOBODY:
            info.type = "none"  # "this would show": the article's own inference; "you"
            return info
        best = self._nearest_antecedent(info, word, mentions)
        if best is None:
            # No antecedent found: "it" is no source; a person or group is someone we could
            # not resolve, not someone the article hides.
            info.type = "none" if word == "it" else UNKNOWN
            return info
        return self._resolve_to_mention(info, best)

    def _nearest_antecedent(
        self, info: SourceInfo, word: str, mentions: list[_Mention]
    ) -> _Mention | None:
        """The nearest earlier person (for he/she: a named one, or an unnamed one who spoke,
        "a witness ... he said") or non-person source (for it/they)."""
        person = word in PERSON_PRONOUNS
        here = self._sentence(info.start or 0)
        best = None
        for mention in mentions:
            if mention.end > (info.start or 0) or here - mention.sentence > PRONOUN_WINDOW:
                continue
            if person and mention.type != "named_person" and not mention.unnamed_person:
                continue
            if not person and (not mention.from_source or mention.type == "named_person"):
                continue
            if mention.type == "anonymous" and not person and word not in ("they", "them"):
                continue  # "officials ... they said"; not "it"
            if best is None or mention.start > best.start:
                best = mention
        return best

    def _resolve_to_mention(self, info: SourceInfo, mention: _Mention) -> SourceInfo:
        if mention.type is None:  # an organisation named in passing: typed when first needed
            mention.type, mention.domain = source_type(
                self.doc, mention.start, mention.end, mention.head_index
            )
        info.type, info.domain = mention.type, mention.domain
        info.resolved_to = {"start": mention.start, "end": mention.end, "text": mention.text}
        return info

    def _resolve_to_token(self, info: SourceInfo, antecedent) -> SourceInfo:
        """The source is the phrase headed by ``antecedent`` (up to the head: no clauses)."""
        a, b = token_chars(self.doc, antecedent.left_edge.i, antecedent.i)
        info.type, info.domain = source_type(self.doc, a, b, antecedent.i)
        info.resolved_to = {"start": a, "end": b, "text": self.text[a:b]}
        return info

    def _refer(self, info: SourceInfo, head, mentions: list[_Mention]) -> SourceInfo:
        """A source that names someone else: the organisation a group speaks for ("researchers
        at X"), the thing a name is given to ("its acronym GRU"), or the organisation named
        earlier that a definite description refers back to ("the center")."""
        organisation = speaks_for(head)
        if organisation is not None:
            info.resolved_to = {
                "start": organisation.start_char,
                "end": organisation.end_char,
                "text": organisation.text,
            }
            return info
        possessor = _naming_possessor(head)
        if possessor is not None:
            antecedent = _clause_antecedent(head)
            if antecedent is None and possessor.pos_ in ("NOUN", "PROPN"):
                antecedent = possessor  # "the agency's acronym"
            if antecedent is not None:
                return self._resolve_to_token(info, antecedent)
            pronoun = "he" if possessor.lower_ in ("his", "her") else "it"
            best = self._nearest_antecedent(info, pronoun, mentions)
            if best is None:
                info.type = "none"  # a name, but of nothing the article named as a source
                return info
            return self._resolve_to_mention(info, best)
        if info.type in (UNKNOWN, "government_or_military"):
            holder = self._office_holder(info, head)
            if holder is not None:
                return holder
        noun = _definite_head(self.doc, info.start or 0, info.end or 0, head)
        if noun is None:
            return self._same_unnamed(info, head, mentions) if info.type == UNKNOWN else info
        earlier = [
            m
            for m in mentions
            if m.head == noun
            and m.named
            and m.end <= (info.start or 0)
            and m.type != "named_person"
        ]
        for mention in sorted(earlier, key=lambda m: -m.start):
            resolved = self._resolve_to_mention(replace(info), mention)
            if resolved.type in ORGANISATION_TYPES:
                return resolved
        if noun in ORGANISATION_CLASS_NOUNS:
            organisation = self._last_organisation(info, mentions)
            if organisation is not None:
                return self._resolve_to_mention(info, organisation)
        return self._same_unnamed(info, head, mentions) if info.type == UNKNOWN else info

    def _last_organisation(self, info: SourceInfo, mentions: list[_Mention]) -> _Mention | None:
        """The organisation named last before ``info`` within a few sentences ("Twitter ...
        the company"); None when the nearest named body is not an organisation."""
        here = self._sentence(info.start or 0)
        before = [
            m
            for m in mentions
            if m.named
            and m.end <= (info.start or 0)
            and here - m.sentence <= CLASS_NOUN_WINDOW
            and m.type != "named_person"
        ]
        for mention in sorted(before, key=lambda m: -m.start):
            if mention.type is None:
                mention.type, mention.domain = source_type(
                    self.doc, mention.start, mention.end, mention.head_index
                )
            if mention.type in ("anonymous", "none", UNKNOWN):
                continue
            return mention if mention.type == "named_organization" else None
        return None

    def _office_holder(self, info: SourceInfo, head) -> SourceInfo | None:
        """ "the president" after "President Trump": the named holder of the office the text
        introduced with that title. A bare "the president" after other people were named may
        be one of them or the office: of unknown type. None when the text named nobody."""
        title = head.lower_
        if title not in OFFICE_TITLES or head.pos_ not in ("NOUN", "PROPN"):
            return None  # "the President" is often tagged as a name
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            return None
        if head.ent_type_ or len(info.text.split()) > 3:
            return None
        best = None
        for entity in self.people:
            if entity.end_char > (info.start or 0):
                continue
            before = self.doc[max(0, entity.start - 3) : entity.start]
            if any(t.lower_ == title for t in before) or entity[0].lower_ == title:
                best = entity
        if best is None:
            if len(info.text.split()) == 2 and any(
                e.end_char <= (info.start or 0) for e in self.people
            ):
                info.type = UNKNOWN  # "the president" after naming people: which one?
                return info
            return None
        info.type, info.domain = "named_person", None
        info.resolved_to = {"start": best.start_char, "end": best.end_char, "text": best.text}
        return info

    def _same_unnamed(self, info: SourceInfo, head, mentions: list[_Mention]) -> SourceInfo:
        """ "the official" or "that same source" after "a senior official": the same unnamed
        source again, so anonymous; anything else stays of unknown type."""
        lemma = head.lemma_.lower()
        earlier = [
            m
            for m in mentions
            if m.from_source
            and m.type == "anonymous"
            and m.head == lemma
            and m.end <= (info.start or 0)
        ]
        if earlier:
            mention = max(earlier, key=lambda m: m.start)
            info.type = "anonymous"
            info.resolved_to = {"start": mention.start, "end": mention.end, "text": mention.text}
            return info
        if (
            head.pos_ != "NOUN"
            or lemma not in PERSON_NOUNS
            or _has_name(self.doc, info.start or 0, info.end or 0)
            or not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        ):
            return info
        # "A Connecticut woman ... the woman he called ... the woman wrote": back through
        # the definite mentions to the indefinite one that introduced her, if it gave no name.
        for token in reversed(self.doc[: head.left_edge.i]):
            if token.lemma_.lower() != lemma or token.pos_ != "NOUN":
                continue
            if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
                a, b = token_chars(self.doc, token.left_edge.i, token.i)
                if not any(c.dep_ == "appos" for c in token.children):
                    info.type = "anonymous"
                    info.resolved_to = {"start": a, "end": b, "text": self.text[a:b]}
                break
            if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
                break  # "his mother", "mothers": another phrase, not this one again
        return info

    def _link(self, relation: Found, info: SourceInfo) -> dict[str, Any]:
        cue = {
            "start": relation.cue[0],
            "end": relation.cue[1],
            "text": self.text[relation.cue[0] : relation.cue[1]],
        }
        return {"source": info.as_dict(), "cue": cue}

    def _recipient_links(self, relation: Found) -> list[dict[str, Any]]:
        links = []
        for a, b, head in relation.recipients:
            kind, domain = source_type(self.doc, a, b, head)
            if kind == "news_outlet":
                source = SourceInfo(self.text[a:b], a, b, kind, domain)
                links.append({"source": source.as_dict(), "cue": None})
        return links

    def _chains(
        self, found: list[Found], infos: list[SourceInfo], links
    ) -> list[list[dict[str, Any]]]:
        """Outer relays first: enclosing attributions, then outlets the source spoke to."""
        order = sorted(range(len(found)), key=lambda k: found[k].cue[0])
        chains: dict[int, list[dict[str, Any]]] = {}

        def outer_of(k: int) -> int | None:
            cue = found[k].cue
            best = None
            for j, other in enumerate(found):
                if j == k or other.content is None or infos[j].type == "none":
                    continue
                a, b = other.content
                if (
                    a <= cue[0]
                    and cue[1] <= b
                    and (best is None or b - a < found[best].content[1] - found[best].content[0])
                ):
                    best = j
            return best

        relay: int | None = None  # an outlet announcing that what follows is its report
        resolving: set[int] = set()

        def chain(k: int) -> list[dict[str, Any]]:
            if k in chains:
                return chains[k]
            resolving.add(k)
            outer = outer_of(k)
            result: list[dict[str, Any]] = []
            if outer is not None and outer not in resolving:
                result = [*chain(outer), links[outer]]
            resolving.discard(k)
            chains[k] = result
            return result

        out: dict[int, list[dict[str, Any]]] = {}
        for k in order:
            base = chain(k)
            if (
                relay is not None
                and not base
                and infos[k].text != infos[relay].text
                and infos[k].type != "author"
            ):
                base = [links[relay]]
            out[k] = base + self._recipient_links(found[k])
            if self._announces_relay(found[k], infos[k]):
                relay = k
        return [out[k] for k in range(len(found))]

    def _announces_relay(self, relation: Found, info: SourceInfo) -> bool:
        """``Sputnik News reports further on ...``: an outlet's report with no clause of its own."""
        if info.type != "news_outlet":
            return False
        cue = self.doc[relation.cue_head]
        if cue.lemma_.lower() not in RELAY_VERBS:
            return False
        has_clause = any(c.dep_ in ("ccomp", "xcomp", "parataxis") for c in cue.children)
        quoted = relation.content is not None and self.text[relation.content[0]] in QUOTE_OPENERS
        return not has_clause and not quoted


def _after_dateline(relation: Found, datelines: list[Span], text: str) -> Found:
    """A content or source that starts with the dateline ("MOSCOW, Ru. – ...") starts after
    it; a source that is only the dateline ("CHARLOTTESVILLE, Va. — ...") is no source."""
    for role in ("content", "source"):
        extent = getattr(relation, role)
        if extent is None:
            continue
        start, end = extent
        for line in datelines:
            if line.start <= start < line.end:
                start = line.end
                while start < end and (text[start].isspace() or text[start] in "-–—:,"):
                    start += 1
                if start >= end:
                    relation = replace(relation, **{role: None, f"{role}_head": None})
                else:
                    relation = replace(relation, **{role: (start, end)})
                break
    return relation


#: "Syrian MP: 'Intelligence intercepted ...'" - headline convention: speaker, colon, claim.
_HEADLINE_SOURCE = re.compile(
    r"^(?P<source>[A-Z][\w'’.&-]*(?: [\w'’.&-]+){0,4}):\s+(?P<content>\S.{10,})$"
)
#: Section labels that also end in a colon but name no speaker.
_HEADLINE_LABELS = re.compile(
    r"^(?:breaking|update[ds]?|watch|video|exclusive|report|opinion|analysis|editorial|live|"
    r"photos?|poll|review|interview|explainer|fact check|op-ed|column)$",
    re.IGNORECASE,
)


def _headline_attribution(article: Article, doc, found: list[Found]) -> Found | None:
    """The headline's own attribution, which parsers miss: the colon is the cue."""
    title = article.title
    if not title or not article.text.startswith(title):
        return None
    match = _HEADLINE_SOURCE.match(title)
    if match is None or _HEADLINE_LABELS.match(match.group("source")):
        return None
    colon = match.end("source")
    if any(f.cue[0] < colon for f in found):
        return None  # the extractor already read the speaker part
    source = doc.char_span(0, colon, alignment_mode="contract")
    cue = doc.char_span(colon, colon + 1, alignment_mode="expand")
    if source is None or cue is None or len(source) == 0:
        return None
    if any(is_shouted_word(t) for t in source) and all(t.is_upper for t in source if t.is_alpha):
        return None  # "SHOCKING:": a kicker shouting, not a speaker
    return Found(
        cue=(colon, colon + 1),
        cue_head=cue[0].i,
        source=(0, colon),
        source_head=source.root.i,
        content=(match.start("content"), len(title)),
        content_head=None,
    )


class AttributionComponent:
    """Sets ``article.spans["attributions"]``: one span per attribution relation."""

    name = "attribution"
    needs_supported_language = True

    def __init__(self, method: str = "learned"):
        self.method = method
        self.extractor = extractor(method)
        self.fast_extractor = FastExtractor()

    def __call__(self, article: Article) -> Article:
        doc = article.doc
        if doc is None or not article.text.strip():
            article.spans["attributions"] = []
            return article
        parsed = article.meta.get("nlp_mode") != "fast" and doc.has_annotation("DEP")
        windows, long_sentences = _windows(doc)
        if windows is None:
            spans = self._find(article, doc, parsed, 0)
        else:
            # Relations are compared pairwise (overlaps, chains, antecedents), so a text far
            # longer than any article is searched a window of whole sentences at a time.
            spans = []
            for (lo, _), window in zip(windows, window_docs(doc, windows), strict=True):
                base = doc[lo].idx
                found = self._find(article, window, parsed, base)
                spans += [_shifted(span, base) for span in found]
            if len(doc_text(doc)) > ATTRIBUTION_WINDOW_CHARS:
                article.warnings.append(
                    f"the text is over {ATTRIBUTION_WINDOW_CHARS:,} characters long, so"
                    f" attributions were found within windows of about that many characters"
                )
            if long_sentences:
                article.warnings.append(
                    f"{long_sentences:,} sentence{'s' * (long_sentences != 1)} of over"
                    f" {MAX_SENTENCE_TOKENS:,} tokens {'were' if long_sentences != 1 else 'was'}"
                    " not searched for attributions"
                )
        article.meta["attribution_method"] = self.method if parsed else "fast"
        article.spans["attributions"] = spans
        return article

    def _find(self, article: Article, doc, parsed: bool, base: int) -> list[Span]:
        """The attribution spans of ``doc``, which starts at ``base`` in the article's text."""
        found = (self.extractor if parsed else self.fast_extractor).find(doc)
        text = doc_text(doc)
        regions = quote_regions(text)
        found = sorted(
            [_with_speaker(doc, f) for f in found] + _passive_statements(doc, found),
            key=lambda f: f.cue,
        )
        found = [
            f
            for f in found
            if is_statement_cue(doc, f.cue_head, f.cue, _quoted(text, f))
            and not _inside_quote(f, regions)
            and not _nominal(doc, f)
            and not _denied_without_content(doc, f)
            and not _bare_participle(doc, f)
        ]
        found = [_outer_speaker(doc, f) for f in found]
        found = sorted(found + _information_from(doc, found, regions), key=lambda f: f.cue)
        found = [_without_recipient_source(doc, f) for f in found]
        datelines = [
            Span(d.start - base, d.end - base, d.label) for d in article.spans.get("dateline", [])
        ]
        found = [_after_dateline(f, datelines, doc_text(doc)) for f in found]
        headline = _headline_attribution(article, doc, found) if base == 0 else None
        if headline is not None:
            found.insert(0, headline)
        return Describer(doc).describe(found)


#: Characters that close a quotation.
QUOTE_CLOSERS = "\"”’'»"


def _inside_quote(relation: Found, regions: list[tuple[int, int]]) -> bool:
    """A cue inside quotation marks is the quoted speaker's own account ('"He said I could
    stay," she recalled'): its claim rests on the speaker of the quote, whose relation is the
    one to report."""
    a, b = relation.cue
    return any(start < a and b < end for start, end in regions)


def _denied_without_content(doc, relation: Found) -> bool:
    """ "has not said much", "didn't report on the story": a statement denied, with no clause
    or quotation saying what was (not) said, cites nobody for anything."""
    cue = doc[relation.cue_head]
    if not any(c.dep_ == "neg" for c in cue.children):
        return False
    text = doc_text(doc)
    if relation.content is not None and text[relation.content[0]] in QUOTE_OPENERS:
        return False
    return not any(c.dep_ in ("ccomp", "parataxis", "xcomp") for c in cue.children)


def _bare_participle(doc, relation: Found) -> bool:
    """ "When black men accused of assault were presumed guilty": a past participle with no
    auxiliary and no clause describes someone, it reports no statement of theirs (the parser
    may still give it a subject)."""
    cue = doc[relation.cue_head]
    if cue.tag_ != "VBN" or cue.dep_ in ("ccomp", "parataxis"):
        return False
    if relation.source_head is None or doc[relation.source_head].pos_ != "NOUN":
        return False  # only a described common noun ("men accused of ..."), never a name
    if any(
        c.dep_ in ("aux", "auxpass", "ccomp", "dobj", "parataxis", "agent")
        or (c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON"))  # a finite verb mistagged
        for c in cue.children
    ):
        return False  # "Asked by reporters, ...", "DeVos ... said"
    return not _quoted(doc_text(doc), relation)


def _outer_speaker(doc, relation: Found) -> Found:
    """ "He tweeted that players should stand, saying they should ...": a participle of
    speech hung on a verb inside someone's reported clause is that someone's, not the
    clause's subject's."""
    cue = doc[relation.cue_head]
    if cue.tag_ != "VBG" or cue.dep_ != "advcl" or relation.source_head is None:
        return relation
    clause = cue.head
    outer = clause.head
    if clause.dep_ != "ccomp" or outer.lemma_.lower() not in SPEECH_VERBS | CONTENT_VERBS:
        return relation
    if doc[relation.source_head].head != clause:
        return relation
    speaker = next((c for c in outer.children if c.dep_ == "nsubj"), None)
    extent = _speaker_phrase(doc, speaker) if speaker is not None else None
    if extent is None:
        return relation  # the reporter is not in the parse: keep what the extractor found
    return replace(relation, source=extent, source_head=speaker.i)


def _nominal(doc, relation: Found) -> bool:
    """ "Trump's promise to ...", "Jackie's allegations": a statement named, not made here."""
    cue = doc[relation.cue_head]
    source = relation.source_head
    return cue.pos_ == "NOUN" and source is not None and doc[source].dep_ == "poss"


#: Children that describe a speaker rather than name it: left out of its phrase.
DESCRIPTION_DEPS = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj"}
#: Subjects that name nobody: "it was reported", "there were claims".
EMPTY_SUBJECTS = {"it", "there", "this", "that", "what", "which"}


def _speaker_phrase(doc, token) -> tuple[int, int] | None:
    """The phrase naming a speaker: ``token`` with its modifiers ("one of our insiders"),
    without relative clauses and appositions, in characters."""
    members = {t.i for t in token.subtree}
    for child in token.children:
        if child.dep_ in DESCRIPTION_DEPS or _about_a_thing(child):
            members -= {t.i for t in child.subtree}
    extent = trim_tokens(doc, *_contiguous(members | {token.i}, token.i))
    return token_chars(doc, *extent) if extent is not None else None


def _about_a_thing(prep) -> bool:
    """ "an informant *of a plan*": a phrase about a thing, not whom the speaker belongs to
    ("one *of our insiders*", "officials *of the ministry*", "a spokesman *for Google*")."""
    if prep.dep_ != "prep" or prep.lower_ != "of":
        return False
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(
        o.pos_ == "NOUN"
        and not o.ent_type_
        and o.lemma_.lower() not in PERSON_NOUNS | GOVERNMENT_WORDS
        and o.tag_ != "NNS"
        for o in objects
    )


def _speaker_of(cue):
    """Who a speech verb's own parse says spoke: the agent of a passive ("told by one of our
    insiders", "described by many") or a subject, also one after the verb ('"...," yelled a
    man'). None for a verb of no speech, or a subject that names nobody ("it was said")."""
    if cue.pos_ != "VERB" or cue.lemma_.lower() not in SPEECH_VERBS:
        return None
    for child in cue.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    subject = next((c for c in cue.children if c.dep_ == "nsubj"), None)
    if subject is None:
        subject = _inverted_speaker(cue)
    if subject is None or subject.lower_ in EMPTY_SUBJECTS:
        return None
    return subject


def _inverted_speaker(cue):
    """'"...!" yelled a man': after a closing quote, the noun the parser made the verb's
    object is its speaker."""
    doc = cue.doc
    before = doc[cue.i - 1] if cue.i > 0 else None
    if before is None or (
        before.text not in QUOTE_CLOSERS
        and not (before.text == "," and cue.i > 1 and doc[cue.i - 2].text in QUOTE_CLOSERS)
    ):
        return None
    return next(
        (c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i and c.pos_ != "PRON"), None
    )


def _with_speaker(doc, relation: Found) -> Found:
    """A relation whose source the extractor left out, given the speaker its verb's parse
    names: PolNeAR-trained scores often miss an agent or an inverted subject."""
    if relation.source is not None:
        return relation
    speaker = _speaker_of(doc[relation.cue_head])
    extent = _speaker_phrase(doc, speaker) if speaker is not None else None
    if extent is None:
        return relation
    return replace(relation, source=extent, source_head=speaker.i)


def _passive_statements(doc, found: list[Found]) -> list[Found]:
    """Passive speech verbs with an agent that the extractor did not report ("the mayor was
    notified by a confidential informant of ..."): the agent spoke, the subject listened."""
    taken = [f.cue for f in found]
    out = []
    for token in doc:
        if token.tag_ != "VBN" or not any(c.dep_ == "agent" for c in token.children):
            continue
        if any(a <= token.idx < b for a, b in taken):
            continue
        speaker = _speaker_of(token)
        extent = _speaker_phrase(doc, speaker) if speaker is not None else None
        if extent is None:
            continue
        clause = next((c for c in token.children if c.dep_ in ("ccomp", "xcomp")), None)
        content = None
        if clause is not None:
            bounds = trim_tokens(doc, clause.left_edge.i, clause.right_edge.i)
            content = token_chars(doc, *bounds) if bounds is not None else None
        out.append(
            Found(
                cue=token_chars(doc, token.i, token.i),
                cue_head=token.i,
                source=extent,
                source_head=speaker.i,
                content=content,
                content_head=clause.i if content is not None else None,
            )
        )
    return out


#: Verbs by which information is had from someone: "gleaned from a senior official".
OBTAIN_VERBS = words("glean obtain receive come get hear learn leak")
#: Nouns of what is had from someone; with them "comes from" reports a source.
INFORMATION_NOUNS = words("information details detail word news tip intelligence account")


def _information_from(doc, found: list[Found], regions) -> list[Found]:
    """ "Information gleaned from a senior House official", "the information comes straight
    from an anonymous source": a person or body the information rests on, with no speech
    verb to find. Only a person noun or a name counts as the one it came from (not "from
    the archive")."""
    taken = [f.cue for f in found]
    out = []
    for token in doc:
        if token.pos_ != "VERB" or token.lemma_.lower() not in OBTAIN_VERBS:
            continue
        noun = (
            token.head
            if token.dep_ == "acl"
            else next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")), None)
        )
        if noun is None or noun.lemma_.lower() not in INFORMATION_NOUNS:
            continue
        if any(a <= token.idx < b for a, b in taken) or any(a < token.idx < b for a, b in regions):
            continue
        speaker = next(
            (
                o
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "from"
                for o in c.children
                if o.dep_ == "pobj"
                and (o.lemma_.lower() in PERSON_NOUNS or o.ent_type_ in ("PERSON", "ORG"))
            ),
            None,
        )
        extent = _speaker_phrase(doc, speaker) if speaker is not None else None
        if extent is None:
            continue
        out.append(
            Found(
                cue=token_chars(doc, token.i, speaker.head.i),
                cue_head=token.i,
                source=extent,
                source_head=speaker.i,
            )
        )
    return out


#: Verbs whose next noun is the one spoken to: "told Erin Burnett", "asked the mayor".
RECIPIENT_VERBS = words("tell ask inform notify advise remind brief")


def _without_recipient_source(doc, relation: Found) -> Found:
    """ "Hayden told Erin Burnett": the one spoken to is no source, though a misparse may make
    it the object or even the subject; the speaker before the verb is, if there is one."""
    if relation.source_head is None or relation.source is None:
        return relation
    source, cue = doc[relation.source_head], doc[relation.cue_head]
    recipient = (
        source.head.i == cue.i
        and source.dep_ in ("dobj", "dative")
        and _inverted_speaker(cue) != source
    )
    after = (
        cue.lemma_.lower() in RECIPIENT_VERBS
        and relation.source[0] >= relation.cue[1]
        and not doc_text(doc)[relation.cue[1] : relation.source[0]].strip(" ")
    )
    if not (recipient or after):
        return relation
    speaker = next(
        (c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i and c.i != source.i), None
    )
    extent = trim_tokens(doc, speaker.left_edge.i, speaker.i) if speaker is not None else None
    if extent is None:
        return replace(relation, source=None, source_head=None)
    return replace(relation, source=token_chars(doc, *extent), source_head=speaker.i)


def _quoted(text: str, relation: Found) -> bool:
    """The relation's content is a quotation: it opens with one, or one closes right before
    the source and cue ('"...," he continued')."""
    if relation.content is not None and text[relation.content[0]] in QUOTE_OPENERS:
        return True
    first = min(relation.cue[0], relation.source[0] if relation.source else relation.cue[0])
    before = text[max(0, first - 6) : first].rstrip(" \n")
    # '...,” he said' / '...?” she asked': a quote that ends a sentence belongs to no one here
    return len(before) > 1 and before[-1] in QUOTE_CLOSERS and before[-2] in ",?!-–—"


def _windows(doc) -> tuple[list[tuple[int, int]] | None, int]:
    """Token ranges of whole sentences, each about ``ATTRIBUTION_WINDOW_CHARS`` long, with no
    sentence over ``MAX_SENTENCE_TOKENS`` (the parse of a giant sentence is a giant tree, and
    scoring candidates walks a subtree per pair); and how many such sentences were left out.
    ``None`` when the whole Doc is one window, as for any real article."""
    windows: list[tuple[int, int]] = []
    lo, long_sentences = None, 0
    for sent in doc.sents:
        if len(sent) > MAX_SENTENCE_TOKENS:
            long_sentences += 1
            if lo is not None:
                windows.append((lo, sent.start))
            lo = None
            continue
        if lo is None:
            lo = sent.start
        elif sent.end_char - doc[lo].idx > ATTRIBUTION_WINDOW_CHARS:
            windows.append((lo, sent.start))
            lo = sent.start
    if lo is not None:
        windows.append((lo, len(doc)))
    if long_sentences == 0 and len(windows) <= 1:
        return None, 0
    return windows, long_sentences


def _shifted(span: Span, base: int) -> Span:
    """A span found in a window, with every offset in it moved to the article's text."""
    return Span(
        span.start + base, span.end + base, span.label, span.score, _shift(span.attrs, base)
    )


def _shift(value: Any, base: int) -> Any:
    if isinstance(value, list):
        return [_shift(item, base) for item in value]
    if not isinstance(value, dict):
        return value
    out = {k: v if k == "reputation" else _shift(v, base) for k, v in value.items()}
    for key in ("start", "end"):
        if isinstance(value.get(key), int):
            out[key] = value[key] + base
    return out


@factory("attribution")
def make_attribution(method: str = "learned") -> AttributionComponent:
    return AttributionComponent(method=method)
