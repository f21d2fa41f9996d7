"""Uploads have a size limit (a setting) and are streamed to disk, never read whole."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.core.files.uploadhandler import StopUpload
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from verbinding.imports.models import ImportRun
from verbinding.security.uploads import SizeLimitUploadHandler, upload_too_big


@override_settings(UPLOAD_MAX_BYTES=10_000)
def test_the_handler_stops_reading_once_the_limit_is_passed():
    request = RequestFactory().post("/")
    handler = SizeLimitUploadHandler(request)
    handler.handle_raw_input(io.BytesIO(), {}, 200_000, b"x")
    with pytest.raises(StopUpload):
        handler.new_file("file", "big.csv", "text/csv", 200_000)
    assert upload_too_big(request)

    honest = SizeLimitUploadHandler(RequestFactory().post("/"))
    honest.handle_raw_input(io.BytesIO(), {}, 5_000, b"x")
    honest.new_file("file", "ok.csv", "text/csv", None)
    assert honest.receive_data_chunk(b"a" * 6_000, 0) == b"a" * 6_000
    with pytest.raises(StopUpload):  # a body that lies about its length is stopped all the same
        honest.receive_data_chunk(b"a" * 6_000, 6_000)


@pytest.mark.django_db
@override_settings(UPLOAD_MAX_BYTES=10_000)
def test_an_oversized_import_is_refused_with_a_clear_message(cast):
    client = Client()
    client.force_login(cast.privacy_officer)
    big = SimpleUploadedFile("huur.csv", b"a;b\n" * 5_000, content_type="text/csv")
    response = client.post(reverse("imports:index"), {"file": big, "kind": ""})
    assert response.status_code == 200
    assert "groter dan" in response.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_a_big_upload_goes_to_a_temporary_file_not_memory(cast):
    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["file"] = request.FILES["file"]
        return HttpResponse("ok")

    from django.test import RequestFactory as RF

    request = RF().post("/", {"file": SimpleUploadedFile("b.csv", b"x" * 2_000_000)})
    view(request)
    assert isinstance(seen["file"], TemporaryUploadedFile)
