"""Open an int8 ONNX text model shipped in the package (check-worthiness, embeddings): its
settings, its tokenizer and an onnxruntime session, the same way for every model.

The tokenizer truncates and never pads: int8 dynamic quantisation scales activations per call,
so these models run one text per call (a batch would make a text's output depend on its
neighbours). Any unreadable piece means a broken install, reported as one ModelError that names
the command which rebuilds the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsift.errors import ModelError


def open_text_model(
    model_dir: Path,
    *,
    max_tokens: int,
    threads: int,
    what: str,
    rebuild: str,
    required: tuple[str, ...] = (),
) -> tuple[dict[str, Any], Any, Any]:
    """``(settings, tokenizer, session)`` from ``model.json``, ``tokenizer.json`` and
    ``model.onnx`` in ``model_dir``; ``required`` names settings the caller cannot do without."""
    import onnxruntime
    from tokenizers import Tokenizer

    try:
        settings = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
        missing = [key for key in required if key not in settings]
        if missing:
            raise KeyError(", ".join(missing))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_tokens)
        tokenizer.no_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
    except Exception as err:  # any unreadable piece means a broken install
        raise ModelError(
            f"the {what} model in {model_dir} cannot be loaded ({type(err).__name__}: {err});"
            f" run `{rebuild}` or reinstall newsift"
        ) from None
    return settings, tokenizer, session
