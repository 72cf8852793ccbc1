"""`zfxxgk edit`: the site with its editing page on 127.0.0.1, saving into the local working tree.

Decap's local proxy, decap-server (npm, installed into admin-vendor/server/ by `npm ci` from the committed
package-lock.json), reads and writes the files; this server serves the built site and forwards /api/v1 to
it, so the page talks to one origin only. /api/zfxxgk/next-index gives the next free 索引号 of the working
tree, as `zfxxgk new` allocates it. After every save the site is rebuilt in the background (into a fresh
folder, then switched), so the item pages, lists and links show the change.
"""

from __future__ import annotations

import datetime as dt
import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from zfxxgk.admin.backend import LOCAL_API
from zfxxgk.newitem import NewItemError, next_index_no, read_sources, taken_numbers
from zfxxgk.settings import Settings

VENDOR = "admin-vendor/server"
SERVER_JS = "node_modules/decap-server/dist/index.js"
LOCAL_MARK = "/api/zfxxgk/local"
WRITES = {"persistEntry", "persistMedia", "deleteFile", "deleteFiles"}


class EditError(Exception):
    """Local mode cannot start; the message says what to install or change."""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ensure_decap_server(root: Path, log: Callable[[str], None]) -> Path:
    """admin-vendor/node_modules/decap-server, installed with `npm ci` when missing."""
    vendor = root / VENDOR
    script = vendor / SERVER_JS
    if script.is_file():
        return script
    if not (vendor / "package-lock.json").is_file():
        raise EditError(f"找不到 {VENDOR}/package-lock.json：本地编辑需要它来安装 decap-server。")
    npm = shutil.which("npm")
    if npm is None:
        raise EditError("找不到 npm：请先安装 Node.js 和 npm，本地编辑用它安装 decap-server。")
    log(f"正在安装 decap-server（npm ci，{VENDOR}/package-lock.json 中固定的版本）……")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(vendor)],
                          capture_output=True, text=True)
    if done.returncode != 0 or not script.is_file():
        raise EditError(f"npm ci 失败：{done.stderr.strip()[-500:]}")
    return script


def start_decap_server(root: Path, script: Path, port: int) -> subprocess.Popen[bytes]:
    """decap-server in file-system mode on 127.0.0.1:port, writing into root."""
    node = shutil.which("node")
    if node is None:
        raise EditError("找不到 node：请先安装 Node.js。")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(root), "LOG_LEVEL": "warn"}
    proc = subprocess.Popen([node, str(script)], cwd=root, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EditError(f"decap-server 没有启动（退出码 {proc.returncode}）。")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise EditError("decap-server 30 秒内没有启动。")


class Site:
    """The built site being served, rebuilt after saves (one build at a time, the newest folder served)."""

    def __init__(self, root: Path, config: Path, workdir: Path, log: Callable[[str], None]) -> None:
        self.root, self.config, self.workdir, self.log = root, config, workdir, log
        self.current: Path | None = None
        self.generation = 0
        self.dirty = threading.Event()
        self.lock = threading.Lock()
        self.stopped = False

    def build(self) -> bool:
        """Build into a new folder and serve it; False (with the build's messages logged) when it failed."""
        with self.lock:
            if self.stopped:
                return False
            self.generation += 1
            dest = self.workdir / f"site-{self.generation}"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": os.pathsep.join(p for p in [str(Path(__file__).parents[2]),
                                                                            os.environ.get("PYTHONPATH", "")] if p)}
            done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(self.config), "-d",
                                   str(dest)], cwd=self.root, env=env, capture_output=True, text=True)
            if not (dest / "admin" / "index.html").is_file():
                self.log("网站构建失败：\n" + done.stderr.strip()[-3000:])
                return False
            if done.stderr.strip():
                self.log(done.stderr.strip()[-3000:])  # the checks' messages: the editor should see them
            old, self.current = self.current, dest
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            return True

    def rebuild_loop(self) -> None:
        """Rebuild whenever a save marked the site dirty (saves during a build coalesce into one more)."""
        while True:
            self.dirty.wait()
            self.dirty.clear()
            if self.build():
                self.log("已按保存的内容重新构建网站。")


def next_index(settings: Settings, year: int) -> str:
    """The next free 索引号 of that year in the working tree (as `zfxxgk new` allocates it)."""
    org = settings.org_codes[0]
    taken = taken_numbers(read_sources(settings))
    while True:
        number = next_index_no(org, year, taken)
        if not any(settings.content_dir.glob(f"**/{number.rpartition('/')[2]}")):
            return number
        taken.add(number)  # a folder without a readable 索引号 still holds its number


def handler(site: Site, settings: Settings, api_port: int) -> type[http.server.SimpleHTTPRequestHandler]:
    """The request handler: the site's files, /api/v1 forwarded to decap-server, the next free 索引号."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Decap reads config.yml only when it is served as YAML (the instance handles its request in __init__)
            self.extensions_map = {**self.extensions_map, ".yml": "text/yaml; charset=utf-8", ".js": "text/javascript"}
            super().__init__(*args, directory=str(site.current or site.workdir), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass


        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == LOCAL_MARK:  # zfxxgk-admin.js: local mode, use the local backend at <origin>/api/v1
                self._json(200, {"local_backend": LOCAL_API})
                return
            if url.path == "/api/zfxxgk/next-index":
                try:
                    year = int(parse_qs(url.query).get("year", [str(dt.date.today().year)])[0])
                    self._json(200, {"index": next_index(settings, year)})
                except (ValueError, NewItemError) as exc:
                    self._json(400, {"error": str(exc)})
                return
            super().do_GET()

        def do_POST(self) -> None:
            if urlparse(self.path).path != LOCAL_API:
                self.send_error(404)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            request = urllib.request.Request(f"http://127.0.0.1:{api_port}{LOCAL_API}", data=body,
                                             headers={"Content-Type": "application/json"}, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=120) as answer:
                    status, data = answer.status, answer.read()
            except urllib.error.HTTPError as exc:
                status, data = exc.code, exc.read()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            try:
                action = json.loads(body).get("action")
            except ValueError:
                action = None
            if status == 200 and action in WRITES:
                site.dirty.set()

        def _json(self, status: int, data: object) -> None:
            raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(settings: Settings, port: int, log: Callable[[str], None],
          ready: Callable[[str], None] | None = None) -> int:
    """Install decap-server if needed, build, serve until interrupted; the exit code."""
    root = settings.root
    script = ensure_decap_server(root, log)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends it like Ctrl+C: decap-server and the builds go too
    workdir = Path(tempfile.mkdtemp(prefix="zfxxgk-edit-"))
    api_port = free_port()
    site = Site(root, settings.config_file, workdir, log)
    proc: subprocess.Popen[bytes] | None = None
    try:
        proc = start_decap_server(root, script, api_port)
        log("正在构建网站……")
        if not site.build():
            return 1
        threading.Thread(target=site.rebuild_loop, daemon=True).start()
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler(site, settings, api_port))
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        log(f"网页编辑：{url}admin/    网站：{url}    （按 Ctrl+C 结束）")
        if ready is not None:
            ready(url)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    except KeyboardInterrupt:
        pass
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        site.stopped = True
        if site.lock.acquire(timeout=300):  # a rebuild under way finishes before its folder goes
            site.lock.release()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0
