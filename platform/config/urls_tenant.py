"""URLs on an administration's domain (tenant schema)."""

from django.urls import include, path

from api.urls import tenant_urlpatterns as api_urls
from catalog.urls import tenant_urlpatterns as catalog_tenant_urls
from config.handlers import handler400, handler403, handler404, handler500  # noqa: F401
from exchange.urls import tenant_urlpatterns as exchange_tenant_urls
from web.urls import urlpatterns as web_urls

urlpatterns = [
    path("", include((web_urls, "web"), namespace="web")),
    path("", include("accounts.urls")),
    path("", include("health.urls")),
    path("", include("people.urls")),
    path("", include("desks.urls")),
    path("", include("casework.urls")),
    path("", include((catalog_tenant_urls, "catalog"), namespace="catalog")),
    path("", include("assessments.urls")),
    path("", include((exchange_tenant_urls, "exchange"), namespace="exchange")),
    path("", include("codes.urls")),
    path("", include("jobs.urls")),
    path("", include("integrations.outbox.urls")),
    *api_urls,
]
