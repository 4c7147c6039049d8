"""The WSIS+10 negotiation as the Chair's outcomes of the fourth meeting record it (April 2014).

Source: shared/source/wsis10-mpp4-chair-outcomes.txt. Text quoted here is quoted exactly; where
the source gives no text, paragraphs carry sample text that says so.

Numbering of the Saudi Arabia paragraphs: the source announces "Chapter B, Paras No 27, 28, 29, 30
(Saudi Arabia)" and the status line "besides Paras 2, 21, 27-30", but prints the four texts
numbered 28-31. The demo numbers them 27-30, as the Chair's outcome and its status line do, keeps
each text exactly as given, and records the number printed beside it in the version's reason.
The paragraph's identity (its uid) is what matters; its number is only a label.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

PRE_AGREED = "pre_agreed"
OPEN = "open"

PROCESS = {
    "code": "WSIS+10",
    "slug": "wsis10",
    "name": "WSIS+10 Multistakeholder Preparatory Platform",
    "time_zone": "Europe/Zurich",
    "drafts_are_public": True,
    "description": (
        "WSIS+10 High-Level Event: Open Consultation Process, Multistakeholder Preparatory "
        "Platform (MPP). Phase Five: Fourth Physical Meeting, 14-17 April 2014, ITU Headquarters, "
        "Geneva. Chaired by Prof. Dr. V. Minkin (Russian Federation); Vice-Chairs Egypt, "
        "Switzerland and Saudi Arabia. www.wsis.org/review/mpp"
    ),
}

# (name, short name used in attributions, category, description)
STAKEHOLDERS = [
    ("Russian Federation", "", "government", ""),
    ("Egypt", "", "government", ""),
    ("Switzerland", "", "government", ""),
    ("Saudi Arabia", "Saudi", "government", ""),
    ("The Internet Democracy Project", "", "civil_society", ""),
    (
        "HEP",
        "",
        "civil_society",
        "Named only as 'HEP' in the source (focal point for Vision Chapter B, Para 21); the "
        "source does not expand the name or give its category.",
    ),
    ("International Telecommunication Union", "ITU", "un_entity", "Coordinates the secretariat."),
    (
        "United Nations Educational, Scientific and Cultural Organization",
        "UNESCO",
        "un_entity",
        "",
    ),
    ("United Nations Conference on Trade and Development", "UNCTAD", "un_entity", ""),
    ("Commission on Science and Technology for Development", "CSTD", "un_entity", ""),
    ("United Nations Development Programme", "UNDP", "un_entity", ""),
    ("United Nations Department of Economic and Social Affairs", "UNDESA", "un_entity", ""),
    ("World Meteorological Organization", "WMO", "un_entity", ""),
    ("United Nations Environment Programme", "UNEP", "un_entity", ""),
    ("World Health Organization", "WHO", "un_entity", ""),
    ("Universal Postal Union", "UPU", "un_entity", ""),
    ("International Trade Centre", "ITC", "un_entity", ""),
    ("International Labour Organization", "ILO", "un_entity", ""),
    ("Food and Agriculture Organization of the United Nations", "FAO", "un_entity", ""),
    ("World Intellectual Property Organization", "WIPO", "un_entity", ""),
    ("UN Women", "", "un_entity", ""),
    ("UN Regional Commissions", "", "un_entity", ""),
]

DEMO_PASSWORD = "wsis-demo-2014"  # noqa: S105 - demo mode only, printed on the console


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    stakeholder: str | None
    is_staff: bool = False


ACCOUNTS = [
    DemoAccount("chair", "Vladimir", "Minkin", "chair", "Russian Federation"),
    DemoAccount("vicechair", "N.", "El Saadany", "vice_chair", "Egypt"),
    DemoAccount("vicechair-saudi", "M.", "Almazyed", "vice_chair", "Saudi Arabia"),
    DemoAccount("vicechair-swiss", "F.", "Riehl", "vice_chair", "Switzerland"),
    DemoAccount(
        "secretariat", "J.", "Ponder", "secretariat", "International Telecommunication Union", True
    ),
    DemoAccount("focalpoint", "Demo", "Focal Point", "focal_point", "HEP"),
    DemoAccount("delegate", "Demo", "Delegate", "delegate", "Saudi Arabia"),
    DemoAccount("observer", "Demo", "Observer", "observer", None),
]


@dataclass(frozen=True)
class Para:
    number: int
    status: str
    alternatives: tuple[str, ...] = ()
    proposer: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class ChapterData:
    letter: str
    title: str
    paragraph_count: int
    is_annex: bool = False
    # Paragraphs that are open; every other one is pre-agreed.
    open_numbers: frozenset[int] = frozenset()
    # Paragraphs whose text the source gives, by number.
    given: dict[int, Para] = field(default_factory=dict)
    sample_subject: str = ""
    sample_texts: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentData:
    slug: str
    title: str
    short_title: str
    symbol_number: int
    chapters: tuple[ChapterData, ...]


AT_MEETING = "Pre-agreed at the fourth physical meeting of the MPP, 14-17 April 2014."

PARA_21_ALT_1 = (
    "Recognizing the importance of maintaining the openness of the Internet architecture and of "
    "standards development processes, and continuing to maintain open, interoperable and "
    "innovative standards as key enablers for an inclusive information society."
)
PARA_21_ALT_2 = (
    "Ensuring the importance of maintaining open standards development processes in the ICT "
    "sector as key enablers for an inclusive information society."
)
SAUDI_PARAS = {
    27: (
        28,
        "Building confidence and security in the use of ICTs, notably regarding topics such as "
        "personal data protection, privacy and security and robustness of networks, is critical. "
        "[this includes recognizing the need for international agreements to cooperate on "
        "security matters and to avoid unilateral assertions in national laws and to avoid extra "
        "territorial actions.] [led by Saudi]",
    ),
    28: (
        29,
        "Strengthening cooperation between all stakeholders in helping especially developing "
        "countries to identify and highlight cyber security best practices, including to "
        "encourage confidence and security in the use of ICTs, is another area that should be "
        "prioritized.",
    ),
    29: (
        30,
        "Enhancing national and regional capacity to address cybersecurity challenges by "
        "encouraging a culture of shared responsibility to address security risks, including by "
        "strengthening cooperation on cybersecurity issues between computer incident response "
        "teams.",
    ),
    30: (
        31,
        "Promoting a culture of online security and safety and encouraging, through collaboration "
        "among all stakeholders, international, regional and national cybersecurity strategies to "
        "protect users, including children.",
    ),
}

VISION_B_GIVEN = {
    21: Para(
        21,
        OPEN,
        (PARA_21_ALT_1, PARA_21_ALT_2),
        reason=(
            "ALT 1 and ALT 2 as listed in the Chair's outcomes of the fourth meeting; "
            "to be redrafted by HEP before the fifth meeting."
        ),
    ),
    **{
        number: Para(
            number,
            OPEN,
            (text,),
            proposer="Saudi Arabia",
            reason=(
                "Redraft by Saudi Arabia as listed in the Chair's outcomes of the fourth meeting "
                f"(printed there as paragraph {printed})."
            ),
        )
        for number, (printed, text) in SAUDI_PARAS.items()
    },
}

ACTION_LINES = [
    "C1. The role of public governance authorities and all stakeholders in the promotion of ICTs "
    "for development",
    "C2. Information and communication infrastructure",
    "C3. Access to information and knowledge",
    "C4. Capacity building",
    "C5. Building confidence and security in the use of ICTs",
    "C6. Enabling environment",
    "C7. ICT applications: benefits in all aspects of life",
    "C8. Cultural diversity and identity, linguistic diversity and local content",
    "C9. Media",
    "C10. Ethical dimensions of the Information Society",
    "C11. International and regional cooperation",
]

STATEMENT = DocumentData(
    slug="statement",
    title="WSIS+10 Statement on the Implementation of WSIS Outcomes",
    short_title="Statement",
    symbol_number=4,
    chapters=(
        ChapterData("A", "Preamble", 8, sample_subject="the Preamble of the Statement"),
        ChapterData(
            "B",
            "Overview of the implementation of Action Lines",
            12,
            sample_subject="Chapter B of the Statement",
        ),
        ChapterData(
            "C",
            "Challenges during implementation of Action Lines and new challenges that have emerged",
            10,
            sample_subject="Chapter C of the Statement",
        ),
        ChapterData(
            "",
            "List of referenced resolutions on human rights",
            2,
            is_annex=True,
            open_numbers=frozenset({1, 2}),
            sample_subject="the Annex of the Statement; Switzerland was asked to lead an informal "
            "consultation on it",
        ),
    ),
)

VISION = DocumentData(
    slug="vision",
    title="WSIS+10 Vision for WSIS Beyond 2015",
    short_title="Vision",
    symbol_number=25,
    chapters=(
        ChapterData(
            "A",
            "Preamble",
            14,
            open_numbers=frozenset({11}),
            sample_subject="the Preamble of the Vision",
        ),
        ChapterData(
            "B",
            "Priority areas to be addressed in the implementation of WSIS Beyond 2015",
            32,
            open_numbers=frozenset({2, 21, 27, 28, 29, 30}),
            given=VISION_B_GIVEN,
            sample_subject="Chapter B of the Vision",
        ),
        ChapterData(
            "C",
            "Action Lines",
            len(ACTION_LINES),
            open_numbers=frozenset(range(1, len(ACTION_LINES) + 1)),
            sample_subject="the Action Lines of the Vision, being revised by the Chair with the "
            "Vice-Chairs and the UN Agency focal points",
            sample_texts={
                number: f"Sample text for Action Line {line}: the source does not reproduce it."
                for number, line in enumerate(ACTION_LINES, start=1)
            },
        ),
        ChapterData(
            "E",
            "Measurement of the Action Lines",
            3,
            open_numbers=frozenset({1, 2, 3}),
            sample_subject="the measurement chapter of the Vision, being revised by the Chair",
        ),
        ChapterData(
            "",
            "List of referenced resolutions on human rights (the same as in the Statement)",
            2,
            is_annex=True,
            open_numbers=frozenset({1, 2}),
            sample_subject="the Annex of the Vision",
        ),
    ),
)

DOCUMENTS = (STATEMENT, VISION)


def paragraphs_of(chapter: ChapterData) -> list[Para]:
    """Every paragraph of the chapter: the source's text where given, sample text elsewhere."""
    paragraphs = []
    for number in range(1, chapter.paragraph_count + 1):
        if number in chapter.given:
            paragraphs.append(chapter.given[number])
            continue
        status = OPEN if number in chapter.open_numbers else PRE_AGREED
        text = chapter.sample_texts.get(number) or (
            f"Sample text for Para {number} of {chapter.sample_subject}: the source does not "
            "reproduce this paragraph."
        )
        paragraphs.append(Para(number, status, (text,)))
    return paragraphs


@dataclass(frozen=True)
class PublicationData:
    """A consolidated text the source lists, published chapter by chapter under its symbol."""

    document_slug: str
    chapter_letter: str
    document_number: int


# "Status as of 17 April 2014, COB": the end of the fourth physical meeting, in Geneva.
PUBLISHED_AS_OF = datetime(2014, 4, 17, 18, 0, tzinfo=ZoneInfo("Europe/Zurich"))
MEETING_NUMBER = 4
PUBLICATIONS = (
    PublicationData("statement", "A", 4),  # WSIS+10/4/4/Pre-agreed
    PublicationData("statement", "B", 5),  # WSIS+10/4/5/Pre-agreed
    PublicationData("statement", "C", 6),  # WSIS+10/4/6/Pre-agreed
    PublicationData("vision", "A", 25),  # WSIS+10/4/25/Pre-agreed
    PublicationData("vision", "B", 26),  # WSIS+10/4/26/Pre-agreed
)


@dataclass(frozen=True)
class PeriodData:
    """A comment period the demo opens on both documents."""

    title: str
    opens_at: datetime | None  # None: the moment the demo is loaded
    closes_at: datetime | None
    lasts: timedelta | None = None  # for a period opening when the demo is loaded


ZURICH = ZoneInfo("Europe/Zurich")
# "Comments received from WSIS stakeholders from 7th - 21st of March" (the source), closing at
# close of business in Geneva.
HISTORICAL_PERIOD = PeriodData(
    title="Comments received from WSIS stakeholders, 7-21 March 2014",
    opens_at=datetime(2014, 3, 7, 0, 0, tzinfo=ZURICH),
    closes_at=datetime(2014, 3, 21, 18, 0, tzinfo=ZURICH),
)
# Not in the source: without an open period, a document that has had one takes no input, and the
# demo's delegates could no longer propose. Opened when the demo is loaded, until close of
# business (18:00 Geneva time) 60 days later.
IN_SESSION_PERIOD = PeriodData(
    title="In session (demo)", opens_at=None, closes_at=None, lasts=timedelta(days=60)
)
PERIODS = (HISTORICAL_PERIOD, IN_SESSION_PERIOD)
