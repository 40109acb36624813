FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Pango for WeasyPrint (the participation report as PDF).
# gcc compiles the tally engine's kernel (Cython).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    gcc libc6-dev && rm -rf /var/lib/apt/lists/*
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt
COPY . .
RUN python scripts/build_kernel.py
# Static files are collected at build time; whitenoise serves them compressed.
RUN CIVIC_ENV=production SECRET_KEY=build-only CENSUS_HASH_KEY=build-only BALLOT_KEY=build-only \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
RUN useradd --system civic && chown -R civic /app
USER civic
EXPOSE 8000
CMD ["gunicorn", "civic.wsgi:application", "-c", "gunicorn.conf.py"]
