# Rebound: one image for the web process (gunicorn), the Celery worker and Celery beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Pango and a font for WeasyPrint (the search log's PDF).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files are collected at build time and served by WhiteNoise. These values exist only for
# this build step; the real ones come from the environment at run time.
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
    && useradd --create-home --uid 1000 rebound \
    && mkdir -p /app/var/documents && chown -R rebound /app/var

USER rebound
EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
