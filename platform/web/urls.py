from django.urls import path

from web import pages, views

app_name = "web"


def _staff_routes(prefix: str) -> list:
    """Staff management: "personale/" on a counter, "utenti/" on the national site."""
    return [
        path(f"{prefix}/", views.staff, name="staff"),
        path(f"{prefix}/nuovo/", views.staff_create, name="staff_create"),
        path(f"{prefix}/<int:user_id>/", views.staff_detail, name="staff_detail"),
        path(f"{prefix}/<int:user_id>/ruolo/", views.staff_role, name="staff_role"),
        path(f"{prefix}/<int:user_id>/disattiva/", views.staff_deactivate,
             name="staff_deactivate"),
        path(f"{prefix}/<int:user_id>/riattiva/", views.staff_reactivate,
             name="staff_reactivate"),
        path(f"{prefix}/<int:user_id>/invito/", views.staff_resend_invitation,
             name="staff_resend_invitation"),
    ]


# The accessibility statement, privacy notice and legal notes, and the favicon:
# the same on the national site and on every counter's.
_site_pages = [
    path("dichiarazione-di-accessibilita/", pages.accessibility, name="accessibility"),
    path("informativa-privacy/", pages.privacy, name="privacy"),
    path("note-legali/", pages.legal_notes, name="legal_notes"),
    path("favicon.ico", pages.favicon, name="favicon"),
]

urlpatterns = [
    path("", views.home, name="home"),
    *_site_pages,
    *_staff_routes("personale"),
    path("registro-attivita/", views.audit_log, name="audit"),
    path("registro-attivita/esporta.<str:file_format>", views.audit_export, name="audit_export"),
]

public_urlpatterns = [
    path("", views.home, name="home"),
    *_site_pages,
    path("sportelli/", views.national_landing, name="landing"),
    path("enti/", views.tenants, name="tenants"),
    path("enti/nuovo/", views.tenant_create, name="tenant_create"),
    path("enti/<slug:slug>/stato/", views.tenant_status, name="tenant_status"),
    *_staff_routes("utenti"),
    path("registro-attivita/", views.audit_log, name="audit"),
    path("registro-attivita/esporta.<str:file_format>", views.audit_export, name="audit_export"),
]
