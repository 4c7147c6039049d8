"""Redlines show delegates what changed, word by word; a proposal made against an older
version is carried onto the current text, or its clash with later changes is shown."""

import re
from collections import Counter

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drafts import diffing
from drafts.diffing import (
    DIFF_TIMEOUT_SECONDS,
    Conflict,
    DiffOp,
    RebaseResult,
    rebase,
    redline,
    tokenize,
)

BASE = "ICTs are relevant to development"

# Diffing is quick, but a loaded CI machine should not fail a property on a slow example.
# Generating two disjoint edits filters out many draws; that is expected, not a smell here.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def _old(ops):
    return "".join(op.text for op in ops if op.kind != "insert")


def _new(ops):
    return "".join(op.text for op in ops if op.kind != "delete")


# --- redline -------------------------------------------------------------------------


def test_a_replaced_word_is_shown_deleted_and_inserted_whole():
    assert redline(BASE, "ICTs are essential to development") == (
        DiffOp("equal", "ICTs are "),
        DiffOp("delete", "relevant"),
        DiffOp("insert", "essential"),
        DiffOp("equal", " to development"),
    )


def test_a_word_that_changes_a_few_letters_is_not_split():
    ops = redline("the relevant Action Lines", "the relevance of Action Lines")

    assert DiffOp("delete", "relevant") in ops
    assert all("relevan" not in op.text or op.kind != "equal" for op in ops)


def test_a_hyphenated_word_and_a_paragraph_number_count_as_one_word():
    assert tokenize("multi-stakeholder Para 21bis, don't") == (
        "multi-stakeholder", " ", "Para", " ", "21bis", ",", " ", "don't",
    )  # fmt: skip


def test_identical_texts_are_all_equal_and_empty_texts_give_no_ops():
    assert redline(BASE, BASE) == (DiffOp("equal", BASE),)
    assert redline("", "") == ()
    assert redline("", BASE) == (DiffOp("insert", BASE),)


def test_the_diff_time_limit_is_set_explicitly():
    assert DIFF_TIMEOUT_SECONDS == 1.0


# Encoded texts as _token_diff builds them: one private-use code point per distinct token.
ENCODED = st.text(alphabet="".join(chr(0xE000 + i) for i in range(6)), max_size=80)


@relaxed
@given(ENCODED, ENCODED)
def test_the_fast_port_diffs_exactly_as_the_python_diff_match_patch(old, new):
    assert diffing._diff_encoded(old, new) == diffing.reference_diff(old, new)


TEXT = st.text(alphabet="ab cd\n.,-'[]12é", max_size=60)


@given(st.text(max_size=80))
def test_the_words_and_marks_of_any_text_join_back_to_it(text):
    assert "".join(tokenize(text)) == text


@relaxed
@given(TEXT, TEXT)
def test_a_redline_rebuilds_both_versions_exactly(old, new):
    ops = redline(old, new)

    assert _old(ops) == old
    assert _new(ops) == new
    assert all(op.text for op in ops)


@relaxed
@given(TEXT, TEXT)
def test_a_redline_never_cuts_a_word(old, new):
    ops = redline(old, new)

    for text, kinds in ((old, {"equal", "delete"}), (new, {"equal", "insert"})):
        cuts, position = set(), 0
        for op in ops:
            if op.kind in kinds:
                position += len(op.text)
                cuts.add(position)
        token_ends = set()
        for token in tokenize(text):
            token_ends.add(len(token) + max(token_ends, default=0))
        assert cuts <= token_ends | {0}
        for cut in cuts:
            assert not re.fullmatch(r"\w\w", text[cut - 1 : cut + 1])


# --- rebase: examples ----------------------------------------------------------------


def test_a_proposal_and_a_later_change_to_the_same_word_conflict_instead_of_garbling():
    # diff-match-patch's patch_apply turned this into "relevperiodic" and called it success.
    result = rebase(
        BASE,
        "ICTs are essential to development",
        "ICTs are periodically relevant to development",
    )

    assert result.merged is None
    assert not result.ok
    assert result.conflicts == (
        Conflict(
            start=8,
            end=17,
            base_text=" relevant",
            proposed_text=" essential",
            current_text=" periodically relevant",
        ),
    )


def test_a_proposal_is_carried_onto_a_text_changed_elsewhere():
    result = rebase(
        BASE,
        "ICTs are essential to development",
        "ICTs are relevant to sustainable development",
    )

    assert result == RebaseResult(
        merged="ICTs are essential to sustainable development", conflicts=()
    )
    assert result.ok


def test_two_insertions_at_the_same_point_are_a_conflict():
    result = rebase(
        BASE, "ICTs are highly relevant to development", "ICTs are very relevant to development"
    )

    assert result.merged is None
    assert [(c.proposed_text, c.current_text) for c in result.conflicts] == [(" highly ", " very ")]


def test_edits_to_adjacent_words_merge_because_the_space_between_is_unchanged():
    result = rebase(BASE, "ICTs are essential to development", "ICTs are relevant for development")

    assert result.merged == "ICTs are essential for development"


def test_the_same_change_made_on_both_sides_is_reported_so_a_person_can_confirm_it():
    proposed = "ICTs are essential to development"

    (conflict,) = rebase(BASE, proposed, proposed).conflicts

    assert conflict.proposed_text == conflict.current_text == "essential"


def test_every_clash_is_reported_with_its_place_in_the_base_text():
    base = "Building confidence and security in the use of ICTs is critical."
    proposed = "Building trust and security in the use of ICTs is essential."
    current = "Building confidence and safety in the use of ICTs is vital."

    result = rebase(base, proposed, current)

    assert [base[c.start : c.end] for c in result.conflicts] == [
        c.base_text for c in result.conflicts
    ]
    assert [(c.base_text, c.proposed_text, c.current_text) for c in result.conflicts] == [
        ("critical", "essential", "vital"),
    ]


# --- rebase: properties --------------------------------------------------------------

WORDS = [f"w{i}" for i in range(30)]  # the base text's words, all distinct
NEW_WORDS = [f"n{i}" for i in range(30)]  # words the edits bring in, never in the base


@st.composite
def word_edit(draw, length):
    """Replace base words [start, end) with new words; start == end is an insertion."""
    start = draw(st.integers(min_value=0, max_value=length))
    end = draw(st.integers(min_value=start, max_value=length))
    new = draw(st.lists(st.sampled_from(NEW_WORDS), max_size=3))
    assume(start < end or new)  # a real edit
    return start, end, new


def _apply_by_hand(words, *edits):
    result = list(words)
    for start, end, new in sorted(edits, reverse=True):
        result[start:end] = new
    return " ".join(result)


def _separated(first, second):
    """At least one unchanged base word lies between the two edits."""
    (s1, e1, _), (s2, e2, _) = sorted([first, second])
    return e1 < s2


@st.composite
def base_and_two_edits(draw):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=12, unique=True))
    return words, draw(word_edit(len(words))), draw(word_edit(len(words)))


@relaxed
@given(base_and_two_edits())
def test_edits_separated_by_an_unchanged_word_merge_as_if_made_by_hand(case):
    words, proposal, change = case
    assume(_separated(proposal, change))

    result = rebase(" ".join(words), _apply_by_hand(words, proposal), _apply_by_hand(words, change))

    assert result == RebaseResult(merged=_apply_by_hand(words, proposal, change), conflicts=())


def _overlap(first, second):
    """The edits share a base word, or one inserts at or inside the other's span."""
    (s1, e1, _), (s2, e2, _) = first, second
    if s1 < e1 and s2 < e2:
        return max(s1, s2) < min(e1, e2)
    return s1 <= e2 and s2 <= e1


@relaxed
@given(base_and_two_edits())
def test_overlapping_edits_are_always_reported_never_merged(case):
    words, proposal, change = case
    assume(_overlap(proposal, change))

    result = rebase(" ".join(words), _apply_by_hand(words, proposal), _apply_by_hand(words, change))

    assert result.merged is None
    assert result.conflicts


@relaxed
@given(TEXT, TEXT)
def test_a_proposal_on_an_unchanged_text_is_the_proposal(base, proposed):
    assert rebase(base, proposed, base) == RebaseResult(merged=proposed, conflicts=())


@relaxed
@given(TEXT, TEXT)
def test_an_empty_proposal_leaves_the_current_text_as_it_is(base, current):
    assert rebase(base, base, current) == RebaseResult(merged=current, conflicts=())


SMALL_VOCABULARY = ["ICTs", "are", "relevant", "to", "development", "periodically", "the"]


@st.composite
def repetitive_edit(draw, words):
    start = draw(st.integers(min_value=0, max_value=len(words)))
    end = draw(st.integers(min_value=start, max_value=min(len(words), start + 3)))
    new = draw(st.lists(st.sampled_from(SMALL_VOCABULARY), max_size=3))
    return _apply_by_hand(words, (start, end, new))


@st.composite
def repetitive_case(draw):
    words = draw(st.lists(st.sampled_from(SMALL_VOCABULARY), min_size=1, max_size=12))
    return " ".join(words), draw(repetitive_edit(words)), draw(repetitive_edit(words))


@relaxed
@given(repetitive_case())
def test_with_repeated_words_rebase_conflicts_or_keeps_every_inserted_word(case):
    base, proposed, current = case

    result = rebase(base, proposed, current)

    if result.merged is None:
        assert result.conflicts
        return
    merged_words = Counter(result.merged.split())
    base_words = Counter(base.split())
    # Whole words only: nothing like "relevperiodic".
    assert set(merged_words) <= set(SMALL_VOCABULARY)
    # Every word either side added is there ...
    assert merged_words >= Counter(proposed.split()) - base_words
    assert merged_words >= Counter(current.split()) - base_words
    # ... and, character for character, merged = proposed + current - base.
    assert Counter(result.merged) + Counter(base) == Counter(proposed) + Counter(current)


def test_a_proposal_survives_punctuation_and_words_added_at_both_ends():
    result = rebase(
        BASE,
        "ICTs are essential to development",
        "The ICTs are relevant to development.",
    )

    assert result.merged == "The ICTs are essential to development."
