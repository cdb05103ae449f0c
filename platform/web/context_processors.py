from django.conf import settings

from core.wording import of_administration
from web.navigation import menu_for


def site(request):
    tenant = getattr(request, "tenant", None)
    return {
        "current_tenant": tenant,
        "site_name": tenant.name if tenant is not None else "Rete Sportelli",
        # "del Comune di Bologna": the name with "di" and its article.
        "site_of": (of_administration(tenant.name, tenant.kind) if tenant is not None
                    else "della Rete Sportelli"),
        "is_national_site": tenant is None,
        "base_domain": settings.BASE_DOMAIN,
        "nav_items": menu_for(request) if hasattr(request, "user") else [],
    }
