"""People in the desk (/desk/orang/): editors manage bylines, writers choose theirs and propose
new names, duplicates are merged and the old address redirects."""

import pytest

from warta.news import actions
from warta.news.models import Article, AuditEntry, Person, PersonAlias, Section
from warta.test import make_article, make_person

pytestmark = pytest.mark.django_db


def test_an_editor_adds_a_person_with_roles_links_and_a_slug_from_the_name(client, staff):
    client.force_login(staff["editor"])
    form = {
        "name": "Leon Weldrick",
        "slug": "",
        "roles": ["kontributor", "fotografer"],
        "bio": "Kontributor di Nusa Tenggara Timur.",
        "links": "https://leon.example/\nhttps://x.example/leon",
        "active": "on",
    }
    response = client.post("/desk/orang/baru/", form)
    leon = Person.objects.get(name="Leon Weldrick")
    assert response["Location"] == f"/desk/orang/{leon.pk}/"
    assert (leon.slug, leon.roles) == ("leon-weldrick", ["kontributor", "fotografer"])
    assert leon.links == ["https://leon.example/", "https://x.example/leon"] and leon.confirmed
    assert AuditEntry.objects.filter(action="person_create").exists()
    page = client.get("/penulis/leon-weldrick/").content.decode()
    assert "Kontributor di Nusa Tenggara Timur." in page
    assert '<a href="https://leon.example/" rel="me noopener">leon.example/</a>' in page
    assert '"sameAs":["https://leon.example/","https://x.example/leon"]' in page


def test_bad_input_is_answered_beside_the_field(client, staff):
    make_person("Rina")
    client.force_login(staff["editor"])
    taken = client.post("/desk/orang/baru/", {"name": "Rina", "slug": "rina", "active": "on"})
    assert taken.status_code == 400 and "sudah menjadi alamat" in taken.content.decode()
    link = client.post("/desk/orang/baru/", {"name": "X", "links": "javascript:alert(1)"})
    assert link.status_code == 400 and "bukan alamat web" in link.content.decode()
    empty = client.post("/desk/orang/baru/", {"name": "<b></b>"})
    assert empty.status_code == 400
    assert Person.objects.filter(name="Rina").count() == 1  # only the one made before
    assert not Person.objects.filter(name__in=["X", ""]).exists()


def test_the_list_searches_and_counts_articles(client, staff):
    rina = Person.objects.get(name="Rina Kusuma")
    make_article("Satu", writers=[rina])
    make_article("Dua", writers=[rina])
    client.force_login(staff["editor"])
    page = client.get("/desk/orang/", {"q": "rina"}).content.decode()
    assert "Rina Kusuma" in page and "Bambang" not in page
    assert "<td>2</td>" in page


def test_a_writer_chooses_a_co_byline_and_proposes_a_contributor(client, staff):
    client.force_login(staff["penulis"])
    assert client.get("/desk/orang/").status_code == 403
    page = client.get("/desk/berita/baru/").content.decode()
    assert 'name="writer_1"' in page and 'name="editor"' not in page
    back = "/desk/berita/baru/"
    response = client.post(
        "/desk/orang/usul/", {"name": "Antara", "role": "kantor-berita", "next": back}
    )
    assert response["Location"] == back
    antara = Person.objects.get(name="Antara")
    assert antara.confirmed is False and antara.roles == ["kantor-berita"]
    rina = Person.objects.get(name="Rina Kusuma")
    section = Section.objects.get()
    made = client.post(
        "/desk/berita/baru/",
        {
            "headline": "Gempa di Laut Banda",
            "section": section.pk,
            "body": "<p>Isi.</p>",
            "writer_1": rina.pk,
            "writer_2": antara.pk,
        },
    )
    article = Article.objects.get(headline="Gempa di Laut Banda")
    assert made.status_code == 302
    assert [p.name for p in article.ordered_writers()] == ["Rina Kusuma", "Antara"]
    assert article.editor is None
    # Editing their own draft, the writer changes the byline but cannot set the editor.
    edit = client.get(f"/desk/berita/{article.pk}/").content.decode()
    assert 'name="writer_2"' in edit and 'name="editor"' not in edit
    # The editor sees the proposal and confirms it by saving.
    client.force_login(staff["editor"])
    assert "Antara" in client.get("/desk/orang/", {"status": "usulan"}).content.decode()
    client.post(
        f"/desk/orang/{antara.pk}/",
        {"name": "Antara", "slug": "antara", "roles": ["kantor-berita"], "active": "on"},
    )
    antara.refresh_from_db()
    assert antara.confirmed


def test_merging_moves_bylines_and_redirects_the_old_address(client, staff):
    rina = Person.objects.get(name="Rina Kusuma")
    twin = make_person("Rina K")
    both = make_article("Berdua", writers=[rina, twin])
    alone = make_article("Sendiri", writers=[twin])
    client.force_login(staff["editor"])
    ask = client.post(f"/desk/orang/{twin.pk}/gabung/", {"into": rina.pk})
    assert ask.status_code == 200 and "Rina K" in ask.content.decode()
    assert Person.objects.filter(pk=twin.pk).exists()  # asked, not done
    done = client.post(f"/desk/orang/{twin.pk}/gabung/", {"into": rina.pk, "confirm": "1"})
    assert done["Location"] == f"/desk/orang/{rina.pk}/"
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert [p.name for p in both.ordered_writers()] == ["Rina Kusuma"]
    assert [p.name for p in Article.objects.get(pk=alone.pk).ordered_writers()] == ["Rina Kusuma"]
    old = client.get("/penulis/rina-k/")
    assert (old.status_code, old["Location"]) == (301, rina.get_absolute_url())
    assert PersonAlias.objects.get(slug="rina-k").person == rina
    assert AuditEntry.objects.filter(action="person_merge").exists()


def test_merge_is_an_action_that_refuses_itself():
    person = make_person("Seorang")
    with pytest.raises(ValueError):
        actions.merge_people(keep=person, gone=person, by=None)


@pytest.mark.parametrize("role", ["penulis"])
def test_writers_cannot_manage_people(client, staff, role):
    person = Person.objects.get(name="Bambang Sutrisno")
    client.force_login(staff[role])
    for url in (
        "/desk/orang/",
        "/desk/orang/baru/",
        f"/desk/orang/{person.pk}/",
        f"/desk/orang/{person.pk}/gabung/",
    ):
        assert client.get(url).status_code == 403, url
    assert (
        client.post(f"/desk/orang/{person.pk}/gabung/", {"into": 1, "confirm": "1"}).status_code
        == 403
    )
    assert Person.objects.filter(pk=person.pk).exists()
