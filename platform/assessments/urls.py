from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("persone/<int:person_id>/valutazioni/nuova/", views.assessment_new, name="new"),
    path("persone/<int:person_id>/valutazioni/nuova/totale/", views.assessment_total,
         name="total"),
    path("valutazioni/<int:assessment_id>/", views.assessment_detail, name="detail"),
    path("valutazioni/<int:assessment_id>/risposte/", views.assessment_answers, name="answers"),
    path("strumenti/", views.instrument_list, name="instruments"),
    path("strumenti/nuovo/", views.instrument_create, name="instrument_create"),
    path("strumenti/<int:instrument_id>/", views.instrument_detail, name="instrument_detail"),
    path("strumenti/<int:instrument_id>/modifica/", views.instrument_edit,
         name="instrument_edit"),
    path("strumenti/<int:instrument_id>/stato/", views.instrument_status,
         name="instrument_status"),
]
