"""The people pages: search and list, registration, the person's page
(scheda), edit, intake, consents, exports, privacy notices.

Thin: forms shape input, people.services decide, people.selectors read.
Every page about one person reads it through ``get_person_for``; a page that
shows the person's data records the read (``services.record_person_read``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from codes import selectors as codes
from core import fields as boundary
from core.errors import NotFound, ServiceError
from people import codice_fiscale as cf
from people import exports, permissions, selectors, services
from people.errors import DuplicatePerson
from people.forms import ConsentForm, ContactForm, NoticeForm, PersonFilterForm, PersonForm
from people.models import ConsentPurpose, ConsentRecord, EmploymentStatus, Person, Vulnerability
from people.timeline import timeline_for
from ui.decorators import role_required
from ui.forms import apply_service_error

PAGE_SIZE = 25


staff_required = role_required(permissions.can_work_with_people)
admin_required = role_required(permissions.can_manage_notices)


def _person_or_404(request, person_id: int) -> Person:
    try:
        return selectors.get_person_for(actor=request.user, person_id=person_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@dataclass
class Page:
    """One page of a list, with the list's total and the number of pages."""

    items: list
    number: int
    count: int
    size: int = PAGE_SIZE

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def count_label(self) -> str:
        """"1 persona", "1.234 persone": Italian digit grouping."""
        grouped = f"{self.count:,}".replace(",", ".")
        return f"{grouped} {'persona' if self.count == 1 else 'persone'}"

    def __iter__(self):
        return iter(self.items)


MAX_PAGE = 1_000_000


def _page(queryset, number: str | None, size: int | None = None) -> Page:
    """The asked page (past the last: the last), and the total: one COUNT on
    the filters' indexes (ordering dropped) and one LIMIT/OFFSET."""
    size = size or PAGE_SIZE
    try:
        page = min(max(1, int(number or 1)), MAX_PAGE)  # the OFFSET fits a bigint
    except ValueError:
        page = 1
    count = queryset.count()
    page = min(page, max(1, -(-count // size)))
    start = (page - 1) * size
    rows = list(queryset[start:start + size]) if count else []
    return Page(items=rows, number=page, count=count, size=size)


# --- Search and list --------------------------------------------------------

def _list_context(request) -> dict:
    form = PersonFilterForm(request.GET or None)
    filters = form.filters()
    people = selectors.person_list(actor=request.user, filters=filters).only(
        *selectors.LIST_FIELDS)
    page = _page(people, request.GET.get("pagina"))
    labels = {value: str(label) for value, label in EmploymentStatus.choices}
    contacts = selectors.last_contacts(person_ids=[p.pk for p in page]) if page.items else {}
    for person in page:  # one translation per choice, not one per row
        person.employment_label = labels.get(person.employment_status, "")
        person.last_contact = contacts.get(person.pk)
    sort = selectors.valid_sort(filters.sort) if filters.sort else ""
    return {"form": form, "page": page,
            "query_string": form.query_string(), "filters": filters,
            "sort": sort, "sort_links": _sort_links(form, sort, searching=bool(filters.text)),
            "can_manage_notices": permissions.can_manage_notices(request.user)}


def _sort_links(form, sort: str, *, searching: bool) -> dict[str, dict]:
    """For each sortable column: the link that sorts by it (the other way if it
    already does), with the filters kept and back to page 1, and its aria-sort."""
    base = form.query_string(without=("pagina", "ordine"))
    current = sort or ("" if searching else selectors.DEFAULT_SORT)
    links = {}
    for key, first in (("cognome", "cognome"), ("nome", "nome"),
                       ("registrazione", "-registrazione")):
        active = current.lstrip("-") == key
        target = ((current[1:] if current.startswith("-") else f"-{current}") if active
                  else first)
        query = f"{base}&ordine={target}" if base else f"ordine={target}"
        links[key] = {"url": f"{reverse('people:list')}?{query}",
                      "aria": ("descending" if current.startswith("-") else "ascending")
                      if active else "none"}
    return links


@staff_required
@require_GET
def person_list(request):
    return render(request, "people/person_list.html", _list_context(request))


@staff_required
@require_GET
def person_results(request):
    """The results table alone: what the search box swaps in as the operator types."""
    return render(request, "people/_results.html", _list_context(request))


# --- Exports ----------------------------------------------------------------

@staff_required
@require_GET
def person_export(request, file_format: str):
    """The counter's people (with the list's filters) as CSV or XLSX; audited."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("Formato non disponibile.")
    form = PersonFilterForm(request.GET or None)
    filters = form.filters()
    people = selectors.person_list(actor=request.user, filters=filters)
    services.record_export(acting_user=request.user, file_format=file_format,
                           count=people.count(), filters=filters.as_details())
    return exports.response(people, file_format)


# --- Registration and edit ---------------------------------------------------

def _save_person(request, form: PersonForm, *, person: Person | None):
    """Register or update from a valid form; on error, the errors go to the form.
    Returns (person, duplicate)."""
    try:
        if person is None:
            saved = services.register_person(data=form.person_data(), acting_user=request.user)
        else:
            saved = services.update_person(person=person, data=form.person_data(),
                                           acting_user=request.user)
    except DuplicatePerson as exc:
        apply_service_error(form, exc)
        return None, exc.person
    except ServiceError as exc:
        apply_service_error(form, exc)
        return None, None
    return saved, None


@staff_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    form = PersonForm(request.POST or None)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        person, duplicate = _save_person(request, form, person=None)
        if person is not None:
            messages.success(request, f"Persona registrata: {person.full_name}.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html",
                  {"form": form, "duplicate": duplicate, "person": None})


@staff_required
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    person = _person_or_404(request, person_id)
    if request.method == "GET":
        services.record_person_read(person=person, acting_user=request.user)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person), person=person)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        saved, duplicate = _save_person(request, form, person=person)
        if saved is not None:
            messages.success(request, "Dati aggiornati.")
            return redirect("people:detail", person_id=saved.pk)
    return render(request, "people/person_form.html",
                  {"form": form, "duplicate": duplicate, "person": person})


@staff_required
@require_GET
def codice_fiscale_check(request):
    """What a codice fiscale says (or why it is wrong), and whether it is already
    registered: shown under the field as the operator types."""
    value = cf.normalize(request.GET.get("codice_fiscale", ""))
    context: dict = {"value": value}
    if len(value) == 16:
        try:
            decoded = cf.decode(value)
        except cf.CodiceFiscaleError as exc:
            context["error"] = exc.message
        else:
            context["decoded"] = decoded
            context["place"] = codes.place_for_code(code=decoded.place_code,
                                                    on=decoded.birth_date)
            existing = selectors.person_with_code(actor=request.user, code=value)
            exclude = request.GET.get("persona")
            if existing is not None and str(existing.pk) != exclude:
                context["existing"] = existing
    return render(request, "people/_cf_check.html", context)


@staff_required
@require_GET
def birth_places(request):
    """Comuni (valid at the birth date, when known) and foreign states by name."""
    text = (request.GET.get("birth_place_name") or "").strip()
    on = boundary.parse_date(request.GET.get("birth_date"))
    places = codes.places_matching(text=text, on=on, limit=12) if len(text) >= 2 else []
    return render(request, "people/_places.html", {"places": places, "text": text, "on": on})


# --- The person's page ---------------------------------------------------------

CONSENT_PURPOSES = ConsentPurpose.choices

# Pages of other packages that start from a person: (label, url name, how the
# person is passed: "path" as the ``person_id`` argument, "query" as ?persona=).
# A page whose package does not define it is simply not offered.
PERSON_ACTIONS = [
    ("Fissa un appuntamento", "desks:appointment_create", "query"),
    ("Compila una valutazione", "assessments:new", "path"),
    ("Registra una consulenza", "casework:consultation_create", "path"),
    ("Percorsi", "casework:pathways", "path"),
    ("Curriculum", "jobs:cv", "path"),
    ("Scrivi un messaggio", "desks:person_messages", "path"),
]


@staff_required
@require_GET
def person_detail(request, person_id: int):
    person = _person_or_404(request, person_id)
    services.record_person_read(person=person, acting_user=request.user)
    latest = selectors.consent_state(person=person)
    consents = [{"purpose": value, "label": label, "record": latest.get(value)}
                for value, label in CONSENT_PURPOSES]
    return render(request, "people/person_detail.html", {
        "person": person,
        "consents": consents,
        "methods": ConsentRecord.Method.choices,
        "notice": selectors.current_notice(),
        "timeline": timeline_for(person=person),
        "vulnerability_labels": [label for value, label in Vulnerability.choices
                                 if value in person.vulnerabilities],
        "citizenship": codes.citizenship_for_code(person.citizenship_code),
        "actions": PERSON_ACTIONS,
    })


@staff_required
@require_POST
def person_consent(request, person_id: int):
    person = _person_or_404(request, person_id)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        messages.error(request, f"Consenso non registrato: {first}")
    else:
        data = form.cleaned_data
        try:
            services.record_consent(person=person, purpose=data["purpose"], given=data["given"],
                                    method=data["method"], acting_user=request.user)
        except ServiceError as exc:
            messages.error(request, f"Consenso non registrato: {exc.message}")
        else:
            label = ConsentPurpose(data["purpose"]).label
            done = "dato" if data["given"] else "revocato"
            messages.success(request, f"Consenso {done} registrato: {label}.")
    return redirect(reverse("people:detail", kwargs={"person_id": person.pk}) + "#consensi")


@staff_required
@require_http_methods(["GET", "POST"])
def person_intake(request, person_id: int):
    person = _person_or_404(request, person_id)
    if request.method == "GET":
        services.record_person_read(person=person, acting_user=request.user)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_contact(
                person=person, channel=data["channel"], reason=data["reason"],
                occurred_at=data["occurred_at"], referred_by=data["referred_by"],
                information_given=data["information_given"], acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Accoglienza registrata.")
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/contact_form.html", {"form": form, "person": person})


# --- Privacy notices -------------------------------------------------------------

@staff_required
@require_GET
def notice_list(request):
    return render(request, "people/notice_list.html", {
        "notices": selectors.privacy_notices(),
        "can_manage": permissions.can_manage_notices(request.user),
    })


@staff_required
@require_GET
def notice_detail(request, notice_id: int):
    try:
        notice = selectors.get_notice(notice_id=notice_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "people/notice_detail.html", {
        "notice": notice, "can_manage": permissions.can_manage_notices(request.user)})


@admin_required
@require_http_methods(["GET", "POST"])
def notice_create(request):
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.publish_notice(**form.cleaned_data, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Informativa versione {notice.version} pubblicata"
                                      f"{' e messa in vigore' if notice.is_current else ''}.")
            return redirect("people:notices")
    return render(request, "people/notice_form.html", {"form": form})


@admin_required
@require_POST
def notice_make_current(request, notice_id: int):
    try:
        notice = selectors.get_notice(notice_id=notice_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    services.make_notice_current(notice=notice, acting_user=request.user)
    messages.success(request, f"L'informativa versione {notice.version} è ora in vigore: i "
                              f"nuovi consensi faranno riferimento a questa versione.")
    return redirect("people:notices")
