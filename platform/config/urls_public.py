"""URLs on the national domain (public schema)."""

from django.urls import include, path

from api.urls import public_urlpatterns as api_urls
from config.handlers import handler400, handler403, handler404, handler500  # noqa: F401
from web.urls import public_urlpatterns as web_urls

urlpatterns = [
    path("", include((web_urls, "web"), namespace="web")),
    path("", include("accounts.urls")),
    path("", include("health.urls")),
    path("", include("catalog.urls")),
    path("", include("exchange.urls")),
    path("", include("codes.urls")),
    path("", include("integrations.national.urls")),
    *api_urls,
]
