import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# jieba's dictionary is read when the worker starts, not on the first save that needs it.
from search.text import load_tokenizer  # noqa: E402  (needs the settings configured above)

load_tokenizer()
