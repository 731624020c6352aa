"""The web app and REST API (`babelwire serve`)."""
from .app import create_app, serve

__all__ = ["create_app", "serve"]
