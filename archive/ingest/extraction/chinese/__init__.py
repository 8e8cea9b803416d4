"""Chinese reports: their own reading of dates, names, places and companies, on the shared
gazetteer and facts (the pipeline hands a report here when most of its letters are Chinese)."""

from .names import company_key
from .script import simplified

__all__ = ["company_key", "simplified"]
