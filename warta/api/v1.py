"""JSON API v1, mounted at /api/v1/: the public reads and the staff writes, one OpenAPI 3.1
document at /api/v1/openapi.json, and a reference page at /api/v1/."""

from ninja import NinjaAPI

from warta.api import errors, reads, writes
from warta.api.auth import PerAddress

api = NinjaAPI(
    title="Warta API",
    version="1",
    description=(
        "Berita yang sudah terbit, untuk siapa saja (tanpa akun, di-cache seperti halaman "
        "pembaca), dan meja redaksi untuk staf dengan token API (Authorization: Bearer)."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    throttle=[PerAddress()],
)
errors.install(api)
api.add_router("/", reads.router)
api.add_router("/desk", writes.router)
