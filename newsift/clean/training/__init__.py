"""Training and evaluation of the cleaning stage: the line-labelled boilerplate gold set
(``goldset``), the cleaner scored on it (``evaluate``) and the line classifier trained and
cross-validated on it (``lineclass_train``). Run by ``newsift train|evaluate boilerplate`` and
``newsift data gold-*``; never by ``analyze()``.
"""
