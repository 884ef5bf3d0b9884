"""The static files storage when DEBUG is off: WhiteNoise's, each address worked out once."""

import functools

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Every page asks for the same few addresses (base.html alone for six). Each is a
    manifest lookup, a URL join and quoting, some 50 µs, and changes only when
    collectstatic writes a new manifest (post_process, then a restart in production).
    """

    @functools.lru_cache(maxsize=512)  # noqa: B019 - one storage object per process
    def url(self, name, force=False):
        return super().url(name, force)

    def post_process(self, *args, **kwargs):
        StaticStorage.url.cache_clear()
        yield from super().post_process(*args, **kwargs)
        StaticStorage.url.cache_clear()
