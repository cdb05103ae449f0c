from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts import audit_actions as actions
from accounts.forms import InvitationAwarePasswordResetForm, LoginForm
from audit import services as audit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Django's LoginView names the site after the host; the shell's context
        # processor (web.context_processors.site) knows the administration.
        context.pop("site_name", None)
        return context


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(action=actions.PASSWORD_CHANGED, actor=self.request.user)
        messages.success(self.request, _("Password cambiata."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = InvitationAwarePasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        audit.record(action=actions.PASSWORD_RESET_REQUESTED,
                     actor_label=form.cleaned_data.get("email", ""))
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(action=actions.PASSWORD_CHANGED, actor=form.user,
                     details={"via": "reset"})
        messages.success(self.request, _("Password impostata: ora può accedere."))
        return response
