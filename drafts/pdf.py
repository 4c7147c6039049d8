"""WeasyPrint, and nothing else: HTML and a stylesheet in, PDF bytes and a page count out.

Imported only by the code that renders (a worker), so that web processes never load WeasyPrint.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Pdf:
    data: bytes
    page_count: int


class ResourceRefused(Exception):
    pass


def refuse_every_url(url: str, *args, **kwargs):
    """The renderer fetches nothing: no file:// (which would read the server's disk), no http(s)
    (which would reach the network). Paragraph text is escaped anyway; this holds even if some
    template forgot. WeasyPrint skips the resource and logs the refusal."""
    raise ResourceRefused(f"The PDF renderer does not fetch {url[:200]}")


def html_to_pdf(html: str, *, stylesheet: str) -> Pdf:
    import weasyprint

    document = weasyprint.HTML(
        string=html, base_url="about:blank", url_fetcher=refuse_every_url
    ).render(stylesheets=[weasyprint.CSS(string=stylesheet, url_fetcher=refuse_every_url)])
    return Pdf(data=document.write_pdf(), page_count=len(document.pages))
