# Production image: web (gunicorn), worker and beat run the same image.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app:/app/platform RETE_ENV=production
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . && \
    RETE_ENV=production SECRET_KEY=build DATABASE_URL=postgresql://x@localhost/x \
    CELERY_BROKER_URL=redis://localhost RETE_BASE_DOMAIN=build.invalid RETE_FIELD_KEYS=unused \
    python manage.py collectstatic --noinput && \
    useradd --system --uid 10001 rete
USER 10001
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4"]
