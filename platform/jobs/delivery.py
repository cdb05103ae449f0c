"""The job desk's e-mails: what they say and how they leave (the bodies of
the worker's tasks, as desks.delivery: the services queue jobs.tasks, the
tasks call this module). Each delivery is safe to run twice: the row is
locked and the sending recorded in the audit log.

The notice of a «Mi interessa» tells the counter's contact address that a
citizen is interested in a vacancy, with a link to the jobs area; it carries
neither the citizen's message nor their name or contacts, which the staff
read in the platform after logging in."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit import services as audit
from audit.models import AuditEvent
from desks import links
from desks import selectors as desk_selectors
from desks.delivery import site_name
from jobs.audit_actions import INTEREST_NOTICE_SENT
from jobs.models import Interest


def interest_link(interest: Interest) -> str:
    """The interest among the desk's «Mi interessa», on the counter's domain."""
    return links.counter_url(f"{reverse('jobs:interests')}?stato=da-gestire"
                             f"#interesse-{interest.pk}")


def interest_notice_body(interest: Interest) -> str:
    received = timezone.localtime(interest.created_at)
    return (
        "Buongiorno,\n\n"
        f"il {received:%d/%m/%Y} alle {received:%H:%M} una persona ha segnalato, dalla pagina "
        f"pubblica dello sportello, il suo interesse per l'offerta di lavoro "
        f"«{interest.vacancy.title}».\n\n"
        "Per leggere la richiesta e ricontattare la persona acceda alla piattaforma, "
        "Sportello Lavoro › «Mi interessa»:\n"
        f"{interest_link(interest)}\n\n"
        "Per riservatezza questa e-mail non riporta il messaggio né i recapiti della persona.\n\n"
        f"{site_name()}\n")


@transaction.atomic
def send_interest_notice(*, interest_id: int) -> bool:
    """Tell the counter's contact address about a «Mi interessa», once: True if
    sent now. No address, no e-mail (and nothing fails)."""
    interest = (Interest.objects.select_for_update().select_related("vacancy")
                .filter(pk=interest_id).first())
    if interest is None:
        return False
    if AuditEvent.objects.filter(action=INTEREST_NOTICE_SENT,
                                 target_id=str(interest.pk)).exists():
        return False
    address = (desk_selectors.counter_contact().email or "").strip()
    if not address:
        return False
    send_mail(subject=f"«Mi interessa» su un'offerta di lavoro - {site_name()}",
              message=interest_notice_body(interest), from_email=None,
              recipient_list=[address])
    audit.record(action=INTEREST_NOTICE_SENT, actor=None, actor_label="sistema",
                 target=interest, details={"vacancy": interest.vacancy_id})
    return True
