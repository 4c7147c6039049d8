"""Paragraph numbers: 21bis for an inserted paragraph, "2, 21, 27-30" in a status line."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafts.numbering import (
    MAX_INSERTION,
    SUFFIXES,
    compress_ranges,
    display_number,
    next_insertion,
    paragraph_key,
    parse_display_number,
    renumbered,
)


def test_a_paragraph_that_was_never_inserted_shows_its_plain_number():
    assert display_number(21) == "21"
    assert display_number(21, 0) == "21"


def test_paragraphs_inserted_after_21_are_21bis_then_21ter_then_21quater():
    assert [display_number(21, insertion) for insertion in (1, 2, 3)] == [
        "21bis",
        "21ter",
        "21quater",
    ]


def test_suffixes_follow_the_latin_adverbs_used_in_un_documents_up_to_vicies():
    assert [display_number(5, insertion) for insertion in range(1, MAX_INSERTION + 1)] == [
        "5bis", "5ter", "5quater", "5quinquies", "5sexies", "5septies", "5octies", "5novies",
        "5decies", "5undecies", "5duodecies", "5terdecies", "5quaterdecies", "5quindecies",
        "5sexdecies", "5septdecies", "5octodecies", "5novodecies", "5vicies",
    ]  # fmt: skip


def test_a_twentieth_insertion_asks_for_renumbering():
    with pytest.raises(ValueError, match="renumber the document"):
        display_number(21, MAX_INSERTION + 1)


@pytest.mark.parametrize(("number", "insertion"), [(0, 0), (-3, 0), (21, -1)])
def test_impossible_numbers_are_refused(number, insertion):
    with pytest.raises(ValueError):
        display_number(number, insertion)


@pytest.mark.parametrize(
    ("label", "expected"),
    [("21", (21, 0)), ("21bis", (21, 1)), ("21 bis", (21, 1)), ("21BIS", (21, 1)),
     (" 21 Ter ", (21, 2)), ("7quaterdecies", (7, 13)), ("7quater", (7, 3))],
)  # fmt: skip
def test_labels_typed_by_the_secretariat_are_read_back(label, expected):
    assert parse_display_number(label) == expected


@pytest.mark.parametrize("label", ["", "bis", "21b", "21 bisx", "21-bis", "0", "21.1", "٢١"])
def test_a_label_that_is_not_a_paragraph_number_is_refused_with_the_label_named(label):
    with pytest.raises(ValueError, match=re.escape(repr(label))):
        parse_display_number(label)


@given(
    number=st.integers(min_value=1, max_value=10_000),
    insertion=st.integers(min_value=0, max_value=MAX_INSERTION),
    space=st.sampled_from(["", " "]),
    upper=st.booleans(),
)
def test_every_label_reads_back_as_the_number_it_shows(number, insertion, space, upper):
    label = display_number(number, insertion)
    typed = f"{number}{space}{SUFFIXES[insertion]}"

    assert parse_display_number(label) == (number, insertion)
    assert parse_display_number(typed.upper() if upper else typed) == (number, insertion)


def test_labels_sort_in_document_order():
    labels = ["22", "21ter", 3, "21", "21bis"]

    assert sorted(labels, key=paragraph_key) == [3, "21", "21bis", "21ter", "22"]


def test_the_first_paragraph_inserted_after_21_gets_bis():
    assert next_insertion({0}) == 1


def test_the_second_paragraph_inserted_after_21_gets_ter():
    assert next_insertion([0, 1]) == 2


def test_a_deleted_21bis_is_not_reused_because_old_compilations_cite_it():
    assert next_insertion({0, 2}) == 3


def test_insertions_run_out_after_vicies():
    with pytest.raises(ValueError, match="renumber"):
        next_insertion(range(MAX_INSERTION + 1))


def test_final_renumbering_gives_consecutive_plain_numbers_in_document_order():
    assert renumbered(["20", "21", "21bis", 22, "22 TER"]) == {
        "20": 1,
        "21": 2,
        "21bis": 3,
        "22": 4,
        "22ter": 5,
    }


def test_renumbering_can_start_where_the_chapter_starts():
    assert list(renumbered(["1", "1bis", "2"], start=10).values()) == [10, 11, 12]


def test_renumbering_refuses_a_paragraph_listed_twice():
    with pytest.raises(ValueError, match="21bis appears twice"):
        renumbered(["21", "21bis", "21 bis"])


def test_the_status_line_of_chapter_b_lists_paras_2_21_27_to_30():
    assert compress_ranges([2, 21, 27, 28, 29, 30]) == "2, 21, 27-30"


def test_two_consecutive_paragraphs_already_make_a_range():
    assert compress_ranges([27, 28]) == "27-28"


def test_paragraph_lists_are_sorted_and_deduplicated():
    assert compress_ranges([30, 2, "28", 27, 29, 21, 2, "30"]) == "2, 21, 27-30"


def test_an_inserted_paragraph_is_listed_in_its_place_and_breaks_the_run():
    assert compress_ranges([20, 21, "21bis", 22, 23, "23 TER"]) == "20-21, 21bis, 22-23, 23ter"


def test_no_paragraphs_make_an_empty_list():
    assert compress_ranges([]) == ""


def test_a_single_paragraph_is_its_own_label():
    assert compress_ranges(["11"]) == "11"


def _expand(compressed: str) -> set[tuple[int, int]]:
    keys: set[tuple[int, int]] = set()
    for part in filter(None, compressed.split(", ")):
        if "-" in part:
            first, last = (int(n) for n in part.split("-"))
            keys.update((n, 0) for n in range(first, last + 1))
        else:
            keys.add(parse_display_number(part))
    return keys


LABELS = st.tuples(
    st.integers(min_value=1, max_value=40),
    st.integers(min_value=0, max_value=MAX_INSERTION).filter(lambda i: i < 3 or i == 19),
).map(lambda key: key[0] if key[1] == 0 else display_number(*key))


@given(st.lists(st.one_of(st.integers(min_value=1, max_value=40), LABELS)))
def test_a_compressed_list_names_exactly_the_paragraphs_given(numbers):
    compressed = compress_ranges(numbers)

    assert _expand(compressed) == {paragraph_key(n) for n in numbers}


@given(st.lists(st.integers(min_value=1, max_value=40)))
def test_a_compressed_list_of_plain_numbers_cannot_be_compressed_further(numbers):
    parts = [part for part in compress_ranges(numbers).split(", ") if part]
    bounds = [tuple(int(n) for n in part.split("-")) for part in parts]

    for earlier, later in zip(bounds, bounds[1:], strict=False):
        assert later[0] > earlier[-1] + 1
    for bound in bounds:
        assert len(bound) == 1 or bound[1] > bound[0]
