"""Training and evaluation of fact-check matching on the CheckThat! claim-retrieval layouts
(``checkthat``): the re-ranker fitted on BM25 candidates, its threshold chosen on held-out folds
for precision, MAP@k and precision/recall figures. Run by ``newsift train factchecks`` and
``newsift evaluate factchecks``; never by ``analyze()``.
"""
