"""The REST API. Tenant domains and the national domain share /api/v1/;
national-only resources are mounted by ``public_urlpatterns``."""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from api import (
    assessments,
    casework,
    catalog,
    codes,
    desks,
    exchange,
    integrations,
    jobs,
    jobs_boards,
    jobs_candidates,
    people,
    views,
)

v1_common = [
    path("me/", views.MeView.as_view(), name="me"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("utenti/", views.UserListView.as_view(), name="user-list"),
    path("utenti/<int:user_id>/", views.UserDetailView.as_view(), name="user-detail"),
    *codes.urlpatterns,  # reference data, on every domain
]

v1_national = [
    path("enti/", views.TenantListView.as_view(), name="tenant-list"),
    path("enti/<slug:slug>/", views.TenantDetailView.as_view(), name="tenant-detail"),
    *catalog.national_urlpatterns,
    *exchange.national_urlpatterns,
    *integrations.national_urlpatterns,
]

docs = [
    path("api/schema/", views.SchemaView.as_view(), name="schema"),
    # Swagger UI: its script is served by the view itself (?script), but it styles
    # with inline style attributes and one <style>: the only page allowed them.
    path("api/docs/", csp_update({"style-src": ["'unsafe-inline'"]})(
        SpectacularSwaggerSplitView.as_view(url_name="schema")), name="docs"),
]

# Each domain's resources live in api/<domain>.py; tenant domains only.
v1_tenant = [*people.urlpatterns, *desks.urlpatterns, *assessments.urlpatterns,
             *catalog.urlpatterns, *casework.urlpatterns, *jobs.urlpatterns,
             *jobs_candidates.urlpatterns, *jobs_boards.urlpatterns, *exchange.urlpatterns,
             *integrations.urlpatterns]

tenant_urlpatterns = [
    path("api/v1/", include((v1_common + v1_tenant, "api"), namespace="v1")), *docs,
]
public_urlpatterns = [
    path("api/v1/", include((v1_common + v1_national, "api"), namespace="v1")), *docs,
]
