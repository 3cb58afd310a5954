"""Search synonyms in the desk (/desk/sinonim/): admins only, audited, live for readers at once."""

import re

import pytest

from warta.news.models import AuditEntry
from warta.search.index import sync_article
from warta.search.models import Synonym
from warta.test import make_article

pytestmark = pytest.mark.django_db


def reader_results(client, query: str) -> list[str]:
    html = client.get("/cari/", {"q": query}).content.decode()
    return re.findall(r'<h3><a href="[^"]+">(.*?)</a></h3>', html)


def test_an_admin_adds_a_synonym_and_readers_find_it_at_once(
    client, staff, django_capture_on_commit_callbacks
):
    sync_article(make_article("Presiden Korea Selatan Berkunjung ke Jakarta"))
    Synonym.objects.filter(term__iexact="Korsel").delete()  # shipped in the starter list
    reader = client.__class__()
    assert reader_results(reader, "Korsel") == []  # and this answer is now cached
    client.force_login(staff["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/desk/sinonim/", {"term": "Korsel", "means": "Korea Selatan", "both_ways": "on"}
        )
    assert response.status_code == 302
    assert reader_results(reader, "Korsel") == [
        "Presiden <mark>Korea</mark> <mark>Selatan</mark> Berkunjung ke Jakarta"
    ]
    entry = AuditEntry.objects.get(action="synonym_create")
    assert entry.actor == staff["admin"] and entry.summary == "Korsel = Korea Selatan"


def test_a_deleted_synonym_stops_working_at_once(client, staff, django_capture_on_commit_callbacks):
    sync_article(make_article("Rudal Korea Utara Jatuh di Laut"))
    reader = client.__class__()
    assert len(reader_results(reader, "Korut")) == 1
    korut = Synonym.objects.get(term="Korut")
    client.force_login(staff["admin"])
    # The first POST only asks.
    asked = client.post(f"/desk/sinonim/{korut.pk}/", {"delete": "1"})
    html = asked.content.decode()
    assert asked.status_code == 200 and "Hapus “Korut = Korea Utara”?" in html
    assert 'name="confirm"' in html and Synonym.objects.filter(pk=korut.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/desk/sinonim/{korut.pk}/", {"delete": "1", "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == "/desk/sinonim/"
    assert not Synonym.objects.filter(pk=korut.pk).exists()
    assert reader_results(reader, "Korut") == []
    entry = AuditEntry.objects.get(action="synonym_delete")
    assert entry.actor == staff["admin"] and entry.summary == "Korut = Korea Utara"


def test_an_admin_changes_a_synonym(client, staff):
    korut = Synonym.objects.get(term="Korut")
    client.force_login(staff["admin"])
    html = client.get(f"/desk/sinonim/{korut.pk}/").content.decode()
    assert 'value="Korut"' in html and "Hapus…" in html
    response = client.post(
        f"/desk/sinonim/{korut.pk}/",
        {"term": "Korut", "means": " Korea Utara ,, Pyongyang, korea utara "},
    )
    assert response.status_code == 302
    korut.refresh_from_db()
    assert korut.means == "Korea Utara, Pyongyang" and korut.both_ways is False
    assert AuditEntry.objects.filter(action="synonym_update", actor=staff["admin"]).exists()


def test_the_list_shows_equivalents_and_direction_and_filters(client, staff):
    Synonym.objects.create(term="Jabodetabek", means="Jakarta, Bogor, Bekasi", both_ways=False)
    client.force_login(staff["admin"])
    html = client.get("/desk/sinonim/").content.decode()
    assert ">Korsel</a>" in html and "Korea Selatan" in html and "dua arah" in html
    assert ">Jabodetabek</a>" in html and "Jakarta, Bogor, Bekasi" in html and "satu arah" in html
    filtered = client.get("/desk/sinonim/", {"saring": "korea"}).content.decode()
    assert ">Korsel</a>" in filtered and ">Korut</a>" in filtered
    assert ">KPK</a>" not in filtered and "2 entri" in filtered
    nothing = client.get("/desk/sinonim/", {"saring": "<b>zzz</b>"}).content.decode()
    assert "Tidak ada yang cocok dengan “&lt;b&gt;zzz&lt;/b&gt;”." in nothing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "", "means": "Korea Selatan"}, "Tulis kata atau singkatan yang diketik pembaca."),
        (
            {"term": "  ", "means": "Korea Selatan"},
            "Tulis kata atau singkatan yang diketik pembaca.",
        ),
        ({"term": "!!!", "means": "Korea Selatan"}, "paling sedikit satu huruf atau angka"),
        ({"term": "korut", "means": "Korea Utara"}, "“korut” sudah ada di daftar"),
        ({"term": "Kortim", "means": ""}, "Tulis paling sedikit satu padanan."),
        ({"term": "Kortim", "means": " , ,, "}, "paling sedikit satu padanan; pisahkan"),
        ({"term": "Kortim", "means": "Korea Timur, kortim"}, "“kortim” sama dengan istilahnya"),
        ({"term": "x" * 101, "means": "y"}, "paling banyak 100 karakter"),
    ],
)
def test_invalid_synonyms_are_explained_and_not_saved(client, staff, data, message):
    before = Synonym.objects.count()
    client.force_login(staff["admin"])
    response = client.post("/desk/sinonim/", {**data, "both_ways": "on"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Synonym.objects.count() == before
    assert not AuditEntry.objects.filter(action__startswith="synonym").exists()


def test_the_same_term_may_be_saved_again_on_its_own_entry(client, staff):
    korut = Synonym.objects.get(term="Korut")
    client.force_login(staff["admin"])
    response = client.post(
        f"/desk/sinonim/{korut.pk}/", {"term": "KORUT", "means": "Korea Utara", "both_ways": "on"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["penulis", "editor"])
def test_editors_and_writers_may_not_touch_synonyms(client, staff, role):
    korut = Synonym.objects.get(term="Korut")
    client.force_login(staff[role])
    assert client.get("/desk/sinonim/").status_code == 403
    assert client.get(f"/desk/sinonim/{korut.pk}/").status_code == 403
    assert client.post("/desk/sinonim/", {"term": "Kortim", "means": "X"}).status_code == 403
    assert (
        client.post(f"/desk/sinonim/{korut.pk}/", {"delete": "1", "confirm": "1"}).status_code
        == 403
    )
    assert Synonym.objects.filter(pk=korut.pk).exists()
    assert not Synonym.objects.filter(term="Kortim").exists()
    assert "/desk/sinonim/" not in client.get("/desk/").content.decode()


def test_admins_see_the_link_and_the_audit_log_names_the_changes(client, staff):
    client.force_login(staff["admin"])
    assert 'href="/desk/sinonim/">Sinonim</a>' in client.get("/desk/").content.decode()
    client.post("/desk/sinonim/", {"term": "Kortim", "means": "Korea Timur"})
    assert "Sinonim ditambahkan" in client.get("/desk/audit/").content.decode()


def test_an_unknown_synonym_is_not_found(client, staff):
    client.force_login(staff["admin"])
    assert client.get("/desk/sinonim/999999/").status_code == 404
    assert client.post("/desk/sinonim/999999/", {"delete": "1", "confirm": "1"}).status_code == 404
