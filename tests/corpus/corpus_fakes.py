"""A stand-in embedder: texts map to fixed unit vectors by the first keyword they contain."""

from __future__ import annotations

import numpy as np


class KeywordEmbedder:
    """``encode`` returns the vector of the first keyword found in each text (else a far one)."""

    def __init__(self, vectors: dict[str, list[float]]):
        self.vectors = {k: np.asarray(v, dtype=np.float32) for k, v in vectors.items()}
        self.dim = len(next(iter(self.vectors.values())))

    def encode(self, texts):
        out = []
        for text in texts:
            vector = next(
                (v for k, v in self.vectors.items() if k in text.lower()),
                np.eye(self.dim, dtype=np.float32)[-1],
            )
            out.append(vector / np.linalg.norm(vector))
        return np.array(out, dtype=np.float32)
