"""What a corpus row says about its date and site reaches the report the store keeps."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsift.core import to_article
from newsift.input.corpus import read_rows
from newsift.input.extract import extract_html

PAGE = (
    "<html><head><title>Vote</title><meta property='article:published_time' content='2021-05-04'>"
    "</head><body><article><h1>Vote</h1>"
    + "<p>The council voted on the new budget for the schools on Tuesday evening.</p>" * 8
    + "</article></body></html>"
)


def test_a_rows_date_and_site_reach_the_article():
    article = to_article(
        {"id": "a", "text": "Some text.", "published": "2020-01-02", "site": "Reuters"}
    )
    assert article.published == "2020-01-02"
    assert [(e.kind, e.text) for e in article.site.evidence] == [("html_metadata", "Reuters")]


def test_the_pages_own_date_is_kept_unless_the_row_has_one():
    page = to_article({"id": "p", "html": PAGE})
    extract_html(page)
    assert page.published == "2021-05-04"
    dated = to_article({"id": "p", "html": PAGE, "published": "2021-05-01"})
    extract_html(dated)
    assert dated.published == "2021-05-01"


def test_parquet_dates_and_sites_are_read_and_ids_from_position_marked(tmp_path):
    path = tmp_path / "rows.parquet"
    table = pa.table(
        {
            "id": ["x", None],
            "text": ["one", "two"],
            "published": pa.array([pa.scalar(19000, pa.date32()).as_py(), None]),
            "site": ["bbc.co.uk", None],
        }
    )
    pq.write_table(table, path)
    rows = list(read_rows(path))
    assert rows[0] == {"id": "x", "text": "one", "published": "2022-01-08", "site": "bbc.co.uk"}
    assert rows[1] == {"id": "1", "text": "two", "id_from_position": True}


def test_warc_records_keep_their_capture_date(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            "https://example.com/vote",
            "response",
            payload=io.BytesIO(PAGE.encode()),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2021-05-06T08:00:00Z"},
        )
        writer.write_record(record)
    [row] = read_rows(path)
    assert row["crawled"] == "2021-05-06T08:00:00Z"
    assert to_article(row).crawled == "2021-05-06T08:00:00Z"
