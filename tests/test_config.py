import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_answers_ok_when_the_database_answers(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_reports_503_when_the_database_fails(client, db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("database is down")

    monkeypatch.setattr("config.views.connection", BrokenConnection())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503


def _check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a yes/no value"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not a whole number"),
        ("TIME_ZONE", "Mars/Olympus", "is not a known time zone"),
        ("DATABASE_URL", "nonsense", "DATABASE_URL"),
    ],
)
def test_a_wrong_setting_stops_start_up_with_a_clear_message(variable, value, message):
    result = _check({variable: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_off_requires_a_secret_key():
    result = _check({"DEBUG": "0", "ALLOWED_HOSTS": "rebound.example"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_check():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x7!q2m@v9#kz4$w8^r1&t6*y3(u5)p0-s_d+f=g[h]j{l}c;n:b,a.e/i?o<x>",
        "ALLOWED_HOSTS": "rebound.example",
        "SITE_URL": "https://rebound.example",
        "CSRF_TRUSTED_ORIGINS": "https://rebound.example",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_pages_forbid_inline_and_foreign_scripts(client, db):
    policy = client.get(reverse("healthz")).headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
