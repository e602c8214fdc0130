"""Strict readers for settings that come from environment variables.

A wrong value stops start-up with a message that names the variable, instead of
being read as some silent default (django-environ reads `DEBUG=maybe` as False).
"""

import base64
import binascii
import os
import warnings
import zoneinfo

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name):
    return os.environ.get(name)


def text(name, default=""):
    value = _raw(name)
    return default if value is None else value.strip()


def boolean(name, default):
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value: use 1/0, true/false, yes/no or on/off.")


def integer(name, default, *, minimum=None, maximum=None):
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise ImproperlyConfigured(f"{name}={number} is out of range ({minimum}..{maximum}).")
    return number


def comma_list(name, default=()):
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def fernet_keys(name):
    """Comma-separated Fernet keys (32 url-safe base64-encoded bytes each)."""
    keys = comma_list(name)
    for number, key in enumerate(keys, start=1):
        try:
            raw = base64.urlsafe_b64decode(key.encode())
        except (ValueError, binascii.Error):
            raw = b""
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"{name}: key {number} is not a Fernet key (32 url-safe base64-encoded bytes; make one with "
                '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).'
            )
    return keys


def database(name, default):
    value = text(name) or default
    with warnings.catch_warnings():  # an unknown scheme is reported below, in plain words
        warnings.simplefilter("ignore")
        try:
            config = environ.Env.db_url_config(value)
        except Exception as error:  # django-environ raises several kinds for a bad URL
            raise ImproperlyConfigured(f"{name}={value!r} is not a database URL: {error}") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a database URL Rebound knows: use postgres://… or sqlite:///…"
        )
    return config


def url(name, default):
    value = text(name) or default
    if not value.startswith(("http://", "https://", "redis://", "rediss://", "memory://")):
        raise ImproperlyConfigured(f"{name}={value!r} must be a full URL (scheme://host…).")
    return value.rstrip("/")


def time_zone(name, default):
    value = text(name) or default
    if value not in zoneinfo.available_timezones():
        raise ImproperlyConfigured(f"{name}={value!r} is not a known time zone (e.g. Europe/Paris).")
    return value
