from django.urls import path

from integrations.national import views

app_name = "integrations_national"

urlpatterns = [
    path("conferimenti-nazionali/", views.conferrals, name="conferrals"),
]
