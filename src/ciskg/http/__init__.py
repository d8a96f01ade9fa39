"""The HTTP layer: FastAPI app factory and routers over `ciskg.sparql` (which knows no HTTP)."""

from ciskg.http.app import create_app

__all__ = ["create_app"]
