"""Every API error is JSON with a stable code (for programs) and an Indonesian message (for
people); a validation error names each field it refuses.

    {"code": "invalid", "message": "Data tidak sah.", "fields": {"headline": ["Wajib diisi."]}}
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from warta.news.actions import EditConflict, Embargoed, WorkflowError

logger = logging.getLogger("warta.api")


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid", "Data tidak sah.", {field: [message]})


def unknown(field: str, slug: object) -> ApiError:
    """A reference to something that does not exist (a section's slug, a photo's id): 404,
    naming the field."""
    message = f"Tidak ada yang bernama {slug!r}."
    return ApiError(404, "not_found", "Yang dirujuk tidak ditemukan.", {field: [message]})


# pydantic's error types, said in Indonesian.
_MESSAGES = {
    "missing": "Wajib diisi.",
    "string_too_long": "Terlalu panjang: paling banyak {max_length} karakter.",
    "string_too_short": "Terlalu pendek.",
    "too_long": "Terlalu banyak: paling banyak {max_length}.",
    "int_parsing": "Harus bilangan bulat.",
    "int_type": "Harus bilangan bulat.",
    "string_type": "Harus teks.",
    "list_type": "Harus daftar.",
    "bool_parsing": "Harus true atau false.",
    "datetime_parsing": "Waktu tidak sah (ISO 8601, misalnya 2026-12-05T10:00:00+07:00).",
    "datetime_from_date_parsing": "Waktu tidak sah (ISO 8601).",
    "date_parsing": "Tanggal tidak sah (YYYY-MM-DD).",
    "date_from_datetime_parsing": "Tanggal tidak sah (YYYY-MM-DD).",
    "greater_than_equal": "Paling kecil {ge}.",
    "less_than_equal": "Paling besar {le}.",
    "literal_error": "Pilihan tidak dikenal: {expected}.",
    "json_invalid": "JSON tidak sah.",
    "model_attributes_type": "Harus objek JSON.",
    "dict_type": "Harus objek JSON.",
}


def _field_errors(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        # loc is ("body", "payload", "headline"), ("form", "form", "caption") or ("query",
        # "limit"): keep the field's name.
        location = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "form")
        ]
        name = ".".join(
            location[1:] if len(location) > 1 and location[0] == "payload" else location
        )
        template = _MESSAGES.get(error.get("type", ""), "Nilai tidak sah.")
        try:
            message = template.format(**error.get("ctx", {}))
        except (KeyError, IndexError):
            message = template
        fields.setdefault(name or "body", []).append(message)
    return fields


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return api.create_response(request, body, status=status)


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn every failure into the error format above."""

    def handle(exc_type: type[Exception]) -> Any:
        return api.exception_handler(exc_type)

    @handle(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.fields)

    @handle(ValidationError)
    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields = _field_errors(list(exc.errors))
        return error_response(api, request, 422, "invalid", "Data tidak sah.", fields)

    @handle(DjangoValidationError)
    def refused_upload(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return error_response(
            api,
            request,
            422,
            "invalid",
            "Data tidak sah.",
            {"file": [str(m) for m in exc.messages]},
        )

    @handle(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024)
        return error_response(
            api,
            request,
            413,
            "too_large",
            f"Kiriman terlalu besar: selain berkas foto, paling banyak {limit:.1f} MB.",
        )

    @handle(MultiPartParserError)
    @handle(TooManyFieldsSent)
    def unreadable(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(
            api,
            request,
            400,
            "bad_request",
            "Kiriman tidak bisa dibaca: kirim formulir multipart/form-data yang utuh, "
            "dengan boundary-nya.",
        )

    @handle(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(
            api,
            request,
            401,
            "unauthorized",
            "Token API tidak ada, tidak dikenal, atau kedaluwarsa.",
        )
        response["WWW-Authenticate"] = 'Bearer realm="warta"'
        return response

    @handle(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(
            api, request, 403, "forbidden", "Peran Anda tidak mengizinkan tindakan ini."
        )

    @handle(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", "Tidak ditemukan.")

    @handle(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return error_response(
            api, request, 429, "rate_limited", "Terlalu banyak permintaan. Coba lagi sebentar lagi."
        )

    @handle(Embargoed)
    def embargoed(request: HttpRequest, exc: Embargoed) -> HttpResponse:
        until = timezone.localtime(exc.until).strftime("%d/%m/%Y %H:%M WIB")
        return error_response(
            api,
            request,
            409,
            "embargoed",
            f"Berita ini di bawah embargo sampai {until}: belum bisa diterbitkan atau dijadwalkan.",
        )

    @handle(WorkflowError)
    def wrong_state(request: HttpRequest, exc: WorkflowError) -> HttpResponse:
        return error_response(
            api, request, 409, "wrong_state", "Status artikel sudah berubah; muat ulang artikelnya."
        )

    @handle(EditConflict)
    def conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
        body = {
            "code": "conflict",
            "message": "Artikel sudah disimpan orang lain sejak revisi dasar Anda. Suntingan Anda "
            "disimpan sebagai revisi tersendiri; gabungkan lalu simpan dari revisi terbaru.",
            "latest_revision": exc.latest.pk,
            "kept_revision": exc.kept.pk,
        }
        return api.create_response(request, body, status=409)

    @handle(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {405: "method_not_allowed", 413: "too_large", 400: "bad_request"}
        return error_response(
            api,
            request,
            exc.status_code,
            codes.get(exc.status_code, "error"),
            "Permintaan tidak sah.",
        )

    @handle(DatabaseError)
    def unavailable(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
        logger.error("database unavailable for %s: %s", request.path, exc)
        response = error_response(
            api, request, 503, "unavailable", "Sedang gangguan. Coba lagi beberapa saat lagi."
        )
        response["Retry-After"] = "30"
        return response

    @handle(Exception)
    def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return error_response(
            api, request, 500, "server_error", "Terjadi gangguan di server. Coba lagi nanti."
        )
