import pytest
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_probe(site, page):
    page.goto(site.url("alfa.localhost", "/accesso/"))
    page.fill("#id_username", "admin@alfa.example.it")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.goto(site.url("alfa.localhost", "/personale/"))
    page.screenshot(path="/tmp/h3_staff.png", full_page=True)
    page.goto(site.url("alfa.localhost", "/personale/nuovo/"))
    page.fill("#id_email", "admin@alfa.example.it")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.screenshot(path="/tmp/h3_staff_form.png", full_page=True)
    page.goto(site.url("alfa.localhost", "/personale/1/"))
    page.screenshot(path="/tmp/h3_staff_detail.png", full_page=True)
