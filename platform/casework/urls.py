from django.urls import path

from casework import views

app_name = "casework"

urlpatterns = [
    path("persone/<int:person_id>/consulenze/nuova/", views.consultation_create,
         name="consultation_create"),
    path("persone/<int:person_id>/percorsi/", views.pathways, name="pathways"),
    path("persone/<int:person_id>/percorsi/nuovo/", views.pathway_create, name="pathway_create"),
    path("percorsi/<int:pathway_id>/avanza/", views.pathway_advance, name="pathway_advance"),
    path("consulenze/", views.consultation_list, name="consultation_list"),
    path("consulenze/esporta.<str:file_format>", views.consultation_export,
         name="consultation_export"),
    path("consulenze/<int:consultation_id>/", views.consultation_detail,
         name="consultation_detail"),
    path("consulenze/<int:consultation_id>/documenti/", views.document_upload,
         name="document_upload"),
    path("consulenze/<int:consultation_id>/documenti/<int:document_id>/",
         views.document_download, name="document_download"),
    path("cruscotto/", views.dashboard, name="dashboard"),
]
