"""Background tasks: Django's task framework (django.tasks) with a database-backed queue and a worker
process (`mappa worker`, started by `mappa serve`). See mappa.jobs.backend and mappa.jobs.worker."""
