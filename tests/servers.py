"""Start real server processes for end-to-end tests: a free loopback port, the
process, a wait until it answers, its log kept for the failure message."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

TKGRAPH = str(Path(sys.executable).with_name("tkgraph"))
OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running(
    command: list[str], ready_url: str, log_path: Path, timeout: float = 60
) -> Iterator[int]:
    """Run `command` until the block ends; wait first until `ready_url` answers 200.

    Yields the process id. Fails with the process's log if it exits or does
    not answer in time.
    """
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1"},
        )
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    if httpx.get(ready_url, timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if proc.poll() is not None:
                    raise AssertionError(f"{command[0]} exited: {log_path.read_text()}")
                if time.monotonic() > deadline:
                    raise AssertionError(
                        f"{ready_url} did not answer within {timeout:g} s: {log_path.read_text()}"
                    )
                time.sleep(0.1)
            yield proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def tkgraph_server(args: list[str], log_dir: Path) -> Iterator[tuple[str, int]]:
    """`tkgraph serve ARGS` on a free port; yields (base URL, pid)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running(
        [TKGRAPH, "serve", "--port", str(port), *args], f"{base}/healthz", log_dir / "tkgraph.log"
    ) as pid:
        yield base, pid
