"""Claims: which sentences make check-worthy claims, who each rests on, and how it hedges.

``checkworthiness`` scores each sentence (int8 ONNX MiniLM, calibrated); ``attribution/``
finds source, cue and content spans and types the source; ``hedging`` finds hedges, certainty,
evidence promised and unverifiable sourcing; ``component`` (the ``claims`` component) joins
them into claims and the sourcing signals. ``training/`` holds their data readers, training
and evaluation; nothing the analysis loads imports it.

May import: ``nlp``, ``clean``, ``sources``, ``input`` and the core below the stages.
"""
