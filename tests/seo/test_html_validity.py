"""Every reader page type passes the Nu Html Checker (npm vnu-jar, run with the machine's Java)."""

from __future__ import annotations

import pytest

from tests.seo.conftest import page_urls
from tests.validators import vnu_errors

pytestmark = pytest.mark.django_db


def test_every_page_type_has_no_html_errors(client, newsroom, tmp_path):
    files = []
    for name, url in page_urls(newsroom).items():
        response = client.get(url)
        assert response.status_code in (200, 404), url
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(path)
    errors = vnu_errors(files)
    assert not errors, "\n".join(errors)
