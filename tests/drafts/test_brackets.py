"""Brackets mark unagreed text; the Chair cannot pre-agree a paragraph that still has any."""

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drafts.brackets import (
    Attribution,
    BracketedPassage,
    BracketError,
    TextSegment,
    bracketed_passages,
    has_open_brackets,
    parse,
    to_text,
    validate,
)

PARA_28 = (
    "Building confidence and security in the use of ICTs, notably regarding topics such as "
    "personal data protection, privacy and security and robustness of networks, is critical. "
    "[this includes recognizing the need for international agreements to cooperate on "
    "security matters and to avoid unilateral assertions in national laws and to avoid "
    "extra territorial actions.] [led by Saudi]"
)


def test_paragraph_28_from_the_source_has_one_passage_led_by_saudi_arabia():
    nodes = parse(PARA_28)

    passages = [node for node in nodes if isinstance(node, BracketedPassage)]
    assert len(passages) == 1
    passage = passages[0]
    assert passage.text.startswith("this includes recognizing")
    assert passage.text.endswith("extra territorial actions.")
    assert passage.depth == 1
    assert passage.attributions == (
        Attribution(start=PARA_28.index("[led"), end=len(PARA_28), text="led by Saudi"),
    )
    assert to_text(nodes) == PARA_28


def test_agreed_text_is_a_single_segment():
    text = "Recognizing the importance of maintaining the openness of the Internet."

    assert parse(text) == (TextSegment(text=text, start=0),)
    assert not has_open_brackets(text)
    assert bracketed_passages(text) == ()


def test_empty_paragraph_parses_to_nothing():
    assert parse("") == ()
    assert not has_open_brackets("")


def test_the_rule_sees_brackets_left_in_paragraph_28():
    assert has_open_brackets(PARA_28)


def test_a_passage_may_be_proposed_by_one_stakeholder_and_supported_by_another():
    text = "Text [enhanced cooperation] [proposed by Egypt]\n[Supported by  Brazil] ends."

    passage = bracketed_passages(text)[0]

    assert passage.text == "enhanced cooperation"
    assert [a.text for a in passage.attributions] == [
        "proposed by Egypt",
        "Supported by  Brazil",
    ]
    assert len(bracketed_passages(text)) == 1
    assert to_text(parse(text)) == text


def test_whitespace_between_a_passage_and_its_attribution_is_kept_as_text():
    text = "a [b]  [ led by Saudi ] c"

    nodes = parse(text)

    assert nodes[1] == BracketedPassage(
        start=2,
        end=5,
        children=(TextSegment("b", 3),),
        attributions=(Attribution(start=7, end=23, text="led by Saudi"),),
        depth=1,
    )
    assert nodes[2] == TextSegment("  ", 5)
    assert nodes[1].attributions[0].raw == "[ led by Saudi ]"
    assert to_text(nodes) == text


def test_an_attribution_with_nothing_to_credit_still_counts_as_unagreed():
    text = "[led by Saudi] Building confidence is critical."

    passages = bracketed_passages(text)

    assert [p.text for p in passages] == ["led by Saudi"]
    assert passages[0].attributions == ()
    assert has_open_brackets(text)


def test_an_attribution_separated_from_the_passage_by_words_is_a_passage_of_its_own():
    text = "[security matters] and [led by Saudi]"

    assert [p.text for p in bracketed_passages(text)] == ["security matters", "led by Saudi"]


def test_ordinary_bracket_after_a_passage_is_a_second_passage():
    text = "[security matters] [and robustness of networks]"

    passages = bracketed_passages(text)

    assert [p.text for p in passages] == ["security matters", "and robustness of networks"]
    assert all(p.attributions == () for p in passages)


def test_nested_passages_are_listed_in_document_order_with_their_depth():
    text = "A [b [c] d [e [f]] g] h [i]"

    passages = bracketed_passages(text)

    assert [(p.text, p.depth) for p in passages] == [
        ("b [c] d [e [f]] g", 1),
        ("c", 2),
        ("e [f]", 2),
        ("f", 3),
        ("i", 1),
    ]
    assert [text[p.start : p.end] for p in passages][0] == "[b [c] d [e [f]] g]"


def test_an_attribution_inside_a_passage_credits_the_nested_passage():
    text = "[outer [inner] [supported by Switzerland] rest] [led by Egypt]"

    outer, inner = bracketed_passages(text)

    assert [a.text for a in outer.attributions] == ["led by Egypt"]
    assert [a.text for a in inner.attributions] == ["supported by Switzerland"]


def test_an_attribution_must_be_plain_text_to_credit_a_passage():
    # A nested bracket inside would itself be unagreed, so it cannot be a mere credit.
    text = "[text] [proposed by [Egypt]]"

    assert [p.text for p in bracketed_passages(text)] == ["text", "proposed by [Egypt]", "Egypt"]


def test_unclosed_bracket_is_reported_with_its_character_position():
    text = "Building confidence is critical. [this includes recognizing the need"

    with pytest.raises(BracketError) as caught:
        validate(text)

    assert caught.value.offset == 33
    assert str(caught.value) == "Opening bracket at character 34 is never closed"
    assert caught.value.message == str(caught.value)


def test_the_innermost_unclosed_bracket_is_the_one_reported():
    text = "[outer text [inner text [done] still inner"

    with pytest.raises(BracketError) as caught:
        parse(text)

    assert caught.value.offset == text.index("[inner")


def test_stray_closing_bracket_is_reported_with_its_character_position():
    text = "security matters] and [more]"

    with pytest.raises(BracketError, match="^Closing bracket at character 17 has no matching"):
        parse(text)


def test_a_stray_closing_bracket_is_reported_before_a_later_unclosed_one():
    with pytest.raises(BracketError) as caught:
        validate("a] [b")

    assert caught.value.offset == 1


def test_every_question_about_a_broken_text_raises_the_same_error():
    for check in (parse, validate, bracketed_passages, has_open_brackets):
        with pytest.raises(BracketError, match="character 3 is never closed"):
            check("ab[c")


def test_bracket_error_is_a_value_error_that_survives_pickling():
    error = BracketError("Opening bracket at character 3 is never closed", 2)

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, just made

    assert isinstance(copy, ValueError)
    assert (copy.offset, copy.message, str(copy)) == (2, error.message, error.message)


def test_five_thousand_nested_brackets_do_not_hit_the_recursion_limit():
    text = "[" * 5000 + "]" * 5000

    validate(text)
    passages = bracketed_passages(text)

    assert len(passages) == 5000
    assert passages[-1].depth == 5000
    assert to_text(parse(text)) == text
    assert has_open_brackets(text)


def test_five_thousand_nested_brackets_with_one_missing_reports_the_outermost_left():
    text = "[" * 5000 + "]" * 4999

    with pytest.raises(BracketError) as caught:
        validate(text)

    # The innermost 4,999 are all closed; the only one left open is the first.
    assert caught.value.offset == 0


# --- properties ---------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["ICTs", "security", " ", "  ", "\n", ".", ", ", "led by Saudi", "proposed by Egypt",
     "Supported by Brazil", "LED BY", "by", "ALT 1:", "bis"]
)  # fmt: skip
_PLAIN = st.lists(_WORDS, max_size=6).map("".join)


def _bracketed(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    passage = inner.map(lambda text: f"[{text}]")
    return st.lists(st.one_of(inner, passage), max_size=4).map("".join)


BALANCED = st.recursive(_PLAIN, _bracketed, max_leaves=30)


@given(BALANCED)
def test_any_balanced_text_parses_and_writes_back_unchanged(text):
    nodes = parse(text)

    assert to_text(nodes) == text
    for passage in bracketed_passages(text):
        assert text[passage.start : passage.end] == f"[{passage.text}]"
        for attribution in passage.attributions:
            assert text[attribution.start : attribution.end] == attribution.raw
            assert attribution.start >= passage.end


@given(BALANCED)
def test_every_bracket_is_either_a_passage_or_an_attribution(text):
    passages = bracketed_passages(text)
    attributions = [a for p in passages for a in p.attributions]

    assert len(passages) + len(attributions) == text.count("[")
    assert [p.start for p in passages] == sorted(p.start for p in passages)


@given(BALANCED)
def test_open_brackets_are_found_exactly_when_the_text_has_brackets(text):
    assert has_open_brackets(text) == ("[" in text)


@given(BALANCED, st.data())
def test_one_stray_opening_bracket_is_always_reported(text, data):
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    broken = text[:position] + "[" + text[position:]

    with pytest.raises(BracketError, match="is never closed") as caught:
        parse(broken)

    assert broken[caught.value.offset] == "["


@given(BALANCED, st.data())
def test_one_stray_closing_bracket_is_always_reported(text, data):
    position = data.draw(st.integers(min_value=0, max_value=len(text)))
    broken = text[:position] + "]" + text[position:]

    with pytest.raises(BracketError, match="has no matching opening bracket") as caught:
        parse(broken)

    assert broken[caught.value.offset] == "]"
