import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# jieba's dictionary is read when the worker starts, not on the first save that needs it.
from search.text import load_tokenizer  # noqa: E402  (needs the settings configured above)

load_tokenizer()

# What the worker has loaded by now (Django, the URL patterns, templates' libraries, jieba)
# lives as long as the worker: full garbage collections need not walk its ~290,000 objects
# again. Unfrozen, one in every 300-1,000 requests paid 110-150 ms for that walk
# (bench/RESULTS.md, "Detail pages, sixth round").
gc.freeze()
