"""Which outlet published the article: from its URL, else from names found in the page.

Evidence is kept in order of strength (URL, then HTML metadata, then text), so a reader can see
why newsift believes the article comes from where it says.
"""

from __future__ import annotations

from newsift.article import Article, Evidence
from newsift.pipeline import FunctionComponent, factory
from newsift.sources.domains import registrable_domain
from newsift.sources.outlets import resolve_outlet_name


def identify_site(article: Article) -> None:
    site = article.site
    if article.url:
        domain = registrable_domain(article.url)
        if domain:
            site.domain = domain
            if not any(e.kind == "url" for e in site.evidence):
                site.evidence.insert(0, Evidence("url", article.url))
            return
    for evidence in site.evidence:
        if evidence.kind == "url":
            continue
        domain = resolve_outlet_name(evidence.text)
        if domain:
            site.domain = domain
            site.name = site.name or evidence.text
            return
    names = [e.text for e in site.evidence if e.kind == "text"]
    if names and not site.name:
        site.name = names[0]


@factory("site")
def make_site() -> FunctionComponent:
    return FunctionComponent("site", identify_site)
