"""The web UI and REST API over a newsweave store (FastAPI)."""

from newsweave.web.app import create_app

__all__ = ["create_app"]
