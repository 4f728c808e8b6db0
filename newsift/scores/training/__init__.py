"""Training and evaluation of the scores: labelled article sets to one JSONL format
(``datasets``), feature rows through the analysis pipeline (``features``), fitting and
site-disjoint cross-validation with probes (``fit``), measures (``metrics``), the source prior
(``prior``), tables and model cards (``cards``) and the whole evaluation (``evaluate``). Run by
``newsift data prepare``, ``newsift train credibility`` and ``newsift evaluate credibility``;
never by ``analyze()``.
"""
