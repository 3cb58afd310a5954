"""A staff member who forgot their password gets a one-time link by e-mail (sent by the worker),
and sets a new one with it; the form never tells whether an account exists, and cannot flood
an inbox."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from warta.news.models import AuditEntry
from warta.test import make_staff

pytestmark = pytest.mark.django_db(transaction=True)  # the link is sent once the request commits

NEW = "Sandi-Baru-Redaksi-42"
SAME_ANSWER = "tautan untuk membuat kata sandi baru sudah dikirim"


@pytest.fixture
def rina(db):
    user = make_staff("rina", "penulis")
    user.email = "rina@warta.example"
    user.save()
    return user


def _ask(client: Client, identifier: str, ip: str = "203.0.113.5"):
    return client.post("/desk/lupa-sandi/", {"identifier": identifier}, follow=True, REMOTE_ADDR=ip)


def _link(message) -> str:
    found = re.search(r"https?://[^/\s]+(/desk/sandi-baru/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_a_forgotten_password_is_replaced_through_a_link_sent_by_e_mail(
    client, rina, mailoutbox, immediate_tasks
):
    assert "/desk/lupa-sandi/" in client.get("/desk/masuk/").content.decode()
    answer = _ask(client, "RINA@warta.example")  # by address, in any case; or by user name
    assert SAME_ANSWER in answer.content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["rina@warta.example"]
    link = _link(mailoutbox[0])

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Kata sandi baru" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Kata sandi baru sudah disimpan" in done.content.decode()
    assert Client().login(username="rina", password=NEW)
    assert AuditEntry.objects.filter(action="password", summary="rina").exists()
    assert AuditEntry.objects.filter(action="password_reset", summary="rina").exists()

    # Used once, the link is spent.
    again = Client().get(link, follow=True)
    assert "tidak berlaku lagi" in again.content.decode()


def test_the_answer_is_the_same_whether_or_not_the_account_exists(
    client, rina, mailoutbox, immediate_tasks
):
    make_staff("tanpa-surel", "editor")  # no address: nowhere to send it
    answers = {
        who: _ask(Client(), who).content.decode().count(SAME_ANSWER)
        for who in ("rina", "siapa-saja", "tanpa-surel", "orang@luar.example")
    }
    assert set(answers.values()) == {1}, answers
    assert [m.to for m in mailoutbox] == [["rina@warta.example"]]


def test_the_form_cannot_flood_an_inbox(rina, mailoutbox, immediate_tasks):
    for n in range(6):
        _ask(Client(), "rina", ip=f"203.0.113.{n + 10}")
    assert len(mailoutbox) == 3  # three an account each 15 minutes, from wherever asked
    for n in range(8):
        _ask(Client(), f"orang-{n}", ip="198.51.100.7")
    blocked = _ask(Client(), "rina", ip="198.51.100.7")
    assert blocked.status_code == 429 and "Terlalu banyak" in blocked.content.decode()


def test_a_bad_or_tampered_link_sets_nothing(client, rina, mailoutbox, immediate_tasks):
    _ask(client, "rina")
    link = _link(mailoutbox[0])
    tampered = link[:-3] + ("x" if link[-3] != "x" else "y") + link[-2:]
    page = client.get(tampered, follow=True)
    assert "tidak berlaku lagi" in page.content.decode()
    client.post(tampered, {"new_password1": NEW, "new_password2": NEW})
    assert not get_user_model().objects.get(username="rina").check_password(NEW)


def test_a_deactivated_account_gets_no_link(client, rina, mailoutbox, immediate_tasks):
    rina.is_active = False
    rina.save()
    assert SAME_ANSWER in _ask(client, "rina").content.decode()
    assert mailoutbox == []
