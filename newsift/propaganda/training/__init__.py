"""Training and evaluation of the propaganda stage on the PTC layout (SemEval-2020 Task 11):
``newsift train propaganda`` and ``newsift evaluate propaganda``; never run by ``analyze()``."""
