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
from datetime import date, datetime, timedelta
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


# --- The meetings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingData:
    number: int
    title: str
    starts_on: date
    ends_on: date
    venue: str
    phase: str = ""
    remote_links: str = ""
    agenda: tuple[str, ...] = ("statement", "vision")  # document slugs


MPP_PAGE = "https://www.wsis.org/review/mpp"
CONSOLIDATED_TEXTS = "http://www.itu.int/wsis/review/mpp/pages/consolidated-texts.html"

FOURTH_MEETING = MeetingData(
    number=4,
    phase="Phase Five",
    title="Fourth Physical Meeting",
    starts_on=date(2014, 4, 14),
    ends_on=date(2014, 4, 17),
    venue="ITU Headquarters, Geneva",
    # "in a remote and physical manner" (the source). The MPP page and the consolidated texts are
    # the source's own addresses; the webcast and the virtual room are made up for the demo (the
    # source prints only those of an earlier meeting).
    remote_links="\n".join(
        [
            f"MPP page {MPP_PAGE}",
            f"Consolidated texts {CONSOLIDATED_TEXTS}",
            "Webcast (demo address, made up) https://www.itu.int/ibs/wsis10-mpp4-demo/",
            "Virtual room (demo address, made up) https://connect.itu.int/wsis10-mpp4-demo/",
        ]
    ),
)
# "the Fifth Physical Meeting of the WSIS+10 MPP will be held from the 28-31 May 2014 in Geneva
# (WIPO Headquarters or CIGG)" (point 10): announced, nobody registered yet.
FIFTH_MEETING = MeetingData(
    number=5,
    title="Fifth Physical Meeting",
    starts_on=date(2014, 5, 28),
    ends_on=date(2014, 5, 31),
    venue="Geneva (WIPO Headquarters or CIGG)",
)
MEETING_CHAIR = "chair"  # the demo account of Prof. Dr. V. Minkin (Russian Federation)
VICE_CHAIRS = ("Egypt", "Switzerland", "Saudi Arabia")

# "More than 140 participants from 70 Countries participated in total in the meeting, in a remote
# and physical manner" (point 3). The demo has 142: its eight accounts, and generated delegates
# ("Delegate 1", "Delegate 2" of each stakeholder, with no password and no login) for these 70
# countries and organizations: those the source names, then common UN member states.
PARTICIPANTS = 142
MEMBER_STATES = [
    "Algeria",
    "Argentina",
    "Australia",
    "Austria",
    "Bangladesh",
    "Belgium",
    "Brazil",
    "Burkina Faso",
    "Canada",
    "Chile",
    "China",
    "Colombia",
    "Costa Rica",
    "Cuba",
    "Denmark",
    "Finland",
    "France",
    "Germany",
    "Ghana",
    "Greece",
    "India",
    "Indonesia",
    "Iran (Islamic Republic of)",
    "Italy",
    "Japan",
    "Kenya",
    "Lebanon",
    "Malaysia",
    "Mexico",
    "Morocco",
    "Netherlands",
    "Nigeria",
    "Norway",
    "Pakistan",
    "Poland",
    "Portugal",
    "Republic of Korea",
    "Rwanda",
    "Senegal",
    "South Africa",
    "Spain",
    "Sweden",
    "Tunisia",
    "Turkey",
    "United Arab Emirates",
    "United Kingdom of Great Britain and Northern Ireland",
    "United States of America",
    "Uruguay",
]
PARTICIPATING = [name for name, *_rest in STAKEHOLDERS] + MEMBER_STATES

# How the demo accounts took part: in the room every day, but the HEP focal point followed
# remotely and the observer remotely on the first two days.
ACCOUNT_ATTENDANCE = {"focalpoint": "remote", "observer": "remote"}
ACCOUNT_DAYS = {"observer": 2}


def generated_attendance(index: int, days: list[date]) -> dict[date, str]:
    """A generated delegate's days: about a third remote, some arriving late or leaving early,
    a few in the room at first and remote after. Deterministic, so reloading changes nothing."""
    mode = "remote" if index % 3 == 0 else "in_room"
    attended = days
    if index % 5 == 0:
        attended = days[1:]
    elif index % 7 == 0:
        attended = days[:2]
    if index % 11 == 0:
        return {day: "in_room" if n < 2 else "remote" for n, day in enumerate(attended)}
    return dict.fromkeys(attended, mode)


# The Chair's main outcomes, points 1-12, as the source gives them (the source's page breaks and
# link markup removed; its bullets are written "- ").
OUTCOME_POINTS = {
    1: (
        "The fourth physical meeting of the Multistakeholder Preparatory Platform (MPP-WSIS+10) "
        "(www.wsis.org/review/mpp) was held from the 14 to the 17 April 2014, in the ITU "
        "Headquarters, as part of the fifth phase of the WSIS+10 High-Level Event Open "
        "Consultation process. The purpose of this meeting was to have a pre-agreed text for the "
        "WSIS+10 Statement on the Implementation on WSIS Outcomes WSIS, and the chapters of the "
        "WSIS+10 Vision for WSIS Beyond 2015, including the 1st reading of the Action Lines that "
        "were pending the since the MPP meeting in February."
    ),
    2: (
        "The meeting was chaired by Prof. Dr. V. Minkin (Russian Federation), Chairman of the "
        "Council Working Group on WSIS and the Vice Chairs of the meeting were Egypt, Switzerland "
        "and Saudi Arabia."
    ),
    3: (
        "More than 140 participants from 70 Countries participated in total in the meeting, in a "
        "remote and physical manner. All WSIS Stakeholders, that is, governments, private sector, "
        "civil society and international organizations took active part in the meeting."
    ),
    4: (
        "The Director of the Development Sector, Mr Brahima Sanou, provided opening remarks. Mr "
        "Sanou highlighted that the event, which focuses on the impact of ICTs on development, "
        "will address the challenge of the WSIS overall review process, while providing a "
        "platform for multi-stakeholder coordination on the implementation of WSIS outcomes, with "
        "the involvement of all necessary UN focal points and relevant stakeholders. He "
        "emphasized that the Event is a coordinated effort of the whole UN family and it engages "
        "all UN agencies with a WSIS mandate. Mr Sanou reminded all participants that the WSIS+10 "
        "High Level Event as an extended version of the WSIS Forum is about implementation, and "
        "real impact of ICTs on development. Speaking about the sixth ITU World Telecommunication "
        "Development Conference, known as WTDC, which was held in Dubai from 30 March to 10 "
        "April, he informed that, the Conference, with 1313 participants from 137 countries, "
        "reaffirmed the global commitment to ICT as an enabler of sustainable development. It "
        "adopted the Dubai Action Plan of the ITU Development Sector as well as series of "
        "strategic resolutions, including on ICT infrastructure, cybersecurity and an enabling "
        "environment, areas where ITU plays the role of sole facilitator within the WSIS "
        "framework. Mr Sanou highlighted that the WTDC outcomes, which are fully aligned with the "
        "objectives of the WSIS Action Lines, will pave the way towards a series of impact "
        "oriented activities to be implemented beyond 2015."
    ),
    5: (
        "The opening session benefitted from the contributions by Mr. C. Wachholz representing "
        "UNESCO and Ms. Anne Miroux representing the CSTD Secretariat. They underlined the "
        "importance of the process being an important effort leading towards the Overall Review "
        "of the implementation of the WSIS outcomes by 2015. Ms. Miroux informed the meeting on "
        "the status of the discussions taking place at the UN General Assembly regarding the "
        "modalities of the Overall Review. She underlined that for the time being there is no "
        "consensus and discussions on this subject will continue."
    ),
    6: (
        "All the Action Line Facilitators including, ITU, UNESCO, UNCTAD, UNDP, UNDESA, WMO, "
        "UNEP, WHO, UPU, ITC, ILO, FAO, and UN Regional Commissions, as well as WIPO, UN Women "
        "contributed towards the development of the Action line documents in the Vision, within "
        "their respective mandates. It is important to note that all UN organizations serve as "
        "secretariat to the preparatory process, coordinated by the ITU."
    ),
    7: (
        "The meeting also acknowledged the presence of colleagues from UN Agencies , both in a "
        "physical and remote manner, ensuring that the WSIS+10 preparatory process is the one-UN "
        "process and that the UN family was working together ensuring that there were no "
        "duplications of efforts and resources."
    ),
    8: (
        "The meeting concluded with agreed texts for chapter A (besides Annex), B and C based on "
        "the Vice-Chair's proposals for the Statement and the proposals pending since the MPP "
        "meeting in February, for the first drafts including compilations reflecting the "
        "comments received by WSIS Stakeholders from 7th – 21st of March. All the detailed "
        f"submissions are available at {CONSOLIDATED_TEXTS} for consideration.\n"
        "\n"
        "WSIS+10 Statement on the Implementation of WSIS Outcomes\n"
        "- Agreed text of Preamble, Chapter A (Status as of 17 April 2014, COB) "
        "WSIS+10/4/4/Pre-agreed. (besides the Annex with the List of referenced resolutions on "
        "human rights)\n"
        "- Agreed text of Overview of the implementation of Action Lines, Chapter B (Status as of "
        "17 April 2014, COB) WSIS+10/4/5/Pre-agreed\n"
        "- Agreed text of Challenges-during implementation of Action Lines and new challenges "
        "that have emerged, Chapter C (Status as of 17 April 2014, COB) WSIS+10/4/6/Pre-agreed"
    ),
    9: (
        "The meeting concluded with pre-agreed texts for part A and B for Vision based on "
        "proposals by the Chair and Dr A.Kovac (available at: "
        f"{CONSOLIDATED_TEXTS}):\n"
        "\n"
        "WSIS+10 Vision for WSIS beyond 2015\n"
        "- Pre-agreed text of Preamble, Chapter A (Status as of 17 April 2014, COB) "
        "WSIS+10/4/25/Pre-agreed (besides Para 11 and the Annex (the same as in the Statement))\n"
        "- Pre-agreed text of Priority areas to be addressed in the implementation of WSIS Beyond "
        "2015, Chapter B (Status as of 17 April 2014, COB) WSIS+10/4/26/Pre-agreed (besides Paras "
        "2, 21, 27-30)"
    ),
    10: (
        "The meeting took note on the format of the WSIS+10 High-level Event that will comprise "
        "of a Forum Track and a High-level Track scheduled to be held on the 10-13th of June, 9th "
        "June pre-events at the ITU Headquarters, Geneva and that the Fifth Physical Meeting of "
        "the WSIS+10 MPP will be held from the 28-31 May 2014 in Geneva (WIPO Headquarters or "
        "CIGG)."
    ),
    11: (
        "The meeting agreed on the following deadlines, dates and way forward:\n"
        "\n"
        "- There was a proposal that Switzerland, as one of the Vice-Chairs of WSIS+10 MPP, leads "
        "the Informal Consultation on the Annex of the Statement and the Vision, that concerns "
        "the Human Rights Resolutions. Responding to this proposal the delegate from Switzerland "
        "informed all participants that he would check and update the Chairman on this item.\n"
        "\n"
        "- In preparations towards next physical meeting it was proposed that following paras "
        "for the Vision chapter B, C, and E will be redrafted by some focal points:\n"
        "\n"
        "Chapter B, Para No 21 (HEP)\n"
        "\n"
        f"ALT 1: {PARA_21_ALT_1}\n"
        "\n"
        f"ALT2: {PARA_21_ALT_2}\n"
        "\n"
        "Chapter B, Paras No 27, 28,29,30 (Saudi Arabia)\n"
        "\n" + "\n\n".join(f"{printed}. {text}" for printed, text in SAUDI_PARAS.values()) + "\n\n"
        "Chapter C and E: The Chairman was advised to revise the Action Lines and their "
        "Measurement in close collaboration with the Vice- Chairs and the UN Agency focal points, "
        "the following was proposed for the revised documents:\n"
        "- Text needs to be made simple, concise and relevant as well as to be in line with the "
        "Action Lines defined by the Geneva Plan of Action be considered as for continuation "
        "beyond 2015;\n"
        "- Repetition of the essence of the paragraphs needs to be avoided."
    ),
    12: (
        "It was agreed that all above mentioned texts should be published on the website by the "
        "15th of May."
    ),
}
DECISIONS = frozenset({11, 12})
# Point 8 links the Statement's three consolidated texts, point 9 the Vision's two (document
# numbers, meeting 4); point 11 the Vision's Chapter B paragraphs it sends out for redrafting.
POINT_PUBLICATIONS = {8: (4, 5, 6), 9: (25, 26)}
POINT_PARAGRAPHS = {11: ("vision", "B", (21, 27, 28, 29, 30))}


@dataclass(frozen=True)
class ActionItemData:
    text: str
    point: int
    due_on: date
    owner_stakeholder: str | None = None  # else the secretariat
    done: bool = False


ACTION_ITEMS = (
    # Point 12; the texts were published (WSIS+10/4/4-6, /4/25-26), so it is done.
    ActionItemData(
        "All above mentioned texts published on the website", 12, date(2014, 5, 15), done=True
    ),
    # Point 11: due before the fifth meeting and never reported back, so overdue (intended).
    ActionItemData(
        "Check and update the Chairman on leading the Informal Consultation on the Annex (Human "
        "Rights Resolutions)",
        11,
        date(2014, 5, 27),
        owner_stakeholder="Switzerland",
    ),
)


@dataclass(frozen=True)
class AssignmentData:
    stakeholder: str
    chapter_letter: str
    numbers: tuple[int, ...]
    instruction: str


# Point 11: "In preparations towards next physical meeting it was proposed that following paras
# for the Vision chapter B, C, and E will be redrafted by some focal points".
ASSIGNMENTS = (
    AssignmentData(
        "HEP",
        "B",
        (21,),
        "Redraft Chapter B, Para 21 (ALT 1 and ALT 2) in preparation for the fifth physical "
        "meeting (the Chair's main outcomes of the fourth meeting, point 11).",
    ),
    AssignmentData(
        "Saudi Arabia",
        "B",
        (27, 28, 29, 30),
        "Redraft Chapter B, Paras 27-30 in preparation for the fifth physical meeting (the "
        "Chair's main outcomes of the fourth meeting, point 11).",
    ),
)
# The redraft service takes only a due date in the future, so the demo's assignments fall due at
# close of business this many days after loading (like its open comment period); they are
# recorded as made on the last day of the fourth meeting.
ASSIGNMENTS_DUE_AFTER = timedelta(days=30)
ASSIGNED_AT = datetime(2014, 4, 17, 17, 0, tzinfo=ZURICH)
ON_SCREEN = ("vision", "B", 21)
