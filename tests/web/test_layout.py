"""The frame of every page: Content-Security-Policy without inline script, the
staff menu (grouped, collapsible), the footer and its legal pages, the
favicon, the shared error summary of forms, and Italian dates and sizes."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from accounts.models import Role
from tests.support import text_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [*ROOT.glob("platform/*/templates"), *ROOT.glob("tenants/templates"),
                 *ROOT.glob("api/templates")]

# A <script> with a body, an inline event handler, htmx's inline JS, a style
# attribute or a <style> element: each would need 'unsafe-inline' in the CSP.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\bhx-on\b|\bstyle\s*=|<style\b", re.I)


def _csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in (p.strip() for p in header.split(";")) if part}


# --- Content-Security-Policy ------------------------------------------------------------

def test_given_every_template_of_the_tree_when_read_then_none_has_inline_script_or_style():
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    assert len(templates) > 50

    offending = {str(path.relative_to(ROOT)): INLINE.findall(path.read_text())
                 for path in templates if INLINE.search(path.read_text())}

    assert offending == {}


@pytest.mark.parametrize("path", ["/", "/accesso/", "/dichiarazione-di-accessibilita/"])
def test_given_a_counter_page_when_served_then_the_csp_allows_no_inline_script(
        tenant_a, tenant_client, path):
    response = tenant_client(tenant_a).get(path, follow=True)

    policy = _csp(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"].split()[0] == "'self'"
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'self'"


def test_given_a_staff_page_when_served_then_the_csp_header_is_there_too(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a, Role.TENANT_ADMIN).get("/personale/")

    assert response.status_code == 200
    assert _csp(response)["script-src"] == "'self'"


def test_given_the_swagger_page_when_served_then_only_its_styles_are_relaxed(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    docs = client.get("/api/docs/")
    script = client.get("/api/docs/?script")

    assert docs.status_code == 200
    assert _csp(docs)["script-src"] == "'self'"
    assert "'unsafe-inline'" in _csp(docs)["style-src"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", docs.content.decode())
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_given_the_base_template_when_rendered_then_htmx_injects_no_indicator_style(
        tenant_a, tenant_client):
    page = tenant_client(tenant_a, Role.OPERATOR).get("/").content.decode()

    assert '"includeIndicatorStyles": false' in page
    assert "/static/web/rete.js" in page
    assert "/static/web/fonts.css" in page


# --- The staff menu -------------------------------------------------------------------

def _nav(response) -> str:
    return re.search(r'(?s)<nav[^>]*aria-label="Menu principale".*?</nav>',
                     response.content.decode()).group(0)


def _top_level(nav: str) -> list[str]:
    return re.findall(r'class="nav-link[^"]*"[^>]*><span>([^<]+)</span>', nav)


def _group(nav: str, label: str) -> list[str]:
    block = re.search(rf'(?s)<span>{label}</span>.*?</ul>', nav).group(0)
    return re.findall(r'class="dropdown-item[^"]*" href="[^"]+"[^>]*><span>([^<]+)</span>',
                      block)


def test_given_the_tenant_admin_when_reading_the_menu_then_counter_and_admin_pages_are_grouped(
        tenant_a, tenant_client):
    nav = _nav(tenant_client(tenant_a, Role.TENANT_ADMIN).get("/"))

    assert _top_level(nav) == ["Home", "Persone", "Consulenze", "Cruscotto", "Agenda",
                               "Sportello Lavoro", "Strumenti di valutazione", "Sportello",
                               "Amministrazione"]
    assert _group(nav, "Sportello") == ["Servizi", "Orari", "Chiusure", "Contatti",
                                        "Modelli di messaggio", "Pagina pubblica"]
    assert _group(nav, "Amministrazione") == ["Personale", "Registro attività",
                                              "Stato del sistema"]


def test_given_an_operator_when_reading_the_menu_then_no_empty_group_is_shown(
        tenant_a, tenant_client):
    nav = _nav(tenant_client(tenant_a, Role.OPERATOR).get("/"))

    assert "Amministrazione" not in _top_level(nav)
    assert "Sportello" not in _top_level(nav)


def test_given_the_platform_admin_when_reading_the_menu_then_the_administration_group(
        tenant_client):
    nav = _nav(tenant_client(None, Role.PLATFORM_ADMIN).get("/"))

    assert _top_level(nav) == ["Home", "Enti", "Finanziatori", "Conferimenti nazionali",
                              "Amministrazione"]
    assert _group(nav, "Amministrazione") == ["Utenti", "Registro attività",
                                              "Stato del sistema"]


def test_given_the_hours_page_when_reading_the_menu_then_orari_and_its_group_are_current(
        tenant_a, tenant_client):
    nav = _nav(tenant_client(tenant_a, Role.TENANT_ADMIN).get("/servizi/orari/"))

    assert re.findall(r'aria-current="page"><span>([^<]+)</span>', nav) == ["Orari"]
    assert re.search(r'class="nav-link dropdown-toggle active"[^>]*><span>Sportello</span>', nav)


def test_given_a_small_screen_when_the_menu_is_rendered_then_a_toggle_button_controls_it(
        tenant_a, tenant_client):
    nav = _nav(tenant_client(tenant_a, Role.OPERATOR).get("/"))

    assert re.search(r'<button class="custom-navbar-toggler"[^>]*aria-controls="nav-principale"'
                     r'[^>]*data-bs-toggle="navbarcollapsible"', nav)
    assert 'class="navbar-collapsable" id="nav-principale"' in nav


# --- Footer and legal pages -----------------------------------------------------------

FOOTER_PAGES = {
    "Dichiarazione di accessibilità": "/dichiarazione-di-accessibilita/",
    "Informativa privacy": "/informativa-privacy/",
    "Note legali": "/note-legali/",
}


def _footer(response) -> str:
    return re.search(r'(?s)<footer.*?</footer>', response.content.decode()).group(0)


@pytest.mark.parametrize("on_tenant", [True, False])
def test_given_an_anonymous_visitor_when_reading_the_footer_then_the_legal_pages_open(
        tenant_a, tenant_client, on_tenant):
    client = tenant_client(tenant_a if on_tenant else None)
    footer = _footer(client.get("/accesso/"))

    for label, path in FOOTER_PAGES.items():
        assert f'<a href="{path}">{label}</a>' in footer
        assert client.get(path).status_code == 200
    assert "/api/docs/" not in footer


def test_given_staff_when_reading_the_footer_then_the_api_documentation_is_linked(
        tenant_a, tenant_client):
    footer = _footer(tenant_client(tenant_a, Role.OPERATOR).get("/"))

    assert '<a href="/api/docs/">API e documentazione tecnica</a>' in footer


def test_given_a_counter_when_reading_its_accessibility_statement_then_agid_model_sections(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/dichiarazione-di-accessibilita/")

    page = text_of(response)
    assert "L'amministrazione titolare di questo sito, Comune di Alfa, si impegna" in page
    for heading in ("Stato di conformità", "Contenuti non accessibili",
                    "Redazione della dichiarazione", "Meccanismo di feedback e recapiti",
                    "Procedura di attuazione"):
        assert heading in page
    assert 'href="mailto:accessibilita@localhost"' in response.content.decode()
    assert 'href="https://form.agid.gov.it/"' in response.content.decode()
    assert "redatta il 1 dicembre 2026" in page


def test_given_the_national_site_when_reading_the_privacy_notice_then_enm_is_the_controller(
        tenant_client):
    page = text_of(tenant_client(None).get("/informativa-privacy/"))

    assert "Titolare del trattamento: Ente Nazionale per il Microcredito" in page
    assert "Garante per la protezione dei dati personali" in page


def test_given_a_counter_when_reading_the_privacy_notice_then_the_administration_is_controller(
        tenant_a, tenant_client):
    page = text_of(tenant_client(tenant_a).get("/informativa-privacy/"))

    assert "Titolare del trattamento: Comune di Alfa" in page
    assert "l'amministrazione che gestisce lo sportello" in page
    assert "solo cookie tecnici" in page


def test_given_any_site_when_reading_the_legal_notes_then_the_licence_and_links(
        tenant_a, tenant_client):
    response = tenant_client(tenant_a).get("/note-legali/")

    assert "Creative Commons Attribuzione 4.0" in text_of(response)
    assert 'href="/informativa-privacy/"' in response.content.decode()


# --- Favicon --------------------------------------------------------------------------

@pytest.mark.parametrize("on_tenant", [True, False])
def test_given_a_browser_when_asking_for_favicon_ico_then_an_icon(
        tenant_a, tenant_client, on_tenant):
    response = tenant_client(tenant_a if on_tenant else None).get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


def test_given_any_page_when_rendered_then_it_links_the_svg_favicon(tenant_a, tenant_client):
    page = tenant_client(tenant_a).get("/accesso/").content.decode()

    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in page


# --- Forms: every error at once, with a summary ---------------------------------------

def test_given_a_form_with_several_errors_when_sent_then_the_summary_links_each_field(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    response = client.post("/personale/nuovo/", {"email": "non-una-mail", "first_name": "",
                                                  "last_name": "", "role": ""})

    page = response.content.decode()
    summary = re.search(r'(?s)<div class="alert alert-danger[^"]*" role="alert" tabindex="-1" '
                        r'data-error-summary.*?</div>', page).group(0)
    assert re.findall(r'href="#(id_[a-z_]+)"', summary) == [
        "id_email", "id_first_name", "id_last_name", "id_role"]
    assert "E-mail: Indirizzo e-mail non valido." in text_of(response)
    assert re.search(r'<input type="email" name="email"[^>]*aria-invalid="true"', page)
    assert re.search(r'<input type="email" name="email"[^>]*aria-describedby="id_email-errore"',
                     page)
    assert 'id="id_email-errore">Indirizzo e-mail non valido.' in page


def test_given_a_field_with_help_and_error_when_rendered_then_described_by_both(
        tenant_client):
    client = tenant_client(None, Role.PLATFORM_ADMIN)

    page = client.post("/enti/nuovo/", {"slug": "X"}).content.decode()

    assert re.search(r'name="slug"[^>]*aria-describedby="id_slug-aiuto id_slug-errore"', page)
    assert 'id="id_slug-aiuto"' in page


def test_given_a_new_administration_with_errors_everywhere_when_sent_then_all_show_at_once(
        tenant_a, tenant_client):
    client = tenant_client(None, Role.PLATFORM_ADMIN)

    response = client.post("/enti/nuovo/", {
        "name": "", "slug": "alfa", "kind": "comune", "region": "EMR", "province": "BO",
        "codice_fiscale": "12345678901", "intermediation_authorised": "on", "albo_number": "",
        "admin_email": "non-valida", "domain": "",
    })

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_name-errore">Campo obbligatorio.' in page
    assert 'id="id_admin_email-errore">Indirizzo e-mail non valido.' in page
    assert 'id="id_slug-errore">Esiste già un ente con questo identificativo.' in page
    assert "id_codice_fiscale-errore" in page
    assert 'id="id_albo_number-errore">Indicare il numero di iscrizione' in page


# --- Italian dates and sizes ----------------------------------------------------------

def test_given_a_date_mid_sentence_when_formatted_then_month_and_weekday_are_lower_case():
    with translation.override("it"):
        text = Template('{{ d|date:"l j F Y" }}, {{ d|date:"DATE_FORMAT" }}').render(
            Context({"d": date(2026, 12, 7)}))

    assert text == "lunedì 7 dicembre 2026, 07 dicembre 2026"


@pytest.mark.parametrize("size,shown", [(45, "45 byte"), (1, "1 byte"), (1260, "1,2 KB"),
                                        (3565158, "3,4 MB")])
def test_given_a_file_size_when_formatted_then_italian_units(size, shown):
    with translation.override("it"):
        text = Template("{{ size|filesizeformat }}").render(Context({"size": size}))

    assert text.replace("\xa0", " ") == shown


# --- No placeholders or notes left for the operator ------------------------------------

STAFF_PAGES = ["/", "/persone/", "/persone/nuova/", "/consulenze/", "/agenda/", "/servizi/",
               "/servizi/orari/", "/personale/", "/personale/nuovo/", "/registro-attivita/",
               "/strumenti/", "/cruscotto/", "/dichiarazione-di-accessibilita/"]


def test_given_the_staff_pages_when_read_then_no_template_placeholder_or_draft_text(
        tenant_a, tenant_client):
    client = tenant_client(tenant_a, Role.TENANT_ADMIN)

    leaks = {}
    for path in STAFF_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        found = re.findall(r"\{\{.*?\}\}|\{%.*?%\}|\bTODO\b|\bLorem\b|non verificat\w*",
                           text_of(response))
        if found:
            leaks[path] = found

    assert leaks == {}
