"""docker-compose.yml and the Dockerfile, checked as far as a machine without Docker can."""

import importlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")


def command(service) -> list[str]:
    value = SERVICES[service]["command"]
    return value if isinstance(value, list) else shlex.split(value)


def test_the_stack_has_every_service_with_a_health_check():
    assert set(SERVICES) == {"db", "redis", "mailpit", "web", "worker", "beat"}
    for name, service in SERVICES.items():
        assert service["healthcheck"]["test"], name


def test_app_services_wait_for_healthy_dependencies():
    assert set(SERVICES["web"]["depends_on"]) == {"db", "redis", "mailpit"}
    for name in ("worker", "beat"):
        assert SERVICES[name]["depends_on"] == {"web": {"condition": "service_healthy"}}  # migrations done
    for name in APP_SERVICES:
        assert all(dep["condition"] == "service_healthy" for dep in SERVICES[name]["depends_on"].values())


def test_app_services_point_at_the_stacks_postgres_redis_and_mail_catcher():
    for name in APP_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://") and "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"] == "redis://redis:6379/0"
        assert (env["EMAIL_HOST"], env["EMAIL_PORT"]) == ("mailpit", "1025")
        assert env["DEBUG"] == "0"


def test_web_migrates_on_start_then_runs_gunicorn():
    script = command("web")[-1]
    assert script.index("manage.py migrate --noinput") < script.index("exec gunicorn config.wsgi:application")
    importlib.import_module("config.wsgi")
    assert "gunicorn==" in (ROOT / "requirements.txt").read_text()


def test_worker_and_beat_run_this_projects_celery_app():
    assert command("worker")[:4] == ["celery", "-A", "config", "worker"]
    assert command("beat")[:4] == ["celery", "-A", "config", "beat"]
    from config.celery import app

    assert app.main == "rebound"
    assert "reminders.tasks.dispatch_due_reminders" in {e["task"] for e in app.conf.beat_schedule.values()}


def test_the_web_health_check_calls_an_existing_url():
    from django.urls import resolve

    test = " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert "/healthz" in test
    assert resolve("/healthz").url_name == "healthz"


def test_the_image_installs_the_requirements_and_runs_as_an_unprivileged_user():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install -r requirements.txt" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert "\nUSER rebound\n" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var"} <= set(ignored)


@pytest.mark.parametrize("args", [["manage.py", "check"], ["-m", "celery", "-A", "config", "report"]])
def test_the_apps_start_with_the_stacks_settings(args):
    """Settings, apps and the Celery app load with exactly the stack's environment (no services needed)."""
    # Compose fills ${NAME:-default} from the host's environment; here nothing is set, so the default.
    env = {k: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", str(v)) for k, v in SERVICES["web"]["environment"].items()}
    env["SECRET_KEY"] = "x" * 60
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
