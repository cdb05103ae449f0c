"""The Cliclavoro client: the request zeep builds from our WSDL, each
profile's credentials, and every way a call can fail without an answer
(``TransientFailure``) or be refused (a KO ``Reply``), over real HTTP to the
simulated node."""

from __future__ import annotations

import uuid

import pytest
import zeep
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from lxml import etree

from integrations.cliclavoro import client
from integrations.transports import Destination, destination, keys
from tests.integrations.sample_payloads import payload
from tests.integrations.simulator import free_port

CL = "http://servizi.lavoro.gov.it/cliclavoro"


def _id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _send(destination, kind="vacancy", **options):
    return client.send(kind=kind, payload=payload(kind, **options), destination=destination,
                       message_id=_id())


def _failure(destination, kind="vacancy", **options) -> client.TransientFailure:
    with pytest.raises(client.TransientFailure) as caught:
        _send(destination, kind, **options)
    return caught.value


# --- the request ----------------------------------------------------------------

@pytest.mark.parametrize("kind", ["vacancy", "candidatura", "messaggio"])
def test_given_a_payload_then_the_request_carries_it_as_one_escaped_string(kind):
    text = payload(kind, text="L'Òrto & «figli» <s.r.l.>")
    request, headers = client.build_request(
        kind=kind, payload=text, destination=Destination(
            name="cliclavoro", url="http://127.0.0.1:9/cliclavoro", profile="plain", timeout=5,
            username="rete", password="segreta"), message_id=_id())

    root = etree.fromstring(request)
    operation = client.OPERATIONS[kind]
    holder = root.find(f"{{{client.SOAP11}}}Body/{{{CL}}}{operation}/"
                       f"{{{CL}}}{client.PAYLOAD_ELEMENTS[kind]}")
    assert holder is not None and len(holder) == 0  # text, not child elements
    assert holder.text.encode("utf-8") == text
    assert b"&lt;s.r.l.&gt;" in request or b"&amp;lt;s.r.l.&amp;gt;" in request
    assert headers["SOAPAction"] == f'"{CL}/{operation}"'


def test_given_our_wsdl_then_zeep_loads_it_from_the_package_with_the_three_operations():
    wsdl = zeep.Client(wsdl=str(client.WSDL_PATH))

    operations = set(wsdl.service._binding._operations)

    assert operations == {"InvioCandidatura", "InvioVacancy", "InvioMessaggio"}


def test_given_a_plain_destination_then_the_request_carries_http_basic_credentials():
    _request, headers = client.build_request(
        kind="vacancy", payload=payload("vacancy"), destination=Destination(
            name="cliclavoro", url="http://127.0.0.1:9/cliclavoro", profile="plain", timeout=5,
            username="rete", password="pàss'word"), message_id=_id())

    assert headers["Authorization"] == "Basic " + __import__("base64").b64encode(
        "rete:pàss'word".encode()).decode()


@pytest.mark.parametrize("hostile", [b"<a>\x00</a>", b"<a>\x1b</a>", "<a>\ufffe</a>".encode(),
                                     b"\xff\xfe<a/>", b"   "])
def test_given_a_payload_that_cannot_travel_as_xml_text_then_nothing_is_sent(hostile, node,
                                                                               destination_for):
    with pytest.raises(client.InvalidPayload) as caught:
        client.send(kind="vacancy", payload=hostile, destination=destination_for("plain"),
                    message_id=_id())

    assert caught.value.code == "payload_non_valido"
    assert node.counts()["requests"] == 0


def test_given_an_unknown_kind_then_an_italian_error_names_the_allowed_ones():
    with pytest.raises(ValueError, match="ammessi: vacancy, candidatura, messaggio"):
        client.build_request(kind="curriculum", payload=b"<a/>", destination=Destination(
            name="c", url="http://x", profile="plain", timeout=1), message_id=_id())


# --- the three profiles toward the node ---------------------------------------------

@pytest.mark.parametrize("profile", ["plain", "spcoop", "modi"])
@pytest.mark.parametrize("kind", ["vacancy", "candidatura", "messaggio"])
def test_given_each_profile_and_kind_when_sent_then_the_node_acquires_it(profile, kind, node,
                                                                          destination_for):
    reply = _send(destination_for(profile), kind)

    assert (reply.outcome, reply.anomaly_code, reply.already_received) == ("OK", "", False)
    assert reply.http_status == 200 and reply.request_xml and reply.response_xml
    assert reply.elapsed_ms > 0
    [effect] = node.effects()
    assert (effect["kind"], effect["profile"]) == (kind, profile)


def test_given_wrong_basic_credentials_then_the_node_refuses_and_nothing_is_acquired(
        node, destination_for):
    error = _failure(destination_for("plain", password="sbagliata"))

    assert (error.code, error.http_status) == ("accesso_negato", 401)
    assert node.counts()["effects"] == 0
    assert node.counts()["rejected"] == {"credenziali_errate": 1}


def test_given_a_modi_reply_signed_by_the_node_then_the_client_verifies_it(node,
                                                                            destination_for):
    reply = _send(destination_for("modi"))

    assert reply.outcome == "OK"
    assert b"RelatesTo" in reply.response_xml and b"Signature" in reply.response_xml


def test_given_a_reply_not_signed_by_the_expected_node_then_transient_failure(
        node, destination_for, tmp_path):
    _key, stranger = keys.ensure_pair(tmp_path / "estraneo", common_name="Estraneo")

    error = _failure(destination_for("modi", peer_cert_file=str(stranger)))

    assert error.code == "firma_risposta_non_valida"
    assert "attendibili" in error.message
    assert error.response_xml and error.request_xml


def test_given_a_missing_key_file_then_transient_failure_before_sending(node, destination_for,
                                                                        tmp_path, monkeypatch):
    monkeypatch.delenv(keys.KEY_ENV, raising=False)

    error = _failure(destination_for("modi", key_file=str(tmp_path / "assente.pem")))

    assert error.code == "chiave_non_disponibile"
    assert node.counts()["requests"] == 0


# --- failures without an answer --------------------------------------------------------

def test_given_nobody_listening_then_connessione_rifiutata(destination_for):
    error = _failure(destination_for("plain", url=f"http://127.0.0.1:{free_port()}/cliclavoro"))

    assert error.code == "connessione_rifiutata"


def test_given_a_slow_node_then_timeout(node, destination_for):
    node.set_faults(latency_ms=1500)

    error = _failure(destination_for("plain", timeout=0.3))

    assert error.code == "timeout" and error.request_xml


def test_given_the_node_down_then_servizio_non_disponibile(node, destination_for):
    node.set_faults(down=True)

    error = _failure(destination_for("modi"))

    assert (error.code, error.http_status) == ("servizio_non_disponibile", 503)
    assert node.counts()["effects"] == 0


def test_given_every_request_failing_then_errore_server_and_no_effect(node, destination_for):
    node.set_faults(error_rate=1)

    error = _failure(destination_for("modi"))

    assert (error.code, error.http_status) == ("errore_server", 500)
    assert node.counts()["effects"] == 0


def test_given_a_malformed_reply_then_transient_and_a_resend_finds_it_already_acquired(
        node, destination_for):
    node.set_faults(malformed_reply=1)
    error = _failure(destination_for("modi"))
    node.set_faults(malformed_reply=0)

    again = _send(destination_for("modi"))

    assert error.code == "risposta_non_valida"
    assert again.outcome == "OK" and again.already_received
    assert node.counts()["effects"] == 1


def test_given_the_reply_lost_after_the_effect_then_risposta_persa(node, destination_for):
    node.set_faults(lose_reply_after_effect=1)

    error = _failure(destination_for("plain"))

    assert error.code == "risposta_persa"
    assert node.counts()["effects"] == 1


def test_given_a_rate_limit_then_limite_richieste_with_retry_after(node, destination_for):
    node.set_faults(rate_limit_per_second=1)
    failures = []
    for number in range(1, 6):
        try:
            _send(destination_for("plain"), number=number)
        except client.TransientFailure as error:
            failures.append(error)

    assert failures and {f.code for f in failures} == {"limite_richieste"}
    assert {f.retry_after for f in failures} == {1.0}
    assert {f.http_status for f in failures} == {429}


# --- the destination from settings ------------------------------------------------------

def test_given_the_development_settings_then_cliclavoro_goes_to_the_simulator_over_modi():
    configured = destination("cliclavoro")

    assert configured.profile == "modi"
    assert configured.url.startswith("http://127.0.0.1:") and configured.url.endswith(
        "/cliclavoro")
    assert configured.key_file.endswith("key.pem") and configured.sender
    assert "password" not in repr(configured)


def test_given_an_unknown_destination_then_an_italian_error():
    with pytest.raises(ImproperlyConfigured, match="non configurata"):
        destination("inps")


@pytest.mark.parametrize(("entry", "variable"), [
    ({"url": "", "profile": "modi"}, "RETE_CLICLAVORO_URL"),
    ({"url": "https://gw.example.it/x", "profile": ""}, "RETE_CLICLAVORO_PROFILE"),
    ({"url": "https://gw.example.it/x", "profile": "plain"}, "RETE_CLICLAVORO_PASSWORD"),
    ({"url": "https://gw.example.it/x", "profile": "spcoop", "sender": "RETE"},
     "RETE_CLICLAVORO_RECEIVER"),
    ({"url": "https://gw.example.it/x", "profile": "modi"}, "RETE_CLICLAVORO_SENDER"),
    ({"url": "https://gw.example.it/x", "profile": "modi", "sender": "RETE"},
     "RETE_MODI_KEY_FILE"),
])
def test_given_production_values_missing_then_improperly_configured_names_the_variable(
        entry, variable, monkeypatch):
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    monkeypatch.delenv(keys.CERT_ENV, raising=False)
    settings = {"cliclavoro": {"env_prefix": "RETE_CLICLAVORO_", **entry}}

    with override_settings(RETE_INTEGRATIONS=settings), \
            pytest.raises(ImproperlyConfigured) as caught:
        destination("cliclavoro")

    assert variable in str(caught.value) and "Destinazione «cliclavoro»" in str(caught.value)


def test_given_settings_toward_the_test_node_then_the_configured_destination_reaches_it(
        cliclavoro_settings, node):
    reply = client.send(kind="messaggio", payload=payload("messaggio"),
                        destination=destination("cliclavoro"), message_id=_id())

    assert reply.outcome == "OK" and node.counts()["effects"] == 1


def test_given_a_worker_environment_toward_the_test_node_then_its_settings_reach_it(
        node, modi_pair, tmp_path):
    import os
    import subprocess
    import sys

    from config.embedded import ROOT

    env = {**os.environ, **node.environment("modi", key_file=modi_pair[0],
                                            cert_file=modi_pair[1]),
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "platform")]),
           "DJANGO_SETTINGS_MODULE": "config.settings", "RETE_ENV": "test"}
    probe = ("import django; django.setup(); from integrations.transports import destination; "
             "d = destination('cliclavoro'); print(d.url, d.profile, d.peer_cert_file)")
    output = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, text=True,
                            capture_output=True, check=True, timeout=120)

    assert output.stdout.split()[-3:] == [node.service_url, "modi", str(node.cert_file)]
