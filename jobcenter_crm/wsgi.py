import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobcenter_crm.settings")
application = get_wsgi_application()

# What start-up made (modules, settings, the app registry) lives as long as the worker:
# moved out of the garbage collector's reach, so its full passes do not walk those
# objects again in the middle of a request (the slow tails of issue 13).
gc.freeze()
