"""Assessment pages: scoring a person, the result, the answers (audited),
and the tenant administrator's instrument editor."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments import permissions, selectors, services
from assessments.errors import SpecialCategoryDenied
from assessments.forms import InstrumentForm, QuestionnaireForm
from assessments.timeline import outcome
from core.errors import ServiceError
from people import selectors as people_selectors
from people.models import ConsentPurpose
from ui.decorators import role_required
from ui.forms import apply_service_error
from ui.shortcuts import found_or_404


def _url(name: str, fallback: str, *args) -> str:
    """A page of another package, if it is mounted (else its documented path)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


def person_url(person_id: int) -> str:
    return _url("people:detail", f"/persone/{person_id}/", person_id)


def agenda_url() -> str:
    return _url("desks:agenda", "/agenda/")


# --- Scoring a person ---------------------------------------------------------

def _chosen_instrument(request, instruments):
    wanted = request.POST.get("strumento") or request.GET.get("strumento")
    if wanted:
        try:
            return next(i for i in instruments if i.pk == int(wanted))
        except (StopIteration, ValueError):
            raise Http404("Strumento di valutazione non trovato.") from None
    return instruments[0] if len(instruments) == 1 else None


@role_required(permissions.can_record_assessments)
@require_http_methods(["GET", "POST"])
def assessment_new(request, person_id: int):
    person = found_or_404(people_selectors.get_person_for, actor=request.user, person_id=person_id)
    instruments = list(selectors.active_instruments())
    instrument = _chosen_instrument(request, instruments)
    form = None
    if instrument is not None:
        form = QuestionnaireForm(request.POST or None, instrument=instrument)
        if request.method == "POST" and form.is_valid():
            try:
                assessment = services.score_assessment(
                    person=person, instrument=instrument, answers=form.answers(),
                    acting_user=request.user, notes=form.cleaned_data["notes"])
            except ServiceError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, "Valutazione registrata.")
                return redirect("assessments:detail", assessment_id=assessment.pk)
    return render(request, "assessments/assessment_form.html", {
        "person": person, "person_url": person_url(person.pk), "instruments": instruments,
        "instrument": instrument, "form": form,
        "max_score": selectors.max_score(instrument) if instrument else None,
        "has_consent": people_selectors.has_consent(person=person, purpose=ConsentPurpose.SERVICE),
        "past": selectors.assessments_for(actor=request.user, person=person)[:10],
    })


@role_required(permissions.can_record_assessments)
@require_POST
def assessment_total(request, person_id: int):
    """The provisional total while the questionnaire is being filled (htmx).
    Nothing is stored or logged: the answers exist only in the request."""
    found_or_404(people_selectors.get_person_for, actor=request.user, person_id=person_id)
    instruments = list(selectors.active_instruments())
    instrument = _chosen_instrument(request, instruments)
    if instrument is None:
        raise Http404("Strumento di valutazione non trovato.")
    form = QuestionnaireForm(request.POST, instrument=instrument)
    total, answered = form.provisional_total()
    return render(request, "assessments/_total.html", {
        "instrument": instrument, "total": total, "answered": answered,
        "item_count": len(form.item_fields)})


# --- Reading an assessment -----------------------------------------------------

def _detail(request, assessment, *, answers_shown: bool, status: int = 200):
    return render(request, "assessments/assessment_detail.html", {
        "assessment": assessment, "instrument": assessment.instrument,
        "outcome": outcome(assessment), "person_url": person_url(assessment.person_id),
        "agenda_url": agenda_url(), "answers_shown": answers_shown,
        "can_read_answers": permissions.can_read_special_categories(request.user),
    }, status=status)


@role_required(permissions.can_view_assessments)
@require_GET
def assessment_detail(request, assessment_id: int):
    assessment = found_or_404(selectors.get_assessment_for, actor=request.user,
                         assessment_id=assessment_id)
    return _detail(request, assessment, answers_shown=False)


@role_required(permissions.can_view_assessments)
@require_GET
def assessment_answers(request, assessment_id: int):
    """The answers: a deliberate, audited read, for casework roles only."""
    try:
        assessment = found_or_404(selectors.get_assessment_for, actor=request.user,
                             assessment_id=assessment_id, with_answers=True)
    except SpecialCategoryDenied as exc:
        return render(request, "web/403.html", {"message": exc.message}, status=403)
    services.record_answers_read(assessment=assessment, acting_user=request.user)
    if request.htmx:
        return render(request, "assessments/_answers.html", {"assessment": assessment})
    return _detail(request, assessment, answers_shown=True)


# --- Instruments (tenant administrator) ------------------------------------------

@role_required(permissions.can_manage_instruments)
@require_GET
def instrument_list(request):
    return render(request, "assessments/instrument_list.html", {
        "instruments": selectors.instruments_for(actor=request.user)})


@role_required(permissions.can_manage_instruments)
@require_GET
def instrument_detail(request, instrument_id: int):
    instrument = found_or_404(selectors.get_instrument_for, actor=request.user,
                         instrument_id=instrument_id)
    return render(request, "assessments/instrument_detail.html", {
        "instrument": instrument, "max_score": selectors.max_score(instrument)})


def _grow(request) -> str | None:
    if "aggiungi_domanda" in request.POST:
        return "item"
    return request.POST.get("aggiungi_risposta") or None


def _instrument_form_page(request, form, instrument=None):
    return render(request, "assessments/instrument_form.html", {
        "form": form, "instrument": instrument})


@role_required(permissions.can_manage_instruments)
@require_http_methods(["GET", "POST"])
def instrument_create(request):
    grow = _grow(request) if request.method == "POST" else None
    form = InstrumentForm(request.POST or None, with_code=True, grow=grow)
    if request.method == "POST" and not grow and form.is_valid():
        data = form.to_data()
        try:
            instrument = services.create_instrument(
                code=form.cleaned_data["code"], data=data, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.aliases)
        else:
            messages.success(request, "Strumento di valutazione creato.")
            return redirect("assessments:instrument_detail", instrument_id=instrument.pk)
    return _instrument_form_page(request, form)


@role_required(permissions.can_manage_instruments)
@require_http_methods(["GET", "POST"])
def instrument_edit(request, instrument_id: int):
    """Editing makes a new version; assessments already made keep theirs."""
    instrument = found_or_404(selectors.get_instrument_for, actor=request.user,
                         instrument_id=instrument_id)
    grow = _grow(request) if request.method == "POST" else None
    form = InstrumentForm(request.POST or None, grow=grow,
                          instrument_data=selectors.instrument_data(instrument))
    if request.method == "POST" and not grow and form.is_valid():
        data = form.to_data()
        try:
            new = services.create_instrument_version(
                instrument=instrument, data=data, acting_user=request.user)
        except ServiceError as exc:
            apply_service_error(form, exc, aliases=form.aliases)
        else:
            messages.success(request, f"Salvata la versione {new.version}: da ora le nuove "
                                      "valutazioni usano questa versione.")
            return redirect("assessments:instrument_detail", instrument_id=new.pk)
    return _instrument_form_page(request, form, instrument)


@role_required(permissions.can_manage_instruments)
@require_POST
def instrument_status(request, instrument_id: int):
    instrument = found_or_404(selectors.get_instrument_for, actor=request.user,
                         instrument_id=instrument_id)
    active = request.POST.get("in_uso") == "1"
    services.set_instrument_active(instrument=instrument, is_active=active,
                                   acting_user=request.user)
    messages.success(request, "Versione messa in uso." if active else
                     "Versione tolta dall'uso: non si possono fare nuove valutazioni con essa.")
    return redirect("assessments:instrument_detail", instrument_id=instrument.pk)
