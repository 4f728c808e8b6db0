"""The 14 propaganda techniques of the PTC corpus (SemEval-2020 Task 11), each with a one-line
definition in our words, shown beside every span a reader sees."""

from __future__ import annotations

DEFINITIONS: dict[str, str] = {
    "Loaded_Language": "words with strong emotional connotations used to sway the reader",
    "Name_Calling,Labeling": "labelling the target with a word meant to make the audience fear, hate or admire it",
    "Repetition": "repeating the same message so that the audience accepts it",
    "Doubt": "questioning the credibility of someone or something",
    "Exaggeration,Minimisation": "making something seem larger, better or worse, or smaller, than it is",
    "Appeal_to_fear-prejudice": "seeking support by instilling fear or playing on prejudice",
    "Flag-Waving": "playing on a strong national or group feeling to justify an idea",
    "Causal_Oversimplification": "one cause given for an issue that has several",
    "Appeal_to_Authority": "a claim said to be true because an authority says so, with no other evidence",
    "Slogans": "a brief, striking phrase that may include labelling and stereotyping",
    "Whataboutism,Straw_Men,Red_Herring": "discrediting a position by pointing at hypocrisy, misrepresenting it, or changing the subject",
    "Black-and-White_Fallacy": "two alternatives presented as the only ones possible",
    "Thought-terminating_Cliches": "a short phrase that discourages critical thought and discussion",
    "Bandwagon,Reductio_ad_hitlerum": "join because everyone does, or reject because a hated group approves",
}  # fmt: skip

TECHNIQUES: tuple[str, ...] = tuple(sorted(DEFINITIONS))
