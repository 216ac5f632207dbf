"""newsweave: weave news articles from many outlets into stories.

The public entry points are :func:`newsweave.pipeline.analyze` and the
records in :mod:`newsweave.model`.
"""

from newsweave.model import Article, IngestResult, Rejection, Report, Sentence, Story

__all__ = ["Article", "IngestResult", "Rejection", "Report", "Sentence", "Story"]
__version__ = "0.1.0"
