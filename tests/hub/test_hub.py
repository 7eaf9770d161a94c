"""End to end: a class on a real JupyterHub on 127.0.0.1.

The test installs configurable-http-proxy from npm (tests/hub/install_proxy.sh, into
_build/hub-proxy/), starts JupyterHub with a local process spawner and a test authenticator,
renders the kit's JupyterHub launch link with the same sphinx-book-theme code the site uses
(with ``jupyterhub_url`` pointing at this hub and the repository replaced by a local bare
clone of this checkout), logs a student in with headless Chromium, follows the link
(nbgitpuller pulls the repository into the student's home folder and opens the lab in
JupyterLab), runs every cell of the lab and checks that it ran without an error. The hub
and everything it started are stopped at the end. Skipped, with the reason, only where npm
or its registry is unreachable.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("KIT_CHROMIUM", "/usr/bin/chromium")
PROXY = ROOT / "_build" / "hub-proxy" / "node_modules" / ".bin" / "configurable-http-proxy"
LAB = "notebooks/08-knowledge-renewal"
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_jupyterhub_link(hub_url: str, page: str) -> str:
    """The JupyterHub launch link of a lab page, built by the site's own theme code."""
    from sphinx_book_theme.header_buttons import launch

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = urllib.parse.urlparse(config["repository"]["url"])
    user, name = repo.path.strip("/").split("/")[:2]
    buttons = dict(config.get("launch_buttons", {}), jupyterhub_url=hub_url)
    app = SimpleNamespace(
        env=SimpleNamespace(doc2path=lambda p: str(ROOT / f"{p}.ipynb"), metadata={page: {}}),
        config={
            "html_theme_options": {
                "launch_buttons": buttons,
                "repository_branch": config["repository"].get("branch", "main"),
                "path_to_docs": config["repository"].get("path_to_book", ""),
            }
        },
    )
    context = {
        "pagename": page,
        "page_source_suffix": ".ipynb",
        "sourcename": f"{page}.ipynb.txt",
        "header_buttons": [],
        "github_url": f"{repo.scheme}://{repo.netloc}",
        "github_user": user,
        "github_repo": name,
    }
    launch.add_launch_buttons(app, page, "page.html", context, None)
    (group,) = context["header_buttons"]
    (link,) = [b["url"] for b in group["buttons"] if b["text"] == "JupyterHub"]
    return link


@pytest.fixture(scope="module")
def proxy():
    done = subprocess.run(
        ["bash", str(ROOT / "tests" / "hub" / "install_proxy.sh")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode == 3:
        pytest.skip(f"npm is unreachable, so there is no configurable-http-proxy: {done.stderr}")
    assert done.returncode == 0, done.stderr
    return PROXY


@pytest.fixture(scope="module")
def repository(tmp_path_factory):
    """A bare clone of this checkout's HEAD on branch main, at a local file:// URL."""
    folder = tmp_path_factory.mktemp("git")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    name = config["repository"]["url"].rstrip("/").split("/")[-1]
    branch = config["repository"].get("branch", "main")
    bare = folder / name  # nbgitpuller names the student's copy after the URL's last part
    subprocess.run(["git", "clone", "-q", "--bare", str(ROOT), str(bare)], check=True)
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    subprocess.run(["git", "-C", str(bare), "update-ref", f"refs/heads/{branch}", head], check=True)
    return SimpleNamespace(url=bare.as_uri(), name=name, branch=branch)


@pytest.fixture(scope="module")
def hub(tmp_path_factory, proxy):
    work = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    homes = work / "homes"
    homes.mkdir()
    config = work / "jupyterhub_config.py"
    path = str(BIN) + os.pathsep + os.environ.get("PATH", "")
    config.write_text(
        f"""
c = get_config()  # noqa: F821
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.pid_file = {str(work / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{work / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(work / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(work / "hub.pid")!r}
c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.Spawner.cmd = [{str(BIN / "jupyterhub-singleuser")!r}]
c.Spawner.args = ["--ServerApp.allow_root=True", "--LabApp.expose_app_in_browser=True"]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{"MPLBACKEND": "Agg", "PATH": {path!r}}}
""",
        encoding="utf-8",
    )
    log = (work / "hub.log").open("wb")
    process = subprocess.Popen(
        [str(BIN / "jupyterhub"), "-f", str(config)],
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, "PATH": str(BIN) + os.pathsep + os.environ.get("PATH", "")},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/hub/health", timeout=2)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.close()
                pytest.fail("JupyterHub did not start:\n" + (work / "hub.log").read_text()[-3000:])
            time.sleep(0.5)
    try:
        yield SimpleNamespace(url=url, homes=homes, log=work / "hub.log")
    finally:
        import psutil

        # The proxy, the student's server and its kernel run in sessions of their own:
        # note them (this test started them all) before stopping the hub, which stops them.
        started = psutil.Process(process.pid).children(recursive=True)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        for child in started:
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        log.close()


def test_site_link_pulls_the_kit_and_the_lab_runs(hub, repository):
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install_browser.sh")
    from playwright.sync_api import sync_playwright

    link = site_jupyterhub_link(hub.url, LAB)
    assert link.startswith(f"{hub.url}/hub/user-redirect/git-pull?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert query["urlpath"] == [f"lab/tree/{repository.name}/{LAB}.ipynb"]
    assert query["branch"] == [repository.branch]
    # the site links to the public repository; this test pulls from a local clone instead
    query["repo"] = [repository.url]
    link = link.split("?")[0] + "?" + urllib.parse.urlencode(query, doseq=True, safe="/:")
    path = urllib.parse.urlsplit(link)
    after_login = urllib.parse.quote(f"{path.path}?{path.query}", safe="")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{hub.url}/hub/login?next={after_login}")
            page.fill("input[name=username]", "student1")
            page.fill("input[name=password]", "any password")
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url(f"**/lab/tree/{repository.name}/{LAB}.ipynb*", timeout=180_000)
            page.wait_for_function("() => window.jupyterapp !== undefined")
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
            page.wait_for_function(
                "() => { const s = window.jupyterapp.shell.currentWidget?.sessionContext;"
                " return s && s.session && s.session.kernel &&"
                " s.session.kernel.status === 'idle'; }",
                timeout=120_000,
            )
            page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
            page.wait_for_function(
                "() => { const p = Array.from(document.querySelectorAll("
                "'.jp-CodeCell .jp-InputPrompt')).map(e => e.textContent.trim());"
                " return p.length > 0 && p.every(t => /^\\[\\d+\\]:$/.test(t)); }",
                timeout=240_000,
            )
            errors = page.eval_on_selector_all(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                "els => els.map(e => e.textContent).filter(t => /Traceback|Error/.test(t))",
            )
            prompts = page.eval_on_selector_all(".jp-CodeCell .jp-InputPrompt", "els => els.length")
            checked = page.eval_on_selector_all(
                ".jp-OutputArea-output",
                "els => els.filter(e => /not attempted|Correct/i.test(e.textContent)).length",
            )
        except Exception:
            shot = ROOT / "_build" / "screenshots" / "hub-failure.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
            raise
        finally:
            browser.close()
    assert not errors, errors[:3]
    assert prompts > 10 and checked > 0
    pulled = hub.homes / "student1" / repository.name / f"{LAB}.ipynb"
    assert pulled.is_file()
    committed = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"HEAD:{LAB}.ipynb"], capture_output=True, check=True
    ).stdout
    assert pulled.read_bytes() == committed  # the student's copy is the kit's lab
