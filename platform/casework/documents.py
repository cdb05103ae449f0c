"""What a consultation may carry: the file's type comes from its first bytes
(its content), not from its name, and the name must agree with it."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from django.conf import settings

from casework.errors import DocumentRejected
from casework.models import DocumentType

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {
    ".pdf": DocumentType.PDF, ".jpg": DocumentType.JPG, ".jpeg": DocumentType.JPG,
    ".png": DocumentType.PNG, ".odt": DocumentType.ODT, ".docx": DocumentType.DOCX,
}
CONTENT_TYPES = {
    DocumentType.PDF: "application/pdf",
    DocumentType.JPG: "image/jpeg",
    DocumentType.PNG: "image/png",
    DocumentType.ODT: "application/vnd.oasis.opendocument.text",
    DocumentType.DOCX:
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_ODT_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.text"


def max_bytes() -> int:
    return int(getattr(settings, "CASEWORK_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _sniff_zip(upload) -> str | None:
    head = _read_head(upload, 30 + len(_ODT_MIMETYPE))
    # ODF: the first entry is the uncompressed "mimetype" file (ODF 1.2, 3.3).
    if head[30:30 + len(_ODT_MIMETYPE)] == _ODT_MIMETYPE:
        return DocumentType.ODT
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return DocumentType.DOCX
    return None


def _read_head(upload, size: int) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def sniff(upload) -> str | None:
    """The document type the content shows, or None for anything not allowed."""
    head = _read_head(upload, 16)
    if head.startswith(b"%PDF-"):
        return DocumentType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return DocumentType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return DocumentType.JPG
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(upload)
    return None


def check(upload) -> str:
    """The allowed type of ``upload`` (a Django UploadedFile or any file object
    with ``name`` and ``size``); DocumentRejected with the reason otherwise."""
    if upload is None:
        raise DocumentRejected("Selezionare un file.")
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    if size == 0:
        raise DocumentRejected("Il file è vuoto.")
    limit = max_bytes()
    if size > limit:
        raise DocumentRejected(
            f"Il file supera la dimensione massima di {limit // (1024 * 1024)} MB.")
    declared = EXTENSIONS.get(PurePath(getattr(upload, "name", "") or "").suffix.lower())
    if declared is None:
        raise DocumentRejected("Tipo di file non ammesso: sono accettati PDF, JPG, PNG, ODT "
                               "e DOCX.")
    actual = sniff(upload)
    if actual is None:
        raise DocumentRejected("Il contenuto del file non è un PDF, JPG, PNG, ODT o DOCX "
                               "valido.")
    if actual != declared:
        raise DocumentRejected(
            f"Il contenuto del file ({DocumentType(actual).label}) non corrisponde "
            f"all'estensione del nome.")
    return actual
