import pytest
from warta.test import make_person, make_section, make_staff

pytestmark = pytest.mark.browser


def test_explore(transactional_db, new_context, site_url, browser_errors):
    make_section("Nasional")
    user = make_staff("penulis", "penulis")
    make_person("Rina Kusuma", user=user)
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/desk/masuk/")
    page.get_by_label("Nama pengguna").fill("penulis")
    page.get_by_label("Kata sandi").fill("penulis-Sandi-Rahasia-1")
    page.get_by_role("button", name="Masuk").click()
    page.goto("/desk/berita/baru/")
    page.wait_for_selector(".ProseMirror")
    open("/tmp/explore/new.html", "w").write(page.content())
    page.screenshot(path="/tmp/explore/new.png", full_page=True)
    print(browser_errors)
