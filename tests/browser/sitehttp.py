"""A built site served over HTTP on 127.0.0.1 for the browser tests."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

# A static server in a process of its own: a server thread in the test process would stay alive for the
# rest of the session, and the tests of forked workers (loading, bodies, search) only fork while the test
# process has one thread (they would fall back to serial work, or skip).
_SERVER = """
import functools, http.server, sys
class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=sys.argv[1]))
print(server.server_address[1], flush=True)
server.serve_forever()
"""


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """`directory` served over HTTP on a free local port by a child process: its base URL."""
    server = subprocess.Popen([sys.executable, "-c", _SERVER, str(directory)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = server.stdout.readline().strip()
        assert port.isdigit(), "the test HTTP server did not start"
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.kill()
        server.wait()
