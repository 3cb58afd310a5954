import pytest

from warta.test import make_person, make_section, make_staff


@pytest.fixture
def staff(db):
    users = {
        "penulis": make_staff("penulis", "penulis"),
        "editor": make_staff("editor", "editor"),
        "admin": make_staff("admin", "admin"),
        "editor2": make_staff("editor2", "editor"),
    }
    make_person("Rina Kusuma", user=users["penulis"])
    make_person("Bambang Sutrisno", roles=["editor"], user=users["editor"])
    make_section("Nasional")
    return users
