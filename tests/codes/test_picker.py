"""The code picker in a staff form and the endpoint it calls."""

from __future__ import annotations

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import Client

from accounts.models import Role
from codes import tables
from codes.fields import CodeField
from tests.support import text_of

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_the_picker_suggests_codes_as_options(tenant_client, tenant_a):
    client = tenant_client(tenant_a, Role.OPERATOR)
    response = client.get("/codici/cp2011/", {"q": "cuoco bordo", "lista": "id_p-opzioni"},
                          **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<datalist id="id_p-opzioni">' in html
    assert '<option value="5.2.2.1.0.7">5.2.2.1.0.7 · CUOCO DI BORDO</option>' in html
    assert "1 suggerimento" in html


def test_the_picker_sends_the_field_under_its_own_name(tenant_client, tenant_a):
    client = tenant_client(tenant_a)
    html = client.get("/codici/comuni/", {"campo": "comune", "comune": "bologna"},
                      **HTMX).content.decode()
    assert 'value="A944"' in html


def test_the_picker_offers_only_codes_valid_today(tenant_client, tenant_a):
    html = tenant_client(tenant_a).get("/codici/ateco2022/", {"q": "01.11.10"},
                                       **HTMX).content.decode()
    assert "<option" not in html
    assert "Nessun codice trovato" in html


def test_the_picker_respects_the_level(tenant_client, tenant_a):
    html = tenant_client(tenant_a).get("/codici/cp2011/", {"q": "5.2.2.1", "livello": "6"},
                                       **HTMX).content.decode()
    assert 'value="5.2.2.1"' not in html
    assert 'value="5.2.2.1.0.1"' in html


def test_without_javascript_the_endpoint_is_a_lookup_page(tenant_client, tenant_a):
    # a public page: the national site and an anonymous visitor of a counter
    for client in (Client(HTTP_HOST=settings.BASE_DOMAIN), tenant_client(tenant_a)):
        response = client.get("/codici/ateco2022/", {"q": "01.11.10"})
        assert response.status_code == 200
        page = text_of(response)
        assert "ATECO 2007 aggiornamento 2022" in page
        assert "Non più valido" in page


@pytest.mark.parametrize("q", ["%", "\\", "x" * 5000, "😀", "' OR 1=1 --"])
def test_hostile_queries_answer_a_page(tenant_client, tenant_a, q):
    client = tenant_client(tenant_a)
    assert client.get("/codici/cp2011/", {"q": q}, **HTMX).status_code == 200
    assert client.get("/codici/cp2011/", {"q": q, "lista": '"><script>'}).status_code == 200


def test_an_unknown_table_is_a_404(tenant_client, tenant_a):
    assert tenant_client(tenant_a).get("/codici/nessuna/", **HTMX).status_code == 404


class ProfessionForm(forms.Form):
    professione = CodeField(table=tables.PROFESSIONS, level=6, label="Professione",
                            help_text="La voce professionale (sesto livello).")


def test_the_widget_is_an_accessible_text_input_with_suggestions(tenant_a, in_a):
    form = ProfessionForm(initial={"professione": "5.2.2.1.0.3"})
    html = Template('{% include "web/field.html" with field=form.professione %}').render(
        Context({"form": form}))
    assert '<label for="id_professione"' in html
    assert 'type="text"' in html and 'name="professione"' in html
    assert 'value="5.2.2.1.0.3"' in html
    assert 'list="id_professione-opzioni"' in html
    assert 'hx-get="/codici/cp2011/?livello=6"' in html
    assert 'aria-describedby="id_professione-suggerimento id_professione-aiuto"' in html
    assert 'aria-live="polite"' in html
    assert 'href="/codici/cp2011/?livello=6"' in html  # the lookup without JavaScript


def test_a_wrong_code_in_the_widget_is_marked_invalid(tenant_a, in_a):
    form = ProfessionForm({"professione": "5.2.2.1"})
    assert not form.is_valid()
    html = Template('{% include "web/field.html" with field=form.professione %}').render(
        Context({"form": form}))
    assert 'aria-invalid="true"' in html
    assert "6° livello" in html


def test_a_page_drawing_its_form_by_hand_includes_the_picker(tenant_a, in_a):
    html = Template('<label for="id_comune">Comune</label>'
                    '{% include "codes/picker.html" with table="comuni" name="comune" '
                    'value="A944" %}').render(Context({}))
    assert 'name="comune"' in html and 'id="id_comune"' in html and 'value="A944"' in html
    assert 'class="form-control"' in html
    assert 'hx-get="/codici/comuni/"' in html
    assert '<datalist id="id_comune-opzioni">' in html
