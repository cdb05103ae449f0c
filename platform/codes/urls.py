from django.urls import path

from codes import views

app_name = "codes"

urlpatterns = [
    path("codici/<slug:table>/", views.options, name="options"),
]
