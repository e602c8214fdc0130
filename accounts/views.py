from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from accounts import export, services
from accounts.forms import DeleteAccountForm, EmailAuthenticationForm, ProfileForm, ProtectionForm, SignUpForm

# Sign-up and a new password through the emailed reset link log the person in directly; naming
# the backend skips the throttling one, which only guards password checks.
DIRECT_LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """The page for a login refused by a lock (settings.AXES_LOCKOUT_CALLABLE, see accounts.throttle)."""
    context = {
        "whole_address": getattr(request, "login_paused_for_address", False),
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": get_cool_off(request),
    }
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignUpForm(request.POST) if request.method == "POST" else SignUpForm()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_sign_up(
                email=data["email"],
                password=data["password1"],
                display_name=data["display_name"],
                time_zone=data["time_zone"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=DIRECT_LOGIN_BACKEND)
            messages.success(
                request, f"Welcome to Rebound, {user.name}. Add your first application whenever you're ready."
            )
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/signup.html", {"form": form})


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"

    @property
    def extra_email_context(self):
        # Links in the email start from SITE_URL, never from the Host header of the request.
        return {"site_url": settings.SITE_URL}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A new password through the emailed link, then straight in.

    Whoever can read the inbox has proven who they are, so no lock stands in the way: not the
    one on their account, which is lifted here, nor a pause on an address they share with
    someone guessing, which signing them in directly steps around.
    """

    post_reset_login = True
    post_reset_login_backend = DIRECT_LOGIN_BACKEND
    success_url = reverse_lazy(settings.LOGIN_REDIRECT_URL)

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username().lower())
        messages.success(self.request, "Your new password is saved, and you're logged in.")
        return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    if request.method == "POST":
        form = ProfileForm.for_user(request.user, data=request.POST)
        if form.is_valid():
            services.user_update_profile(user=request.user, **form.cleaned_data)
            messages.success(request, "Your settings are saved.")
            return redirect("accounts:profile")
    else:
        form = ProfileForm.for_user(request.user)
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def protection(request):
    """Protect me from rejections for a while: Today keeps their counts and their emails' words
    out of sight; the walkthrough still starts, quietly."""
    form = ProtectionForm(request.POST or None)
    if request.method == "POST" and "end" in request.POST:
        services.protection_end(user=request.user)
        messages.success(request, "Today shows everything again.")
        return redirect("home:dashboard")
    if request.method == "POST" and form.is_valid():
        until = services.protection_start(user=request.user, days=form.cleaned_data["days"])
        messages.success(request, f"Until {until:%A} {until.day} {until:%B}, Today keeps rejections out of sight.")
        return redirect("home:dashboard")
    today = request.user.local_today()
    return render(request, "accounts/protection.html", {"form": form, "on": request.user.protected_on(today)})


@login_required
@require_safe
def export_download(request):
    """The person's data as one JSON file, streamed so a long history never sits in memory."""
    now = timezone.now()
    response = StreamingHttpResponse(
        export.json_chunks(user=request.user, now=now), content_type="application/json; charset=utf-8"
    )
    filename = export.file_name(user=request.user, now=now)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            services.user_delete(user=request.user)
            logout(request)
            return redirect("accounts:goodbye")
    else:
        form = DeleteAccountForm(user=request.user)
    return render(request, "accounts/delete.html", {"form": form})


@require_safe
def goodbye(request):
    return render(request, "accounts/goodbye.html")
