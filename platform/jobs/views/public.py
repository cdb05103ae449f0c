"""The job desk's public pages (no account): the boards, a vacancy a citizen
can read, its "Mi interessa" form, a territorial network's boards."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from core import wording
from core.errors import ServiceError
from core.http import client_ip
from jobs.feeds import BOARDS, VACANCIES
from jobs.forms.boards import InterestForm
from jobs.models import BoardKind
from jobs.selectors import boards as selectors
from jobs.services import boards as services
from people import selectors as people_selectors
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404

SECTION_SIZE = 10


def _counter(request) -> dict:
    tenant = request.tenant
    return {"tenant": tenant, "counter_title": wording.counter_title(tenant.name, tenant.kind),
            "of_counter": wording.of_administration(tenant.name, tenant.kind)}


@require_GET
def boards(request):
    """Every board of the counter, a few entries each."""
    sections = [{"board": VACANCIES, "label": BOARDS[VACANCIES],
                 "vacancies": list(selectors.public_vacancies()[:SECTION_SIZE])}]
    for kind, label in BoardKind.choices:
        sections.append({"board": kind, "label": label, "items": list(
            selectors.public_board_items(kind=kind)[:SECTION_SIZE])})
    return render(request, "jobs/public/boards.html", {
        **_counter(request), "sections": sections,
        "networks": selectors.networks_of(request.tenant)})


@require_GET
def board(request, board: str):
    if board not in BOARDS:
        return render(request, "web/404.html", status=404)
    context = {**_counter(request), "board": board, "label": BOARDS[board]}
    if board == VACANCIES:
        context["vacancies"] = list(selectors.public_vacancies()[:selectors.PUBLIC_LIMIT])
    else:
        context["items"] = list(selectors.public_board_items(kind=board)[:selectors.PUBLIC_LIMIT])
    return render(request, "jobs/public/board.html", context)


@require_GET
def board_item(request, item_id: int):
    item = found_or_404(selectors.get_public_board_item, item_id=item_id)
    return render(request, "jobs/public/board_item.html", {**_counter(request), "item": item})


def _vacancy_page(request, vacancy, form, status=200):
    return render(request, "jobs/public/vacancy.html", {
        **_counter(request), "vacancy": vacancy, "form": form,
        "show_employer": selectors.employer_shown(vacancy),
        "notice": people_selectors.current_notice()}, status=status)


@require_GET
def vacancy(request, vacancy_id: int):
    vacancy = found_or_404(selectors.get_public_vacancy, vacancy_id=vacancy_id)
    return _vacancy_page(request, vacancy, InterestForm())


@require_http_methods(["POST"])
def interest(request, vacancy_id: int):
    """"Mi interessa": CSRF, rate-limited like public booking, Italian confirmation."""
    vacancy = found_or_404(selectors.get_public_vacancy, vacancy_id=vacancy_id)
    form = InterestForm(request.POST)
    if not form.is_valid():
        return _vacancy_page(request, vacancy, form, status=400)
    data = form.cleaned_data
    try:
        services.express_interest(vacancy=vacancy, name=data["name"], email=data["email"],
                                  phone=data["phone"], message=data["message"],
                                  privacy_acknowledged=data["privacy"],
                                  ip_address=client_ip(request))
    except ServiceError as exc:
        apply_service_error(form, exc)
        return _vacancy_page(request, vacancy, form, status=exc.status)
    request.session["jobs_interest"] = vacancy.pk
    return redirect("jobs:public_interest_done", vacancy_id=vacancy.pk)


@require_GET
def interest_done(request, vacancy_id: int):
    vacancy = found_or_404(selectors.get_public_vacancy, vacancy_id=vacancy_id)
    if request.session.get("jobs_interest") != vacancy.pk:
        return redirect("jobs:public_vacancy", vacancy_id=vacancy.pk)
    return render(request, "jobs/public/interest_done.html", {**_counter(request),
                                                              "vacancy": vacancy})


@require_GET
def network(request, slug: str):
    """A territorial network's boards together, on a member counter's site."""
    network = found_or_404(selectors.get_network_for, tenant=request.tenant, slug=slug)
    return render(request, "jobs/public/network.html", {
        **_counter(request), "network": network,
        "members": selectors.network_board(network=network)})
