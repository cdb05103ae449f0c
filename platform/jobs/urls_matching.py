"""The CV and matching pages (namespace ``jobs_cv``), under /lavoro/."""

from django.urls import path

from jobs.views import candidates, matching

app_name = "jobs_cv"

urlpatterns = [
    path("persone/<int:person_id>/curriculum/", candidates.cv_page, name="cv"),
    path("persone/<int:person_id>/curriculum/profilo/", candidates.cv_profile, name="cv_profile"),
    path("persone/<int:person_id>/curriculum/<str:kind>/", candidates.cv_add, name="cv_add"),
    path("persone/<int:person_id>/curriculum/<str:kind>/<int:part_id>/elimina/",
         candidates.cv_remove, name="cv_remove"),
    path("persone/<int:person_id>/curriculum.pdf", candidates.cv_pdf_view, name="cv_pdf"),
    path("lavoro/offerte/<int:vacancy_id>/candidati-consigliati/", matching.vacancy_matches,
         name="vacancy_matches"),
    path("lavoro/offerte/<int:vacancy_id>/candidati-consigliati/<int:candidate_id>/proponi/",
         matching.propose, name="propose"),
    path("lavoro/candidature/<int:application_id>/passaggio/", matching.application_step,
         name="application_step"),
]
