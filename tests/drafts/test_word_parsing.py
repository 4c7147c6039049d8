"""The secretariat imports a zero draft: its text blocks are read into chapters, numbered
paragraphs and alternatives, and every problem is named with its location (no database)."""

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.wordio.parsing import Block, ParsedDocument, parse
from meetings.demo.wsis10 import PARA_21_ALT_1, PARA_21_ALT_2, SAUDI_PARAS, VISION

VISION_B = VISION.chapters[1]
PARA_27 = SAUDI_PARAS[27][1]


def blocks(*texts, **hints) -> list[Block]:
    return [Block(text, **hints) for text in texts]


def texts_of(document: ParsedDocument) -> dict[tuple[str, str], list[str]]:
    return {
        (chapter.letter or "Annex", paragraph.display_number): paragraph.alternatives
        for chapter in document.chapters
        for paragraph in chapter.paragraphs
    }


def problems_of(document: ParsedDocument) -> list[str]:
    return [str(problem) for problem in document.problems]


def vision_chapter_b_as_typed() -> list[Block]:
    """Chapter B of the Vision laid out as the Chair's texts are: a lettered heading, numbered
    paragraphs, Para 21's alternatives in blocks of their own, Para 27 with its brackets."""
    typed = [
        Block("WSIS+10/4/26/Pre-agreed"),
        Block("WSIS+10 Vision for WSIS Beyond 2015", style="Title"),
        Block("Status as of 17 April 2014, COB"),
        Block(""),
        Block(f"B. {VISION_B.title}"),
    ]
    for number in range(1, 31):
        if number == 21:
            typed += [
                Block("21."),
                Block(f"ALT 1: {PARA_21_ALT_1}"),
                Block(f"ALT2: {PARA_21_ALT_2}"),
            ]
        elif number in SAUDI_PARAS:
            typed.append(Block(f"{number}. {SAUDI_PARAS[number][1]}"))
        else:
            typed.append(Block(f"{number}. Sample text for Para {number} of Chapter B."))
    return typed


def test_chapter_b_of_the_vision_is_read_with_para_21s_alternatives_and_para_27s_brackets():
    document = parse(vision_chapter_b_as_typed())

    assert document.problems == []
    assert document.is_importable
    [chapter] = document.chapters
    assert (chapter.letter, chapter.title) == ("B", VISION_B.title)
    assert chapter.heading == f"Chapter B: {VISION_B.title}"
    assert [p.display_number for p in chapter.paragraphs] == [str(n) for n in range(1, 31)]
    assert chapter.paragraphs[20].alternatives == [PARA_21_ALT_1, PARA_21_ALT_2]
    assert chapter.paragraphs[26].alternatives == [PARA_27]
    assert (
        chapter.paragraphs[26]
        .alternatives[0]
        .endswith("to avoid extra territorial actions.] [led by Saudi]")
    )
    assert document.title == "WSIS+10 Vision for WSIS Beyond 2015"


def test_the_masthead_is_front_matter_and_said_so():
    document = parse(vision_chapter_b_as_typed())

    assert [str(note) for note in document.notes[:3]] == [
        'block 1: "WSIS+10/4/26/Pre-agreed" is read as front matter before the first chapter; '
        "it is not imported",
        'block 2: "WSIS+10 Vision for WSIS Beyond 2015" is read as front matter before the '
        "first chapter; it is not imported",
        'block 3: "Status as of 17 April 2014, COB" is read as front matter before the first '
        "chapter; it is not imported",
    ]


@pytest.mark.parametrize(
    ("heading", "letter", "title"),
    [
        ("A. Preamble", "A", "Preamble"),
        ("Chapter B: Priority areas", "B", "Priority areas"),
        ("Chapter B. Priority areas", "B", "Priority areas"),
        ("CHAPTER C – Action Lines", "C", "Action Lines"),
        ("E: Measurement of the Action Lines", "E", "Measurement of the Action Lines"),
        ("II. Commitments", "II", "Commitments"),
    ],
)
def test_chapter_headings_as_the_secretariat_types_them(heading, letter, title):
    document = parse(blocks(heading, "1. Text."))

    assert [(c.letter, c.title, c.is_annex) for c in document.chapters] == [(letter, title, False)]
    assert document.problems == []


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Annex", "Annex"),
        (
            "ANNEX: List of referenced resolutions on human rights",
            "List of referenced resolutions on human rights",
        ),
        ("Annex — List of resolutions", "List of resolutions"),
        ("Annex I: Resolutions", "I: Resolutions"),
    ],
)
def test_an_annex_is_a_chapter_without_a_letter(heading, title):
    document = parse(blocks("A. Preamble", "1. Text.", heading, "1. A resolution."))

    annex = document.chapters[1]
    assert (annex.letter, annex.title, annex.is_annex) == ("", title, True)
    assert annex.heading == f"Annex: {title}"
    assert document.problems == []


def test_a_sentence_that_mentions_a_chapter_or_an_annex_is_text_not_a_heading():
    document = parse(
        blocks(
            "A. Preamble",
            "1. Text.",
            "Chapter B of the Vision is referred to here.",
            "Annex 2 lists the resolutions.",
        )
    )

    assert len(document.chapters) == 1
    assert document.chapters[0].paragraphs[0].alternatives == [
        "Text.\nChapter B of the Vision is referred to here.\nAnnex 2 lists the resolutions."
    ]


def test_word_headings_without_letters_become_chapters_lettered_in_order():
    document = parse(
        [
            Block("WSIS+10 Vision for WSIS Beyond 2015", heading_level=1),
            Block("Preamble", heading_level=1),
            Block("1. Text."),
            Block("Priority areas", heading_level=1),
            Block("1. Text."),
        ]
    )

    assert [(c.letter, c.title) for c in document.chapters] == [
        ("A", "Preamble"),
        ("B", "Priority areas"),
    ]
    assert document.title == "WSIS+10 Vision for WSIS Beyond 2015"
    assert 'block 2: "Preamble" has no letter: it becomes Chapter A' in map(str, document.notes)
    assert document.problems == []


def test_markdown_style_levels_title_then_chapters():
    document = parse(
        [
            Block("WSIS+10 Statement", heading_level=1),
            Block("A. Preamble", heading_level=2),
            Block("1. Text."),
            Block("Overview", heading_level=2),
            Block("1. Text."),
        ]
    )

    assert [(c.letter, c.title) for c in document.chapters] == [
        ("A", "Preamble"),
        ("B", "Overview"),
    ]


def test_a_sub_heading_inside_a_chapter_is_a_problem_not_a_silent_loss():
    document = parse(
        [
            Block("C. Action Lines", heading_level=1),
            Block("C1. The role of public governance authorities", heading_level=2),
            Block("1. Text."),
        ]
    )

    assert problems_of(document) == [
        'Chapter C, block 2: "C1. The role of public governance authorities" is a sub-heading; '
        'chapters have none here: make it a chapter heading (such as "C. Action Lines") or part '
        "of a paragraph's text"
    ]


@pytest.mark.parametrize("label", ["21bis.", "21 bis.", "21bis)", "21BIS."])
def test_an_inserted_paragraph_keeps_its_bis(label):
    document = parse(
        blocks("B. Priority areas", "21. Text.", f"{label} Inserted text.", "22. Text.")
    )

    assert [p.display_number for p in document.chapters[0].paragraphs] == ["21", "21bis", "22"]
    assert document.chapters[0].paragraphs[1].alternatives == ["Inserted text."]
    assert "Chapter B begins at paragraph 21" in str(document.notes[0])
    assert document.problems == []


def test_sub_items_and_unnumbered_blocks_stay_inside_their_paragraph():
    document = parse(
        blocks(
            "A. Preamble",
            "1. We reaffirm:",
            "(a) the Geneva Declaration of Principles;",
            "(b) the Tunis Commitment.",
            "This continues paragraph 1.",
            "2. Text.",
        )
    )

    assert texts_of(document) == {
        ("A", "1"): [
            "We reaffirm:\n(a) the Geneva Declaration of Principles;\n(b) the Tunis Commitment.\n"
            "This continues paragraph 1."
        ],
        ("A", "2"): ["Text."],
    }


def test_a_number_alone_takes_its_text_from_the_blocks_that_follow():
    document = parse(blocks("A. Preamble", "1.", "The text of paragraph 1."))

    assert texts_of(document) == {("A", "1"): ["The text of paragraph 1."]}


def test_alternatives_may_start_on_the_numbers_line():
    document = parse(blocks("B. Priority areas", "21. ALT 1: First text.", "ALT 2: Second text."))

    assert texts_of(document) == {("B", "21"): ["First text.", "Second text."]}


def test_each_alternative_keeps_its_own_continuation_blocks():
    document = parse(
        blocks("B. Priority areas", "21.", "ALT 1: First", "(a) item", "Alt. 2 – Second", "(a) x")
    )

    assert texts_of(document) == {("B", "21"): ["First\n(a) item", "Second\n(a) x"]}


def test_numbers_that_are_not_paragraph_numbers_stay_text():
    document = parse(blocks("A. Preamble", "1. Text.", "1.5 million people are connected."))

    assert texts_of(document) == {("A", "1"): ["Text.\n1.5 million people are connected."]}


def test_html_and_script_are_kept_as_the_literal_text_typed():
    typed = '<script>alert("x")</script> <b>bold</b> [<img src=file:///etc/passwd>] [led by X]'

    document = parse(blocks("A. Preamble", f"1. {typed}"))

    assert texts_of(document) == {("A", "1"): [typed]}
    assert document.problems == []


# --- problems, each with its location ---


def test_an_unclosed_bracket_is_located_by_chapter_paragraph_alternative_and_character():
    alt_2 = "x" * 111 + "[never closed"
    document = parse(blocks("B. Priority areas", "21.", "ALT 1: Fine.", f"ALT 2: {alt_2}"))

    assert problems_of(document) == [
        "Chapter B, Para 21, ALT 2, character 112: Opening bracket is never closed"
    ]
    assert document.problems[0].block == 4
    assert not document.is_importable


def test_a_stray_closing_bracket_is_located_too():
    document = parse(blocks("B. Priority areas", "27. Text] [led by Saudi]"))

    assert problems_of(document) == [
        "Chapter B, Para 27, character 5: Closing bracket has no matching opening bracket"
    ]


def test_a_missing_paragraph_number_is_named():
    typed = [Block("")] * 50 + blocks("B. Priority areas", *(f"{n}. Text." for n in range(1, 11)))
    typed.append(Block("12. Text."))

    document = parse(typed)

    assert len(typed) == 62
    assert problems_of(document) == [
        "Chapter B, block 62: a numbered paragraph 12 follows 10: 11 is missing"
    ]


def test_several_missing_numbers_are_given_as_a_range():
    document = parse(blocks("B. Priority areas", "1. a", "2. b", "7. c", "8bis. d"))

    assert problems_of(document) == [
        "Chapter B, block 4: a numbered paragraph 7 follows 2: 3-6 are missing",
        "Chapter B, block 5: a numbered paragraph 8bis follows 7: 8 is missing",
    ]


def test_a_number_used_twice_and_a_number_out_of_order_are_problems():
    document = parse(blocks("B. Priority areas", "1. a", "2. b", "2. c", "1bis. d"))

    assert problems_of(document) == [
        "Chapter B, block 4: paragraph 2 appears twice (also at block 3)",
        "Chapter B, block 5: paragraph 1bis follows 2: paragraphs must be in order",
    ]


def test_numbers_restart_in_each_chapter():
    document = parse(blocks("A. Preamble", "1. a", "2. b", "B. Priority areas", "1. c"))

    assert document.problems == []


def test_text_before_the_first_heading_is_a_problem():
    document = parse(blocks("Some introduction the secretariat typed.", "A. Preamble", "1. a"))

    assert problems_of(document) == [
        'block 1: text before the first chapter heading: "Some introduction the secretariat '
        'typed."; put it under a heading (such as "A. Preamble") or remove it'
    ]


def test_a_paragraph_before_the_first_heading_is_a_problem():
    document = parse(blocks("1. Orphan.", "(a) its item", "A. Preamble", "1. a"))

    assert problems_of(document) == [
        "block 1: paragraph 1 comes before the first chapter heading; add a heading (such as "
        '"A. Preamble") above it'
    ]
    assert texts_of(document) == {("A", "1"): ["a"]}


def test_text_between_a_heading_and_its_first_paragraph_is_a_problem():
    document = parse(blocks("A. Preamble", "We, the representatives …", "1. a"))

    assert problems_of(document) == [
        "Chapter A, block 2: text before the chapter's first numbered paragraph: \"We, the "
        'representatives …"; number it (such as "1. …") or remove it'
    ]


@pytest.mark.parametrize("typed", [[], [Block("")], [Block("  \n\t ")]])
def test_an_empty_document_is_a_problem(typed):
    document = parse(typed)

    assert problems_of(document) == ["document: the document is empty"]
    assert not document.is_importable


def test_a_document_without_headings_or_numbers_is_a_problem():
    assert "document: no chapter heading was found" in problems_of(parse(blocks("Prose.")))[-1]
    assert problems_of(parse(blocks("A. Preamble"))) == [
        'document: no numbered paragraph was found (such as "1. …")'
    ]


def test_alternatives_out_of_sequence_or_outside_a_paragraph_are_problems():
    document = parse(
        blocks("B. Priority areas", "ALT 1: lost", "21.", "ALT 1: a", "ALT 3: c", "22.", "ALT 2: b")
    )

    assert problems_of(document) == [
        "Chapter B, block 2: ALT 1 belongs to no numbered paragraph; put it after the "
        'paragraph\'s number (such as "21. ALT 1: …")',
        "Chapter B, Para 21 (block 5): ALT 3 follows ALT 1: ALT 2 is missing",
        "Chapter B, Para 22 (block 7): ALT 2 comes first: ALT 1 is missing",
    ]


def test_text_before_alt_1_is_a_problem_and_a_single_alt_is_noted():
    document = parse(
        blocks("B. Priority areas", "21. Chapeau", "ALT 1: a", "ALT 2: b", "22. ALT 1: c")
    )

    assert problems_of(document) == [
        'Chapter B, Para 21: text before ALT 1 belongs to no alternative: "Chapeau"; move it '
        "into each ALT or remove it"
    ]
    assert "Chapter B, Para 22: ALT 1 is its only alternative" in str(document.notes[-1])
    assert texts_of(document)[("B", "22")] == ["c"]


def test_a_paragraph_without_text_is_a_problem():
    document = parse(blocks("B. Priority areas", "21.", "22. b"))

    assert problems_of(document) == ["Chapter B, Para 21: no text"]


def test_the_platforms_limits_are_checked_before_anything_is_created():
    document = parse(
        blocks("B. Priority areas", "1. " + "x" * 30, "2. ALT 1: a", "ALT 2: b", "ALT 3: c"),
        max_text_length=20,
        max_alternatives=2,
    )

    assert problems_of(document) == [
        "Chapter B, Para 1: 30 characters; the limit is 20",
        "Chapter B, Para 2: 3 alternatives; the limit is 2",
    ]


def test_a_chapter_letter_used_twice_is_a_problem():
    document = parse(blocks("A. Preamble", "1. a", "A. Again", "1. b"))

    assert problems_of(document) == [
        "Chapter A, block 3: Chapter A appears twice (also at block 1)"
    ]


def test_a_heading_without_a_title_is_a_problem():
    document = parse(blocks("Chapter B", "1. a"))

    assert problems_of(document) == [
        'Chapter B, block 1: the heading gives no title: write it as "Chapter B: Priority areas …"'
    ]


def test_word_automatic_numbering_is_a_problem_that_says_what_to_do():
    document = parse(
        [Block("A. Preamble"), Block("We recognize …", auto_numbered=True), Block("1. typed")]
    )

    assert problems_of(document) == [
        "block 2: Word numbers this paragraph automatically, so its number is not part of the "
        'text: type the numbers ("21. …"), or save the file as Plain Text (.txt), which keeps '
        "them, and import that"
    ]


def test_a_table_is_a_problem():
    document = parse([Block("A. Preamble"), Block("1. a"), Block("", is_table=True)])

    assert problems_of(document) == [
        "block 3: a table cannot be imported: turn its content into numbered paragraphs"
    ]


def test_text_files_locate_problems_by_line():
    document = parse([Block("A. Preamble", line=3), Block("1. a", line=5), Block("3. c", line=9)])

    assert problems_of(document) == [
        "Chapter A, line 9: a numbered paragraph 3 follows 1: 2 is missing"
    ]


# --- properties ---

WORDS = st.text(alphabet=string.ascii_letters + ",;'-", min_size=1, max_size=12)


@st.composite
def paragraph_texts(draw) -> str:
    """Text as delegates write it: words, bracketed passages (nested), attributions."""
    pieces = draw(st.lists(WORDS, min_size=1, max_size=8))
    if draw(st.booleans()):
        inner = " ".join(draw(st.lists(WORDS, min_size=1, max_size=5)))
        if draw(st.booleans()):
            inner = f"{inner} [{draw(WORDS)}]"
        pieces.append(f"[{inner}]")
        if draw(st.booleans()):
            pieces.append("[led by Saudi]")
    if draw(st.booleans()):
        pieces.append("<script>alert(1)</script>")
    return " ".join(pieces) + "."


@st.composite
def documents(draw) -> list[tuple[str, str, list[tuple[int, int, list[str]]]]]:
    chapters = []
    letters = draw(st.lists(st.sampled_from("ABCDEFGH"), min_size=1, max_size=4, unique=True))
    for letter in sorted(letters):
        paragraphs = []
        for number in range(1, draw(st.integers(min_value=1, max_value=6)) + 1):
            for insertion in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):
                alternatives = draw(st.lists(paragraph_texts(), min_size=1, max_size=3))
                paragraphs.append((number, insertion, alternatives))
        chapters.append(
            (letter, " ".join(draw(st.lists(WORDS, min_size=1, max_size=4))), paragraphs)
        )
    return chapters


def as_exported(chapters) -> list[Block]:
    """The layout drafts.wordio.export writes: masthead, headings, "21.\\tALT 1: …"."""
    typed = [
        Block("WSIS+10/4/26/Pre-agreed", style="Symbol"),
        Block("Pre-agreed text of the Vision", style="Title"),
        Block("Status as of 17 April 2014, COB", style="Status as of"),
        Block("Pre-agreed (besides Paras 2, 21, 27-30)", style="Status line"),
    ]
    from drafts.numbering import display_number

    for letter, title, paragraphs in chapters:
        typed.append(Block(f"Chapter {letter}: {title}", heading_level=1, style="Heading 1"))
        typed.append(Block("Open", style="Status line"))
        for number, insertion, alternatives in paragraphs:
            label = display_number(number, insertion)
            if len(alternatives) == 1:
                typed.append(Block(f"{label}.\t{alternatives[0]}"))
                continue
            for position, text in enumerate(alternatives, start=1):
                prefix = f"{label}.\t" if position == 1 else ""
                typed.append(Block(f"{prefix}ALT {position}: {text}"))
    return typed


@settings(max_examples=150, deadline=None)
@given(documents())
def test_what_the_export_writes_reads_back_as_the_same_chapters_numbers_and_texts(chapters):
    document = parse(as_exported(chapters))

    assert document.problems == []
    assert [(c.letter, c.title) for c in document.chapters] == [(c[0], c[1]) for c in chapters]
    assert [
        [(p.number, p.insertion, p.alternatives) for p in c.paragraphs] for c in document.chapters
    ] == [c[2] for c in chapters]


TYPED_LINES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "A. Preamble",
            "Chapter B: x",
            "Annex",
            "21.",
            "21bis. x",
            "ALT 1: y",
            "ALT2:",
            "(a) z",
            "[",
            "]",
            "x [a] [led by Saudi]",
            "Status as of 1 May",
            "0. zero",
            "9999. n",
            "21zz. q",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.builds(
            Block,
            text=TYPED_LINES,
            heading_level=st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
            style=st.sampled_from(["", "Title", "Normal"]),
            auto_numbered=st.booleans(),
            is_table=st.booleans(),
        ),
        max_size=30,
    )
)
def test_any_input_gives_a_structure_and_located_problems_never_an_error(typed):
    document = parse(typed)

    for problem in document.problems + document.notes:
        assert problem.where and problem.message
        assert problem.block is None or 1 <= problem.block <= len(typed)
    stored = json.loads(json.dumps(document.structure()))
    again = ParsedDocument.from_structure(
        stored, [p.to_dict() for p in document.problems], [n.to_dict() for n in document.notes]
    )
    assert again.structure() == document.structure()
    assert again.problems == document.problems
    if not document.problems:
        assert document.paragraph_count > 0


def test_a_title_typed_in_bold_before_the_first_heading_is_front_matter():
    document = parse([Block("WSIS+10 Vision", bold=True), Block("A. Preamble"), Block("1. a")])

    assert document.problems == []
    assert document.title == "WSIS+10 Vision"
