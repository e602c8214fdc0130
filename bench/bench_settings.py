"""Settings for the benchmarks: the app's own, plus the floor page's URLconf and a static folder.

DJANGO_SETTINGS_MODULE=bench.bench_settings BENCH_STATIC_ROOT=/tmp/… gunicorn config.wsgi
"""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
# collectstatic writes here for DEBUG=0 runs (the manifest storage needs its file list).
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT  # noqa: F405
