"""Uploads have a size limit (``UPLOAD_MAX_BYTES``) and are streamed: Django's handlers write any
file above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a temporary file chunk by chunk, and this handler,
first in ``FILE_UPLOAD_HANDLERS``, stops reading the body as soon as the limit is passed (or at
once when the request says it is bigger), so an oversized upload is never read whole."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

TOO_BIG = "upload_too_big"


def upload_too_big(request: Any) -> bool:
    """Whether this request's upload was refused for its size (the view says so in the form)."""
    return bool(getattr(request, TOO_BIG, False))


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0
        self.declared_too_big = False

    def _refuse(self) -> None:
        if self.request is not None:
            setattr(self.request, TOO_BIG, True)
        raise StopUpload(connection_reset=True)

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        # Room for the form's other fields; refused at the first file (the parser only catches
        # StopUpload while it reads the parts).
        self.declared_too_big = content_length > settings.UPLOAD_MAX_BYTES + 64 * 1024

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        if self.declared_too_big:
            self._refuse()
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            self._refuse()
        return raw_data  # the next handler (memory or temporary file) keeps it

    def file_complete(self, file_size: int) -> None:
        return None
