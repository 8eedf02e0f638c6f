# The production shape: Django on gunicorn (web) and Celery (worker) from one image.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app/frontend
COPY frontend/ ./
RUN if [ -f package.json ]; then npm ci --no-audit --no-fund && npm run build; else mkdir -p dist; fi

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app
RUN useradd --create-home --uid 1000 app
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=frontend /app/frontend/dist ./frontend/dist
RUN mkdir -p var && chown -R app:app var \
    && DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput && chown -R app:app var
USER app
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "--bind", "0.0.0.0:8000", "--workers", "3"]
