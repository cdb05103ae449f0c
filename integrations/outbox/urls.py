from django.urls import path

from integrations.outbox import views

app_name = "outbox"

urlpatterns = [
    path("lavoro/conferimenti/", views.message_list, name="messages"),
    path("lavoro/conferimenti/scarti/", views.dead_letters, name="dead_letters"),
    path("lavoro/conferimenti/esporta.csv", views.message_export, name="export"),
    path("lavoro/conferimenti/<int:message_id>/", views.message_detail, name="message"),
    path("lavoro/conferimenti/<int:message_id>/reinvia/", views.message_resend, name="resend"),
    path("lavoro/conferimenti/<int:message_id>/rigenera/", views.message_regenerate,
         name="regenerate"),
]
