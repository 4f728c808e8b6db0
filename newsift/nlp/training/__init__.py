"""Training and evaluation of the nlp stage: the embedding model's export to int8 ONNX
(``embeddings``, needs the ``train`` extra) and the MSRP paraphrase pairs it is measured on
(``msrp``). Run by ``newsift train embeddings`` and the benchmarks; never by ``analyze()``.
"""
