"""Django's LocaleMiddleware, with every answer saying that it varies with the cookies too.

The language of a page comes from the visitor's language cookie (the switch in the header) or
else from Accept-Language, at one address for both languages. Django's middleware marks the
answers `Vary: Accept-Language` only; a shared cache in front of the site would then give a
page in the language one visitor chose to every visitor.
"""

from django.middleware import locale
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(locale.LocaleMiddleware):
    def process_response(self, request, response):
        response = super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        return response
