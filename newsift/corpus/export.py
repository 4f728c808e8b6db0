"""A store as one flat file for other tools: a row per stored input row, scores and counts as
columns, Parquet or JSONL."""

from __future__ import annotations

import os
from pathlib import Path

from newsift.corpus.store import connect
from newsift.errors import OutputError

#: The articles table without the store's bookkeeping, then the error rows, one table.
_ROWS = """
SELECT a.* EXCLUDE (seq, input_hash, id_from_position, batch, stored_at),
       NULL::VARCHAR AS error, NULL::VARCHAR AS error_type{report}
FROM articles a {join}
UNION ALL BY NAME
SELECT id, url, error, error_type FROM errors
"""


def export(
    store: str | Path, out: str | Path, *, overwrite: bool = False, reports: bool = False
) -> int:
    """Write the store's rows to ``out`` (.parquet or .jsonl); returns how many rows."""
    out = Path(out)
    name = out.name.lower()
    if name.endswith(".parquet"):
        fmt = "PARQUET"
    elif name.endswith((".jsonl", ".ndjson")):
        fmt = "JSON"
    else:
        raise OutputError(f"{out}: export to .parquet or .jsonl")
    if out.exists() and not overwrite:
        raise OutputError(f"{out} exists; pass --overwrite to replace it")
    if out.is_dir() or not out.parent.is_dir():
        raise OutputError(f"cannot write {out}: not a file in an existing folder")
    sql = _ROWS.format(
        report=", r.report" if reports else "",
        join="JOIN reports r USING (id)" if reports else "",
    )
    partial = out.with_name(f".{out.name}.partial")  # renamed into place only when complete
    con = connect(store, write=False)
    try:
        count = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
        con.execute(f"COPY ({sql} ORDER BY id) TO '{_quote(partial)}' (FORMAT {fmt})")
        os.replace(partial, out)
    except OSError as err:
        raise OutputError(f"cannot write {out}: {err.strerror or err}") from None
    except Exception as err:  # duckdb.Error: an unwritable folder, a full disk
        raise OutputError(f"cannot write {out}: {err}") from None
    finally:
        con.close()
        partial.unlink(missing_ok=True)
    return count


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")
