"""Training and evaluation of the corpus stage: the narratives' pairwise decision on MSRP
(``pairs``) and the hand-grouped claims the narrative clustering is scored on
(``narrative_gold``). Run by ``newsift train narratives`` and the benchmarks.
"""
