"""Pages of casework: consultations, documents, pathways, the coordinator's
dashboard. Thin: services write, selectors read, errors go to the field."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import connection
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import permissions
from casework import charts, exports, selectors, services
from casework import pathways as machine
from casework.documents import CONTENT_TYPES
from casework.forms import (
    ConsultationFilterForm,
    ConsultationForm,
    DocumentForm,
    OpenPathwayForm,
    PeriodForm,
    transition_data,
    transition_form_class,
)
from casework.models import PathwayKind, Stage
from core.errors import ServiceError
from people import selectors as people_selectors
from people import services as people_services
from people.models import ConsentPurpose
from ui.decorators import role_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404

staff_required = role_required(permissions.is_tenant_staff)
dashboard_required = role_required(permissions.can_view_dashboard)


def _person(request, person_id, *, audit_read=True):
    person = found_or_404(people_selectors.get_person_for, actor=request.user,
                          person_id=person_id)
    if audit_read:
        people_services.record_person_read(person=person, acting_user=request.user)
    return person


def person_url(person) -> str:
    return reverse("people:detail", kwargs={"person_id": person.pk})


# --- Consultations -------------------------------------------------------------

@staff_required
@require_http_methods(["GET", "POST"])
def consultation_create(request, person_id: int):
    person = _person(request, person_id, audit_read=request.method == "GET")
    form = ConsultationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = services.record_consultation(
                person=person, acting_user=request.user, occurred_at=data["occurred_at"],
                duration_minutes=data["duration_minutes"], mode=data["mode"],
                topics=data["topics"], services=data["services"], notes=data["notes"],
                next_steps=data["next_steps"], documents=data["documents"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Consulenza registrata.")
            return redirect("casework:consultation_detail", consultation_id=consultation.pk)
    return render(request, "casework/consultation_form.html", {
        "person": person, "person_url": person_url(person), "form": form,
        "has_consent": people_selectors.has_consent(person=person, purpose=ConsentPurpose.SERVICE),
    })


def _consultation_page(request, consultation, *, document_form=None, status=200):
    return render(request, "casework/consultation_detail.html", {
        "consultation": consultation, "person": consultation.person,
        "person_url": person_url(consultation.person),
        "document_form": document_form or DocumentForm(),
    }, status=status)


@staff_required
@require_GET
def consultation_detail(request, consultation_id: int):
    consultation = found_or_404(selectors.get_consultation_for, actor=request.user,
                          consultation_id=consultation_id)
    return _consultation_page(request, consultation)


@staff_required
@require_POST
def document_upload(request, consultation_id: int):
    consultation = found_or_404(selectors.get_consultation_for, actor=request.user,
                          consultation_id=consultation_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_document(consultation=consultation, upload=form.cleaned_data["file"],
                                  description=form.cleaned_data["description"],
                                  acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Documento allegato.")
            return redirect("casework:consultation_detail", consultation_id=consultation.pk)
    return _consultation_page(request, consultation, document_form=form, status=400)


@staff_required
@require_GET
def document_download(request, consultation_id: int, document_id: int):
    document = found_or_404(selectors.get_document_for, actor=request.user,
                      consultation_id=consultation_id, document_id=document_id)
    services.record_document_read(document=document, acting_user=request.user)
    # Defence in depth: only files stored under this schema's folder are served.
    if not document.file.name.startswith(f"{connection.schema_name}/consulenze/"):
        raise Http404("Il file non è disponibile.")
    try:
        handle = default_storage.open(document.file.name, "rb")
    except FileNotFoundError as exc:
        raise Http404("Il file non è più disponibile.") from exc
    response = FileResponse(handle, as_attachment=True, filename=document.original_name,
                            content_type=CONTENT_TYPES[document.doc_type])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _list_filters(request):
    operators = list(selectors.operators())
    services_list = list(selectors.counter_services())
    form = ConsultationFilterForm(request.GET or None, operators=operators,
                                  services=services_list)
    filters = form.filters()
    return form, filters


@staff_required
@require_GET
def consultation_list(request):
    form, filters = _list_filters(request)
    items = selectors.consultation_list(actor=request.user, **filters)
    page = Paginator(items, 25).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "casework/consultation_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@staff_required
@require_GET
def consultation_export(request, file_format: str):
    if file_format not in ("csv", "xlsx"):
        raise Http404("Formato non disponibile.")
    _, filters = _list_filters(request)
    items = selectors.consultation_list(actor=request.user, **filters)
    services.record_consultation_export(acting_user=request.user, file_format=file_format,
                                        count=items.count(), filters=filters)
    return exports.response(items, file_format)


# --- Pathways -----------------------------------------------------------------

def _pathways_page(request, person, *, open_form=None, bound=None, status=200):
    """The person's pathways with, for each open one, a form per allowed next
    stage. ``bound`` = (pathway_id, stage, form) shows a submitted form again."""
    items = selectors.pathways_for_person(person=person)
    for pathway in items:
        pathway.history = [{"event": e, "data": machine.describe(e.data)}
                           for e in pathway.events.all()]
        pathway.next_stages = []
        for stage in machine.allowed_next(pathway.kind, pathway.stage):
            prefix = f"p{pathway.pk}-{stage}"
            if bound and bound[0] == pathway.pk and bound[1] == stage:
                form = bound[2]
            else:
                initial = {"lender": pathway.lender_id,
                           "beneficiary_type": pathway.beneficiary_type}
                form = transition_form_class(stage)(prefix=prefix, initial=initial)
            pathway.next_stages.append({
                "stage": stage, "label": machine.label(stage), "form": form,
                "open": bool(bound and bound[0] == pathway.pk and bound[1] == stage),
                "is_exit": stage in (Stage.WITHDRAWN, Stage.CLOSED, Stage.REFUSED),
            })
    open_kinds = {p.kind for p in items if p.is_open}
    available = [(value, label) for value, label in PathwayKind.choices if value not in open_kinds]
    if open_form is None and available:
        open_form = OpenPathwayForm(initial={"kind": available[0][0]})
    if open_form is not None:
        open_form.fields["kind"].choices = available or PathwayKind.choices
    return render(request, "casework/pathways.html", {
        "person": person, "person_url": person_url(person), "pathways": items,
        "open_form": open_form if available else None,
        "has_consent": people_selectors.has_consent(person=person, purpose=ConsentPurpose.SERVICE),
    }, status=status)


@staff_required
@require_GET
def pathways(request, person_id: int):
    return _pathways_page(request, _person(request, person_id))


@staff_required
@require_http_methods(["GET", "POST"])
def pathway_create(request, person_id: int):
    person = _person(request, person_id, audit_read=request.method == "GET")
    if request.method == "GET":
        return redirect(reverse("casework:pathways", kwargs={"person_id": person.pk})
                        + "#apri-percorso")
    form = OpenPathwayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            pathway = services.open_pathway(
                person=person, kind=data["kind"], acting_user=request.user,
                beneficiary_type=data["beneficiary_type"] or "ordinario", note=data["note"])
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"{pathway.get_kind_display()}: percorso aperto "
                                      f"({machine.label(pathway.stage)}).")
            return redirect(reverse("casework:pathways", kwargs={"person_id": person.pk})
                            + f"#percorso-{pathway.pk}")
    return _pathways_page(request, person, open_form=form, status=400)


@staff_required
@require_POST
def pathway_advance(request, pathway_id: int):
    pathway = found_or_404(selectors.get_pathway_for, actor=request.user, pathway_id=pathway_id)
    page = reverse("casework:pathways", kwargs={"person_id": pathway.person_id})
    to_stage = request.POST.get("to_stage", "")
    if to_stage not in machine.allowed_next(pathway.kind, pathway.stage):
        try:  # the service gives the refusal its message (and writes nothing)
            services.advance_pathway(pathway=pathway, to_stage=to_stage,
                                     acting_user=request.user)
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect(page + f"#percorso-{pathway.pk}")
    form = transition_form_class(to_stage)(request.POST, prefix=f"p{pathway.pk}-{to_stage}")
    if form.is_valid():
        try:
            services.advance_pathway(pathway=pathway, to_stage=to_stage,
                                     acting_user=request.user,
                                     occurred_at=form.cleaned_data.get("occurred_at"),
                                     **transition_data(form))
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, f"Percorso passato alla fase «{machine.label(to_stage)}».")
            return redirect(page + f"#percorso-{pathway.pk}")
    else:  # the service's checks of the fields the form accepted: all errors in one round
        for name, found in services.pathway_step_errors(
                pathway=pathway, to_stage=to_stage,
                occurred_at=form.cleaned_data.get("occurred_at"), **transition_data(form)).items():
            if name in form.fields and not form.has_error(name):
                for message in found:
                    form.add_error(name, message)
    return _pathways_page(request, pathway.person, bound=(pathway.pk, to_stage, form),
                          status=400)


# --- Coordinator dashboard --------------------------------------------------------

def _percent(value) -> str:
    return "—" if value is None else f"{value * 100:.0f}%".replace(".", ",")


@dashboard_required
@require_GET
def dashboard(request):
    form = PeriodForm(request.GET or None)
    date_from, date_to = form.period()
    figures = selectors.dashboard(actor=request.user, date_from=date_from, date_to=date_to)
    month_names = ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov",
                   "dic"]
    for row in figures.months:
        row["label"] = f"{month_names[row['month'].month - 1]} {row['month'].year}"
    for step in figures.funnel:
        step.conversion_text = _percent(step.conversion)
        step.median_text = "—" if step.median_days is None else \
            f"{step.median_days:.1f}".replace(".", ",")
    context = {
        "form": form, "figures": figures, "date_from": date_from, "date_to": date_to,
        "month_chart": charts.bar_chart(
            "Consulenze per mese", [(r["label"], r["count"]) for r in figures.months]),
        "operator_chart": charts.bar_chart(
            "Consulenze per operatore", [(r["operator"], r["count"]) for r in figures.operators]),
        "channel_chart": charts.bar_chart(
            "Persone per canale di accesso", [(r["label"], r["people"]) for r in figures.channels]),
        "funnel_chart": charts.bar_chart(
            "Percorsi di microcredito per fase raggiunta",
            [(s.label, s.reached) for s in figures.funnel]),
    }
    return render(request, "casework/dashboard.html", context)
