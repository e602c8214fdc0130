"""The app's settings for the test run, with a fast password hasher: a test that signs someone
up or in would otherwise spend most of its time in PBKDF2's many rounds, which test nothing."""

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
