"""The outbox: the one way a domain package hands a record to a national
system (``enqueue``). Everything else of it is internal."""


def enqueue(*, destination: str, kind: str, subject, closing: bool = False, acting_user):
    """See integrations.outbox.services.enqueue."""
    from integrations.outbox import services

    return services.enqueue(destination=destination, kind=kind, subject=subject,
                            closing=closing, acting_user=acting_user)


def cancel_pending(*, destination: str, kind: str, subject, acting_user) -> int:
    """See integrations.outbox.services.cancel_pending."""
    from integrations.outbox import services

    return services.cancel_pending(destination=destination, kind=kind, subject=subject,
                                   acting_user=acting_user)


def accepts(destination: str) -> bool:
    """Whether this installation confers to ``destination`` (settings.RETE_OUTBOX)."""
    from django.conf import settings

    return destination in settings.RETE_OUTBOX["destinations"]


def conferral_of(*, destination: str, kind: str, subject):
    """The latest message for ``subject`` (for a badge), or None."""
    from integrations.outbox import selectors

    return selectors.latest_for_subject(destination=destination, kind=kind,
                                        subject_id=subject.pk)


def conferred_code(*, destination: str, kind: str, subject) -> str | None:
    """The code under which the node holds ``subject`` (acknowledged, not
    closed nor closing), or None: what a message citing it may refer to."""
    from integrations.outbox import selectors

    return selectors.conferred_code(destination=destination, kind=kind, subject_id=subject.pk)
