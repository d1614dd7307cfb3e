"""A real lawbridge server (uvicorn, in a thread) over a temporary SQLite database with the demo."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from lawbridge.server.app import create_app
from lawbridge.settings import Settings
from lawbridge.store import migrate
from lawbridge.store.db import Database
from lawbridge.workflows.demo import load_demo
from lawbridge.workflows.unit import Context

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a served app with the synthetic demo loaded."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'lawbridge.db'}"
    settings = Settings(env="test", database_url=url)
    db = Database(url)
    migrate.upgrade(db)
    context = Context(settings, db)
    load_demo(context)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(context=context), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    context.close()
