"""Every change to negotiated text is a new version: nothing is overwritten, nothing is lost."""

import pytest

from drafts import services
from drafts.models import ImmutableRecordError, Paragraph, ParagraphVersion
from processes.errors import ActionNotAllowed, InvalidInput
from tests.factories import StakeholderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def para_1(make_document):
    document = make_document(texts={("A", 1): "Original text."})
    return Paragraph.objects.get(chapter__document=document, number=1)


def test_a_revision_adds_a_version_and_keeps_the_old_one(para_1, secretariat):
    saudi = StakeholderFactory(name="Saudi Arabia")

    version = services.revise_paragraph(
        paragraph=para_1,
        alternatives=[services.AlternativeText(text="Revised text.", proposer=saudi)],
        actor=secretariat,
        expected_version=1,
        reason="Accepted Saudi Arabia's amendment.",
        on_behalf_of=saudi,
    )

    para_1.refresh_from_db()
    assert para_1.current_version == version
    assert (version.sequence, version.author, version.on_behalf_of) == (2, secretariat, saudi)
    assert [v.alternatives.get().text for v in para_1.versions.order_by("sequence")] == [
        "Original text.",
        "Revised text.",
    ]


def test_versions_cannot_be_edited_or_deleted(para_1):
    version = para_1.current_version

    version.reason = "rewritten history"
    with pytest.raises(ImmutableRecordError):
        version.save()
    with pytest.raises(ImmutableRecordError):
        version.delete()
    alternative = version.alternatives.get()
    alternative.text = "rewritten"
    with pytest.raises(ImmutableRecordError):
        alternative.save()

    assert ParagraphVersion.objects.get(pk=version.pk).alternatives.get().text == "Original text."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Open [bracket that never closes.", "Opening bracket at character 6 is never closed"),
        ("A stray ] bracket.", "Closing bracket at character 9 has no matching opening bracket"),
        ("   ", "is empty"),
        ("x" * 10_001, "has 10001 characters; the limit is 10000"),
    ],
)
def test_bad_text_is_refused_with_a_clear_message_and_nothing_is_saved(
    para_1, secretariat, text, message
):
    with pytest.raises(InvalidInput, match=message):
        services.revise_paragraph(
            paragraph=para_1,
            alternatives=[services.AlternativeText(text=text)],
            actor=secretariat,
            expected_version=1,
            reason="",
        )

    assert para_1.versions.count() == 1


def test_delegates_and_observers_cannot_change_the_text(para_1, delegate, observer):
    for person in (delegate, observer):
        with pytest.raises(ActionNotAllowed):
            services.revise_paragraph(
                paragraph=para_1,
                alternatives=[services.AlternativeText(text="Mine now.")],
                actor=person,
                expected_version=1,
                reason="",
            )
    assert para_1.versions.count() == 1


def test_only_the_secretariat_sets_up_documents(process, chair, delegate):
    for person in (chair, delegate):
        with pytest.raises(ActionNotAllowed):
            services.create_document(
                process=process, title="Statement", short_title="Statement", actor=person
            )
