"""The app's settings for the test run, with a fast password hasher: a test that signs someone
up or in would otherwise spend most of its time in PBKDF2's many rounds, which test nothing; and
uploaded CVs and cover letters kept in a folder of this run's own, removed at the end; and a key
for mailbox passwords."""

import atexit
import shutil
import tempfile

from config.settings import *  # noqa: F403
from config.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

DOCUMENTS_DIR = tempfile.mkdtemp(prefix="rebound-test-documents-")
atexit.register(shutil.rmtree, DOCUMENTS_DIR, ignore_errors=True)
STORAGES = {
    **STORAGES,
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_DIR, "base_url": None, "file_permissions_mode": 0o600},
    },
}

# A key of this run's own for the connected mailboxes' passwords (tests of the key missing unset it).
MAILBOX_KEYS = ["Dt4X2ztQkWZDoQi0VQ3Ik0o2d1Zs3bWVsnmd1c8vL1M="]
