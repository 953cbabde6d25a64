import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from mappa.accounts import services
from mappa.accounts.forms import CodeForm, SignInForm, TokenForm
from mappa.accounts.middleware import has_authenticator
from mappa.accounts.models import ApiToken
from mappa.audit.models import Action
from mappa.audit.services import record


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, **form.cleaned_data)
        if getattr(request, "axes_locked_out", False):
            return render(request, "accounts/locked_out.html", status=429)
        if user is None:
            record(None, Action.SIGN_IN_FAILED, details={"username": form.cleaned_data["username"][:150]})
            form.add_error(None, "Your username or password is wrong. After 5 wrong tries your account is locked for an hour.")
        else:
            login(request, user)
            record(user, Action.SIGN_IN, user)
            if user.needs_second_factor or has_authenticator(user):
                return redirect(f"/accounts/second-factor/?next={_next_url(request, '/')}")
            return redirect(_next_url(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": request.GET.get("next", "")})


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        record(request.user, Action.SIGN_OUT, request.user)
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:login")


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@login_required
def second_factor(request):
    """Ask for the authenticator code; set the authenticator up first if there is none."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = services.pending_authenticator(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        waiting = _wait_before_trying(device)  # after wrong codes, any code is refused for a while
        if waiting:
            ok = False
        elif setting_up:
            ok = services.confirm_authenticator(actor=request.user, device=device, code=code)
        else:
            ok = device.verify_token(code)
        if ok:
            otp_login(request, device)
            return redirect(_next_url(request))
        record(request.user, Action.SIGN_IN_FAILED, request.user, details={"second_factor": True})
        form.add_error("code", waiting or "The code is wrong or has expired. Enter the code the app shows now")
    context = {"form": form, "setting_up": setting_up, "next": _next_url(request, "/")}
    if setting_up:
        context["qr"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/second_factor.html", context)


def _wait_before_trying(device) -> str:
    allowed, why = device.verify_is_allowed()
    if allowed or not (why or {}).get("locked_until"):
        return ""
    seconds = max(1, int((why["locked_until"] - timezone.now()).total_seconds()) + 1)
    return (f"Too many wrong codes in a row. Wait {seconds} second{'s' if seconds != 1 else ''}, "
            "then enter the code the app shows")


@login_required
def account(request):
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        new_token = services.create_token(actor=request.user, **form.cleaned_data)
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "accounts/account.html", {
        "form": form, "tokens": tokens, "new_token": new_token,
        "has_authenticator": has_authenticator(request.user), "marking": "OFFICIAL",
    })


@login_required
@require_POST
def revoke_token(request, pk):
    services.revoke_token(actor=request.user, token=get_object_or_404(ApiToken, pk=pk, user=request.user))
    messages.success(request, "The token has been revoked.")
    return redirect("accounts:account")


@login_required
def set_up_authenticator(request):
    """Start setting up an authenticator from the account page (optional unless the agency requires it)."""
    if has_authenticator(request.user):
        messages.success(request, "You already have an authenticator app set up.")
        return redirect("accounts:account")
    return redirect("/accounts/second-factor/?next=/accounts/")
