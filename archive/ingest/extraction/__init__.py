"""Pure extraction: article text in, tour facts out. No Django, no I/O."""

from .gazetteer import Gazetteer
from .pipeline import ArticleFacts, Fact, extract

__all__ = ["ArticleFacts", "Fact", "Gazetteer", "extract"]
