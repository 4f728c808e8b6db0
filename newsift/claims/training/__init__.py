"""Training and evaluation of the claims stage: check-worthiness data (``claimdata``), its
near-duplicate-aware splits, fine-tuning (``finetune``, needs the ``train`` extra), training,
baselines and evaluation; attribution on PolNeAR (``brat`` standoff, ``attribution_train``,
``attribution_eval``); hedging on its gold set (``hedging_eval``). Run by ``newsift train`` and
``newsift evaluate``; never by ``analyze()``.
"""
