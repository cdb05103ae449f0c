from django.urls import path

from jobs import feeds
from jobs.views import authorisation, boards, employers, needs, public, vacancies

app_name = "jobs"

urlpatterns = [
    # Public (no account): the employer's staffing need.
    path("lavoro/richiesta-personale/", needs.public_need, name="public_need"),
    path("lavoro/richiesta-personale/inviata/", needs.public_need_done,
         name="public_need_done"),
    # The desk.
    path("lavoro/", authorisation.home, name="home"),
    path("lavoro/autorizzazione/", authorisation.authorisation, name="authorisation"),
    path("lavoro/aziende/", employers.employer_list, name="employers"),
    path("lavoro/aziende/nuova/", employers.employer_form, name="employer_create"),
    path("lavoro/aziende/esporta.<str:file_format>", employers.employer_export,
         name="employer_export"),
    path("lavoro/aziende/<int:employer_id>/", employers.employer_detail, name="employer"),
    path("lavoro/aziende/<int:employer_id>/modifica/", employers.employer_form,
         name="employer_edit"),
    path("lavoro/aziende/<int:employer_id>/attiva/", employers.employer_active,
         name="employer_active"),
    path("lavoro/aziende/<int:employer_id>/sedi/", employers.site_add, name="site_add"),
    path("lavoro/aziende/<int:employer_id>/referenti/", employers.contact_add,
         name="contact_add"),
    path("lavoro/aziende/<int:employer_id>/consensi/", employers.consent_add,
         name="consent_add"),
    path("lavoro/aziende/<int:employer_id>/convenzioni/", employers.convention_add,
         name="convention_add"),
    path("lavoro/offerte/", vacancies.vacancy_list, name="vacancies"),
    path("lavoro/offerte/nuova/", vacancies.vacancy_form, name="vacancy_create"),
    path("lavoro/offerte/esporta.<str:file_format>", vacancies.vacancy_export,
         name="vacancy_export"),
    path("lavoro/offerte/<int:vacancy_id>/", vacancies.vacancy_detail, name="vacancy"),
    path("lavoro/offerte/<int:vacancy_id>/modifica/", vacancies.vacancy_form,
         name="vacancy_edit"),
    path("lavoro/offerte/<int:vacancy_id>/pubblica/", vacancies.vacancy_publish,
         name="vacancy_publish"),
    path("lavoro/offerte/<int:vacancy_id>/chiudi/", vacancies.vacancy_close,
         name="vacancy_close"),
    path("lavoro/richieste/", needs.need_list, name="needs"),
    path("lavoro/richieste/nuova/", needs.need_create, name="need_create"),
    path("lavoro/richieste/<int:need_id>/", needs.need_detail, name="need"),
    path("lavoro/richieste/<int:need_id>/esaminata/", needs.need_review, name="need_review"),
    path("lavoro/richieste/<int:need_id>/respingi/", needs.need_refuse, name="need_refuse"),
    path("lavoro/richieste/<int:need_id>/azienda/", needs.need_employer, name="need_employer"),
    path("lavoro/richieste/<int:need_id>/offerta/", needs.need_convert, name="need_convert"),
    # Boards (public, no account): each board as a page, RSS and JSON; a vacancy
    # a citizen reads and its "Mi interessa"; a territorial network's boards.
    path("lavoro/bacheca/", public.boards, name="public_boards"),
    path("lavoro/bacheca/<slug:board>/", public.board, name="public_board"),
    path("lavoro/bacheca/<slug:board>/rss/", feeds.BoardFeed(), name="board_rss"),
    path("lavoro/bacheca/<slug:board>/feed.json", feeds.json_feed, name="board_json"),
    path("lavoro/bacheca/annunci/<int:item_id>/", public.board_item, name="public_board_item"),
    path("lavoro/offerta/<int:vacancy_id>/", public.vacancy, name="public_vacancy"),
    path("lavoro/offerta/<int:vacancy_id>/mi-interessa/", public.interest,
         name="public_interest"),
    path("lavoro/offerta/<int:vacancy_id>/mi-interessa/inviata/", public.interest_done,
         name="public_interest_done"),
    path("lavoro/rete-territoriale/<slug:slug>/", public.network, name="network_board"),
    # Boards (the desk).
    path("lavoro/bacheche/", boards.item_list, name="board_items"),
    path("lavoro/bacheche/nuovo/", boards.item_form, name="board_item_create"),
    path("lavoro/bacheche/<int:item_id>/", boards.item_detail, name="board_item"),
    path("lavoro/bacheche/<int:item_id>/modifica/", boards.item_form, name="board_item_edit"),
    path("lavoro/bacheche/<int:item_id>/stato/", boards.item_state, name="board_item_state"),
    path("lavoro/mi-interessa/", boards.interest_list, name="interests"),
    path("lavoro/mi-interessa/<int:interest_id>/gestita/", boards.interest_handled,
         name="interest_handled"),
    # other modules
]
