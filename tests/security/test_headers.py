"""Production settings send the browser every protection; no page needs an inline script.

The deploy checklist itself (manage.py check --deploy) runs in tests/test_config.py and in CI.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.security.routes import every_page

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!q2m@v9#kz4$w8^r1&t6*y3(u5)p0-s_d+f=g[h]j{l}c;n:b,a.e/i?o<x>",
    "ALLOWED_HOSTS": "rebound.example",
    "SITE_URL": "https://rebound.example",
    "CSRF_TRUSTED_ORIGINS": "https://rebound.example",
}
# Runs in a fresh process with the production environment: what a browser would receive.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="rebound.example")
secure = client.get("/healthz", secure=True)
plain = client.get("/accounts/login/")
proxied = client.get("/healthz", HTTP_X_FORWARDED_PROTO="https")
names = ["DEBUG", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
print(json.dumps({
    "headers": dict(secure.headers),
    "plain": [plain.status_code, plain.headers.get("Location")],
    "proxied_hsts": proxied.headers.get("Strict-Transport-Security"),
    "settings": {name: getattr(settings, name) for name in names},
}))
"""


def probe(tmp_path, **extra):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'probe.sqlite3'}",
        **PRODUCTION,
        **extra,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    return probe(tmp_path_factory.mktemp("production"))


def policy(header: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (part.split() for part in header.split(";") if part.strip())}


def test_production_sends_every_protection_header(production):
    headers = production["headers"]

    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_policy_allows_scripts_from_our_own_files_only(production):
    directives = policy(production["headers"]["Content-Security-Policy"])

    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in value for name in ("script-src", "default-src") for value in directives[name])


def test_production_sends_plain_http_to_https_and_keeps_cookies_secure(production):
    assert production["plain"] == [301, "https://rebound.example/accounts/login/"]
    assert production["settings"] == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_SSL_REDIRECT": True,
    }


def test_behind_a_tls_proxy_the_forwarded_scheme_counts_only_when_configured(production, tmp_path):
    assert production["proxied_hsts"] is None  # a client can't claim HTTPS with a header of its own

    behind_proxy = probe(tmp_path, BEHIND_TLS_PROXY="1")

    assert behind_proxy["proxied_hsts"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_with_production_cookie_settings_the_session_and_csrf_cookies_are_secure(client, settings, mine, production):
    for name in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE"):
        setattr(settings, name, production["settings"][name])
    mine.user.set_password(PASSWORD)
    mine.user.save()

    form = client.get(reverse("accounts:login"), secure=True)
    signed_in = client.post(reverse("accounts:login"), {"username": mine.user.email, "password": PASSWORD}, secure=True)

    csrf, session = form.cookies["csrftoken"], signed_in.cookies["sessionid"]
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_SOURCE = re.compile(r"<script[^>]*\bsrc=\"([^\"]*)\"", re.IGNORECASE)


@pytest.mark.django_db
def test_no_page_has_an_inline_script_or_event_handler_and_every_page_sends_the_policy(signed_in, mine):
    checked = 0
    for client, public in ((signed_in, False), (Client(), True)):
        for name, response, text in every_page(client, mine, public=public):
            if not response["Content-Type"].startswith("text/html"):
                continue
            checked += 1
            assert "Content-Security-Policy" in response.headers, name
            assert not INLINE_SCRIPT.search(text), f"{name} has an inline <script>: move it to a file in static/js/"
            assert not EVENT_HANDLER.search(text), f"{name} has an inline event handler: bind it in static/js/"
            for source in SCRIPT_SOURCE.findall(text):
                assert source.startswith("/static/"), f"{name} loads a script from {source}"
    assert checked > 30
