"""The REST API. Tenant domains and the national domain share /api/v1/;
national-only resources are mounted by ``public_urlpatterns``."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import views

v1_common = [
    path("me/", views.MeView.as_view(), name="me"),
    path("token/", views.TokenView.as_view(), name="token"),
]

v1_national = [
    path("enti/", views.TenantListView.as_view(), name="tenant-list"),
    path("enti/<slug:slug>/", views.TenantDetailView.as_view(), name="tenant-detail"),
]

docs = [
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
]

tenant_urlpatterns = [path("api/v1/", include((v1_common, "api"), namespace="v1")), *docs]
public_urlpatterns = [
    path("api/v1/", include((v1_common + v1_national, "api"), namespace="v1")), *docs,
]
