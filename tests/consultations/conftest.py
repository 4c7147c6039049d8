import pytest

from drafts.models import Paragraph

PARA_21_ALT_1 = (
    "Recognizing the importance of maintaining the openness of the Internet architecture and of "
    "standards development processes, and continuing to maintain open, interoperable and "
    "innovative standards as key enablers for an inclusive information society."
)
PARA_21_ALT_2 = (
    "Ensuring the importance of maintaining open standards development processes in the ICT "
    "sector as key enablers for an inclusive information society."
)
PARA_27 = (
    "Building confidence and security in the use of ICTs is critical. [this includes recognizing "
    "the need for international agreements.] [led by Saudi]"
)


@pytest.fixture
def chapter_b(make_document):
    """Chapter B of a Vision: Para 20 plain, 21 with two ALTs, 27 with brackets."""
    document = make_document(
        chapters=(("B", 27),),
        texts={("B", 21): (PARA_21_ALT_1, PARA_21_ALT_2), ("B", 27): PARA_27},
    )
    return {p.number: p for p in Paragraph.objects.filter(chapter__document=document)}


@pytest.fixture
def para_21(chapter_b):
    return chapter_b[21]
