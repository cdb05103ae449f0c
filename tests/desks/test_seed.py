"""A new counter starts with its service list, opening hours and message models."""

from datetime import time

from desks import seed
from desks.models import MessageTemplate, OpeningHours, Service


def test_given_a_new_tenant_when_provisioned_then_the_minimum_service_list_is_there(in_a):
    names = set(Service.objects.filter(is_active=True).values_list("name", flat=True))

    assert "Aiuto nella redazione del CV Europass e delle candidature" in names
    assert "Invio ai servizi per l'impiego per il piano d'azione individuale" in names
    assert "Supporto alla redazione del business plan" in names
    assert "Tutoraggio: marketing" in names
    assert Service.objects.filter(area=Service.Area.JOB).count() == 11
    assert Service.objects.filter(area=Service.Area.MICROCREDIT).count() == 8


def test_given_a_new_tenant_when_provisioned_then_it_opens_monday_to_friday_9_to_13(in_a):
    hours = list(OpeningHours.objects.values_list("weekday", "opens_at", "closes_at",
                                                  "slot_minutes"))

    assert hours == [(day, time(9), time(13), 30) for day in range(5)]


def test_given_a_new_tenant_when_provisioned_then_three_message_models_are_ready(in_a):
    codes = set(MessageTemplate.objects.values_list("code", flat=True))

    assert codes == {"promemoria-appuntamento", "richiesta-documenti", "generico"}


def test_given_an_edited_seed_when_seeding_again_then_nothing_is_duplicated_or_undone(
        in_a, tenant_a):
    Service.objects.filter(code="lavoro-borse-tirocini").update(name="Borse e tirocini",
                                                                is_active=False)
    OpeningHours.objects.filter(weekday=4).delete()
    before = (Service.objects.count(), MessageTemplate.objects.count())

    seed.seed_tenant(tenant=tenant_a)

    assert (Service.objects.count(), MessageTemplate.objects.count()) == before
    edited = Service.objects.get(code="lavoro-borse-tirocini")
    assert (edited.name, edited.is_active) == ("Borse e tirocini", False)
    assert not OpeningHours.objects.filter(weekday=4).exists()
