from django.urls import path

from web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("personale/", views.staff, name="staff"),
    path("registro-attivita/", views.audit_log, name="audit"),
]

public_urlpatterns = [
    path("", views.home, name="home"),
    path("sportelli/", views.national_landing, name="landing"),
    path("enti/", views.tenants, name="tenants"),
    path("utenti/", views.staff, name="staff"),
    path("registro-attivita/", views.audit_log, name="audit"),
]
