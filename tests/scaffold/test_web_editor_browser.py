"""The browser editor for real: Decap CMS (built from npm) in headless Chromium, saving through
Decap's local back end (decap-server, from npm) into a local git repository.

A PDSA cycle is made through the form (a title with a colon, an objective with a hash, quotes
and two lines, a change idea picked from the relation list) and the written file must pass
`nic validate`. Chromium is driven over the DevTools protocol's pipe (tests/scaffold/cdp.py), so
no driver package is needed.

Skipped when node, chromium or the npm packages are missing: .ci/run installs decap-cms and
decap-server with npm into .ci/node; set DECAP_NODE_MODULES to another node_modules folder.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cdp import Browser  # noqa: E402

PROJECT = Path(__file__).resolve().parents[2]
MODULES = Path(os.environ.get("DECAP_NODE_MODULES") or PROJECT / ".ci" / "node" / "node_modules")
NODE = shutil.which("node")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MISSING = [what for what, ok in [("node", NODE), ("chromium", CHROMIUM),
                                 ("decap-cms (npm)", (MODULES / "decap-cms" / "dist" / "decap-cms.js").is_file()),
                                 ("decap-server (npm)", (MODULES / "decap-server" / "dist" / "index.js").is_file())]
           if not ok]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"missing: {', '.join(MISSING)}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (ConnectionError, BrokenPipeError):
            pass


BRANCH = "cms/pdsa-lincoln/c07"
SUBJECT = "PDSA cycle at lincoln c07: new (web editor)"  # the commit message config.yml sets


def _subject(root: Path) -> str:
    """The last commit message on the cycle's branch, or "" while there is no branch."""
    done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%s", BRANCH, "--"],
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("workflow", ["--direct", "--pull-requests"])
def test_a_cycle_made_in_the_browser_form_passes_validate(cli, tmp_path: Path, monkeypatch, workflow: str) -> None:
    """--direct: the save writes the file. --pull-requests (the default): the save is a commit on a
    `cms/…` branch (what becomes the pull or merge request on GitHub or GitLab), checked out for CI."""
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")  # the example's school year is over
    direct = workflow == "--direct"
    root = tmp_path / "net"
    assert cli("init", "--example", str(root)).exit_code == 0
    made = cli("-C", str(root), "web-editor", workflow, "--repo", "hub/net")
    assert made.exit_code == 0, made.output
    _git(root, "add", "admin")
    _git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "web editor")
    # the page's build step, as a hub runs it: decap-cms.js comes from npm's node_modules
    (root / "admin" / "node_modules").symlink_to(MODULES, target_is_directory=True)
    subprocess.run([NODE, "build.mjs"], cwd=root / "admin", check=True, capture_output=True, timeout=60)
    dist = root / "admin" / "dist"
    assert (dist / "decap-cms.js").is_file()
    api, web = _free_port(), _free_port()
    config = dist / "config.yml"  # the local back end on a free port (the built copy only)
    config.write_text(config.read_text().replace("local_backend: true",
                                                 f"local_backend:\n  url: http://localhost:{api}/api/v1"))
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(root), "PORT": str(api), "MODE": "fs" if direct else "git"}
    server = subprocess.Popen([NODE, str(MODULES / "decap-server" / "dist" / "index.js")], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", web), functools.partial(_Quiet, directory=str(dist)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    browser = Browser(CHROMIUM, str(tmp_path / "chromium"))
    target = root / "sites" / "lincoln" / "pdsa" / "c07.yaml"
    try:
        for _ in range(50):  # decap-server up?
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", api)) == 0:
                    break
            time.sleep(0.2)
        browser.open(f"http://localhost:{web}/index.html")
        browser.wait("[...document.querySelectorAll('button')].some(b => b.textContent.includes('Login'))", 60,
                     "the local back end's login button")
        browser.js("[...document.querySelectorAll('button')].find(b => b.textContent.includes('Login')).click()")
        browser.wait("document.body.innerText.includes('PDSA cycles: lincoln')", 30, "the collections")
        browser.js("location.hash = '#/collections/pdsa-lincoln/new'")
        browser.wait("[...document.querySelectorAll('label')].some(l => l.textContent.trim() === 'Objective')", 30,
                     "the new-cycle form")

        def field(label: str) -> str:
            return browser.js(
                "[...document.querySelectorAll('label')].find(l => l.textContent.replace('(optional)', '').trim()"
                f" === {label!r}).htmlFor")

        def click(expression: str) -> None:
            x, y = browser.js(f"(() => {{ const e = {expression}; e.scrollIntoView({{block: 'center'}}); "
                              "const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
            browser.click_at(x, y)

        def fill(label: str, text: str) -> None:
            browser.js(f"document.getElementById({field(label)!r}).focus()")
            browser.type_text(text)

        fill("Id", "c07")
        fill("Title", "Check-in cards: a second try")
        fill("Objective", 'Check: whether card #2 works -- "quoted"\nand a second line')
        # a change idea from the relation list (the ids come from change-ideas/)
        click(f"document.getElementById({field('Change ideas')!r})")
        browser.type_text("CI-02")
        browser.wait("[...document.querySelectorAll('[class*=option]')].some(o => o.textContent.includes('CI-02'))",
                     20, "the change idea CI-02 in the list")
        click("[...document.querySelectorAll('[class*=option]')].find(o => o.textContent.includes('CI-02'))")
        time.sleep(0.3)
        browser.screenshot(str(tmp_path / "form.png"))
        if direct:
            click("[...document.querySelectorAll('[role=button], button')].find(x => x.textContent.trim() === "
                  "'Publish')")
            browser.wait("[...document.querySelectorAll('[role=menuitem]')].some(x => x.textContent.trim() === "
                         "'Publish now')", 10, "the publish menu")
            click("[...document.querySelectorAll('[role=menuitem]')].find(x => x.textContent.trim() === "
                  "'Publish now')")
        else:
            click("[...document.querySelectorAll('[role=button], button')].find(x => x.textContent.trim() === 'Save')")
            deadline = time.monotonic() + 40  # the save is done when its commit is on the branch
            while _subject(root) != SUBJECT and time.monotonic() < deadline:
                time.sleep(0.3)
        deadline = time.monotonic() + 30
        while direct and not target.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        if direct and not target.exists() or not direct and _subject(root) != SUBJECT:
            errors = browser.js("[...document.querySelectorAll('[class*=ErrorsList], .Toastify')]"
                                ".map(e => e.textContent).join(' | ')")
            browser.screenshot(str(tmp_path / "failed.png"))
            pytest.fail(f"the form did not save sites/lincoln/pdsa/c07.yaml ({workflow}): {errors} "
                        f"(see {tmp_path}/failed.png)")
        if os.environ.get("NIC_WEB_EDITOR_SCREENSHOT"):
            shutil.copy(tmp_path / "form.png", os.environ["NIC_WEB_EDITOR_SCREENSHOT"])
    finally:
        browser.close()
        server.terminate()
        server.wait(timeout=10)
        httpd.shutdown()
        httpd.server_close()
    if not direct:  # nothing lands on main before the pull request is merged; CI checks out the branch
        assert _git(root, "ls-tree", "main", "--", "sites/lincoln/pdsa/c07.yaml").strip() == ""
        _git(root, "checkout", "-q", BRANCH)
    written = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert written["id"] == "c07" and written["title"] == "Check-in cards: a second try"
    assert written["plan"]["objective"] == 'Check: whether card #2 works -- "quoted"\nand a second line'
    assert written["change_ideas"] == ["CI-02"]
    if not direct:
        assert _git(root, "status", "--porcelain", "--untracked-files=no").strip() == ""
    (root / "admin" / "node_modules").unlink()
    shutil.rmtree(dist)
    validated = cli("-C", str(root), "validate", "--format", "json")
    assert validated.exit_code == 0, validated.output
    assert "c07.yaml" not in validated.output  # not even a warning
