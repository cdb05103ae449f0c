# Production image: web (gunicorn), worker and beat run the same image.
# Uploaded documents live under MEDIA_ROOT (/app/media): the Helm chart mounts
# one ReadWriteMany volume there for web and worker pods alike.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app:/app/platform RETE_ENV=production \
    MEDIA_ROOT=/app/media STATIC_ROOT=/app/static
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . && \
    RETE_ENV=production SECRET_KEY=build DATABASE_URL=postgresql://x@localhost/x \
    CELERY_BROKER_URL=redis://localhost RETE_BASE_DOMAIN=build.invalid RETE_FIELD_KEYS=unused \
    python manage.py collectstatic --noinput && \
    useradd --system --uid 10001 rete && \
    mkdir -p /app/media && chown 10001 /app/media
USER 10001
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
