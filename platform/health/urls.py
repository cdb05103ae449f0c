from django.urls import path

from health import views

app_name = "health"

urlpatterns = [
    path("stato-sistema/", views.status, name="status"),
    path("healthz/", views.live, name="live"),
]
