from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("persone/", views.person_list, name="list"),
    path("persone/risultati/", views.person_results, name="results"),
    path("persone/esporta.<str:file_format>", views.person_export, name="export"),
    path("persone/nuova/", views.person_create, name="create"),
    path("persone/verifica-codice-fiscale/", views.codice_fiscale_check, name="cf_check"),
    path("persone/luoghi-di-nascita/", views.birth_places, name="birth_places"),
    path("persone/<int:person_id>/", views.person_detail, name="detail"),
    path("persone/<int:person_id>/modifica/", views.person_edit, name="edit"),
    path("persone/<int:person_id>/accoglienza/", views.person_intake, name="intake"),
    path("persone/<int:person_id>/consensi/", views.person_consent, name="consent"),
    path("informative-privacy/", views.notice_list, name="notices"),
    path("informative-privacy/nuova/", views.notice_create, name="notice_create"),
    path("informative-privacy/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("informative-privacy/<int:notice_id>/in-vigore/", views.notice_make_current,
         name="notice_make_current"),
]
