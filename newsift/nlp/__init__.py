"""NLP: sentences and named entities (spaCy), the parse where a later stage needs it.

``annotate`` loads spaCy once per process (without the parser in fast mode) and is the ``nlp``
component, adding the ``sentences`` and ``entities`` span groups.

May import: ``clean``, ``sources``, ``input`` and the core below the stages.
"""
