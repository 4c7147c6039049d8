"""The secretariat imports a zero draft in the browser's forms: upload, preview with every
problem located, confirm (or discard); nobody else may, and nothing exists before confirming."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from drafts.models import Document, DocumentImport, ImportState

pytestmark = pytest.mark.django_db


def word_upload(*lines, name="zero-draft.docx"):
    document = docx.Document()
    for line in lines:
        if line.startswith("# "):
            document.add_heading(line[2:], 1)
        else:
            document.add_paragraph(line)
    output = io.BytesIO()
    document.save(output)
    return SimpleUploadedFile(name, output.getvalue())


UPLOAD = reverse("drafts:import_upload", kwargs={"process_slug": "wsis10"})


def test_the_secretariat_uploads_previews_and_confirms_a_zero_draft(client, process, secretariat):
    client.force_login(secretariat)

    uploaded = client.post(
        UPLOAD,
        {
            "file": word_upload(
                "# A. Preamble",
                "1. We, the representatives, reaffirm [the importance of] [led by Saudi] ICTs.",
                "2.",
                "ALT 1: One way.",
                "ALT 2: Another way.",
            )
        },
    )
    preview = client.get(uploaded["Location"])
    page = preview.content.decode()

    assert uploaded.status_code == 302
    assert not Document.objects.exists()
    assert "2 paragraphs recognised" in page
    assert "Chapter A: Preamble" in page
    assert '<span class="attribution">[led by Saudi]</span>' in page
    assert "ALT 2" in page

    confirmed = client.post(
        uploaded["Location"], {"title": "Zero draft", "short_title": "Zero", "slug": "zero"}
    )

    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/p/wsis10/zero/"
    document = Document.objects.get()
    assert [c.heading for c in document.chapters.all()] == ["Chapter A: Preamble"]
    assert DocumentImport.objects.get().state == ImportState.CONFIRMED


def test_a_file_with_unbalanced_brackets_shows_where_and_cannot_be_confirmed(
    client, process, secretariat
):
    client.force_login(secretariat)
    uploaded = client.post(
        UPLOAD, {"file": word_upload("# B. Priorities", "1. Fine.", "2. An [open bracket.")}
    )

    page = client.get(uploaded["Location"]).content.decode()
    confirmed = client.post(uploaded["Location"], {"title": "T", "short_title": "T"})

    assert "Chapter B, Para 2" in page and "never closed" in page
    assert "Import 2 paragraphs" not in page
    assert confirmed.status_code == 409
    assert not Document.objects.exists()


def test_a_corrupt_file_is_refused_on_the_upload_form(client, process, secretariat):
    client.force_login(secretariat)

    response = client.post(UPLOAD, {"file": SimpleUploadedFile("draft.docx", b"not a zip")})

    assert response.status_code == 400
    assert "draft.docx" in response.content.decode()
    assert not DocumentImport.objects.exists()


def test_a_discarded_import_creates_nothing(client, process, secretariat):
    client.force_login(secretariat)
    uploaded = client.post(UPLOAD, {"file": word_upload("# A. Preamble", "1. Text.")})
    document_import = DocumentImport.objects.get()

    response = client.post(reverse("drafts:import_discard", args=["wsis10", document_import.pk]))

    assert response.status_code == 302 and uploaded.status_code == 302
    document_import.refresh_from_db()
    assert document_import.state == ImportState.DISCARDED
    assert not Document.objects.exists()


@pytest.mark.parametrize("who", ["chair", "delegate", "observer"])
def test_only_the_secretariat_imports(client, process, request, who):
    client.force_login(request.getfixturevalue(who))

    page = client.get(UPLOAD)
    posted = client.post(UPLOAD, {"file": word_upload("# A. Preamble", "1. Text.")})

    assert (page.status_code, posted.status_code) == (403, 403)
    assert not DocumentImport.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, process):
    assert client.get(UPLOAD)["Location"].startswith("/accounts/login/")


def test_an_empty_upload_is_refused_on_the_form_and_stores_nothing(client, process, secretariat):
    client.force_login(secretariat)

    response = client.post(UPLOAD, {"file": SimpleUploadedFile("draft.docx", b"")})

    assert response.status_code == 400
    assert "empty" in response.content.decode()
    assert not DocumentImport.objects.exists()
