from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import connection

from accounts.invitations import invitation_path
from accounts.models import User


@shared_task(name="accounts.tasks.send_invitation", autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)
def send_invitation(user_id: int) -> None:
    """E-mail a new user the link to choose a password (runs in the user's schema)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return  # already accepted, or gone: running twice sends nothing twice
    tenant = getattr(connection, "tenant", None)
    domain = tenant.domains.filter(is_primary=True).values_list("domain", flat=True).first() \
        if getattr(tenant, "pk", None) else settings.BASE_DOMAIN
    port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
    link = f"{settings.SITE_SCHEME}://{domain}{port}{invitation_path(user)}"
    where = getattr(tenant, "name", "Rete Sportelli")
    send_mail(
        subject=f"Invito a Rete Sportelli - {where}",
        message=(
            f"Gentile {user.get_short_name()},\n\n"
            f"è stato creato il suo utente per {where} sulla Rete Sportelli.\n"
            f"Per scegliere la password e accedere apra questo collegamento:\n{link}\n\n"
            "Il collegamento scade tra 3 giorni.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )
