"""JupyterLab starts on 127.0.0.1, serves a notebook and a kernel through its REST API, and stops.

The server runs in a child process as ``make lab`` runs it (same root folder, the server
extensions installed in the venv), but with its own Jupyter config, data and runtime folders
under pytest's tmp_path (nothing read from or written to ~/.jupyter or ~/.local), a random
token and a free port. The notebook's kernel ``khitab`` is registered for the running
interpreter in that data folder, as ``make lab`` registers it inside .venv. The server is
stopped through ``POST /api/shutdown``; if anything fails before that, the fixture terminates
(then kills) the server's process group and any kernel left, and the test checks that no
process of the server and no kernel it started is left behind.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ipykernel.kernelspec
import nbformat
import psutil
import pytest
from conftest import ROOT

STARTUP_TIMEOUT = 60.0
NOTEBOOK = "notebooks/01-corpus-overview.ipynb"


@dataclass
class Server:
    url: str
    token: str
    process: subprocess.Popen
    runtime_dir: Path

    def request(self, method: str, path: str, body: dict | None = None,
                timeout: float = 20.0) -> tuple[int, dict | None]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}", data=data, method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as err:
            with err:
                return err.code, None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(server: Server, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"jupyter lab exited with {server.process.returncode}:\n"
                        + log.read_text(errors="replace")[-3000:])
        try:
            status, _ = server.request("GET", "/api/status", timeout=2.0)
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"jupyter lab did not answer within {STARTUP_TIMEOUT} s:\n"
                + log.read_text(errors="replace")[-3000:])


def _kernels_of(runtime_dir: Path) -> list[psutil.Process]:
    """Processes whose command line names a connection file in this server's runtime folder."""
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = proc.info.get("cmdline") or []
        if any(str(runtime_dir) in part for part in cmdline):
            found.append(proc)
    return found


def _stop_group(process: subprocess.Popen) -> None:
    """Terminate, then kill, the server's whole process group (the fallback path)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            break
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def lab(tmp_path) -> Iterator[Server]:
    home = tmp_path / "jupyter"
    env = {**os.environ,
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_DATA_DIR": str(home / "data"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "IPYTHONDIR": str(home / "ipython"),
           "JUPYTER_PLATFORM_DIRS": "1"}
    kernel = nbformat.read(ROOT / NOTEBOOK, as_version=4).metadata["kernelspec"]["name"]
    ipykernel.kernelspec.install(kernel_name=kernel, prefix=str(tmp_path / "prefix"))
    (home / "data" / "kernels").mkdir(parents=True)
    (tmp_path / "prefix" / "share" / "jupyter" / "kernels" / kernel).rename(
        home / "data" / "kernels" / kernel)
    token = secrets.token_hex(16)
    port = _free_port()
    args = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={ROOT}",
            "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--allow-root")
    log = tmp_path / "lab.log"
    with log.open("wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   cwd=tmp_path, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", token, process, home / "runtime")
    try:
        _wait_until_up(server, log)
        yield server
    finally:
        _stop_group(process)
        for kernel in _kernels_of(server.runtime_dir):  # only if the server could not stop them
            kernel.kill()


def test_lab_serves_a_notebook_and_a_kernel_then_stops(lab: Server):
    status, _ = lab.request("GET", "/lab/api/settings/@jupyterlab/apputils-extension:themes")
    assert status == 200, "the JupyterLab application (not only jupyter server) is running"

    status, model = lab.request("GET", f"/api/contents/{NOTEBOOK}?content=1")
    assert status == 200
    assert model["type"] == "notebook"
    cells = model["content"]["cells"]
    on_disk = json.loads((ROOT / NOTEBOOK).read_text(encoding="utf-8"))["cells"]
    assert [c["source"] for c in cells] == [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in on_disk]
    assert any("open_corpus" in c["source"] for c in cells if c["cell_type"] == "code")

    status, _ = lab.request("GET", "/api/contents/notebooks/no-such.ipynb")
    assert status == 404
    unauthorised = urllib.request.Request(f"{lab.url}/api/contents/{NOTEBOOK}")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(unauthorised, timeout=10)
    info.value.close()
    assert info.value.code == 403, "the API refuses requests without the token"

    kernel = model["content"]["metadata"]["kernelspec"]["name"]
    status, specs = lab.request("GET", "/api/kernelspecs")
    assert kernel in specs["kernelspecs"]
    status, session = lab.request("POST", "/api/sessions", {
        "path": NOTEBOOK, "type": "notebook", "name": "", "kernel": {"name": kernel}})
    assert status == 201
    assert session["kernel"]["name"] == kernel
    kernel_id = session["kernel"]["id"]
    status, kernels = lab.request("GET", "/api/kernels")
    assert kernel_id in [k["id"] for k in kernels]
    assert _kernels_of(lab.runtime_dir), "a kernel process was started"

    status, _ = lab.request("DELETE", f"/api/sessions/{session['id']}")
    assert status == 204
    status, kernels = lab.request("GET", "/api/kernels")
    assert kernels == []

    status, _ = lab.request("POST", "/api/shutdown")
    assert status == 200
    assert lab.process.wait(timeout=20) == 0, "clean shutdown"
    deadline = time.monotonic() + 10
    while _kernels_of(lab.runtime_dir) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _kernels_of(lab.runtime_dir), "no kernel left behind"
    with pytest.raises(ProcessLookupError):
        os.killpg(lab.process.pid, 0)  # no process of the server's group is left
