from django.urls import path

from desks import views

app_name = "desks"

urlpatterns = [
    # Public (no account).
    path("sportello/", views.public_page, name="public_page"),
    path("prenota/", views.booking, name="booking"),
    path("prenota/confermata/", views.booking_done, name="booking_done"),
    path("prenotazione/<str:token>/", views.my_booking, name="my_booking"),
    path("prenotazione/<str:token>/annulla/", views.my_booking_cancel, name="my_booking_cancel"),
    # Agenda (all staff).
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/nuovo/", views.appointment_create, name="appointment_create"),
    path("agenda/cerca-persona/", views.person_picker, name="person_picker"),
    path("agenda/<int:appointment_id>/", views.appointment_detail, name="appointment"),
    path("agenda/<int:appointment_id>/stato/", views.appointment_status,
         name="appointment_status"),
    path("agenda/<int:appointment_id>/modifica/", views.appointment_update,
         name="appointment_update"),
    path("agenda/<int:appointment_id>/riprogramma/", views.appointment_reschedule,
         name="appointment_reschedule"),
    # The counter's settings (administrator).
    path("servizi/", views.service_list, name="services"),
    path("servizi/nuovo/", views.service_create, name="service_create"),
    path("servizi/<int:service_id>/", views.service_edit, name="service_edit"),
    path("servizi/<int:service_id>/attivo/", views.service_toggle, name="service_toggle"),
    path("servizi/orari/", views.hours, name="hours"),
    path("servizi/orari/<int:hours_id>/", views.hours_edit, name="hours_edit"),
    path("servizi/orari/<int:hours_id>/elimina/", views.hours_delete, name="hours_delete"),
    path("servizi/contatti/", views.contacts, name="contacts"),
    path("servizi/chiusure/", views.closure_list, name="closures"),
    path("servizi/chiusure/<int:closure_id>/elimina/", views.closure_delete,
         name="closure_delete"),
    path("servizi/modelli/", views.template_list, name="templates"),
    path("servizi/modelli/nuovo/", views.template_form, name="template_create"),
    path("servizi/modelli/<int:template_id>/", views.template_form, name="template_edit"),
    # Messages to a person (all staff).
    path("persone/<int:person_id>/messaggi/", views.person_messages, name="person_messages"),
    path("persone/<int:person_id>/messaggi/nuovo/", views.message_create, name="message_create"),
    path("persone/<int:person_id>/messaggi/anteprima/", views.message_preview,
         name="message_preview"),
    path("persone/<int:person_id>/messaggi/<int:message_id>/", views.message_detail,
         name="message"),
]
