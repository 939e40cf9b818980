"""The example's report in a real browser (headless Chromium over the DevTools pipe).

Checks what a hub would notice on a projector: the page loads with no console error,
fetches nothing from the network, and hostile text in a cycle or a site's ask shows as
text, never runs. Skipped when Debian's chromium is not installed (`.ci/run` installs it).
Set NIC_SCREENSHOT_DIR to keep screenshots of the report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from nictools.load.network import load_network
from nictools.render.report_html import render_html
from nictools.reports.build import ReportOptions, build_report

CHROMIUM = "/usr/bin/chromium"
EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"
SCRIPT = "<script>window.__xss=1</script>"
ONERROR = '<img src=x onerror="window.__xss=2">'

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium at /usr/bin/chromium")


class Browser:
    """A minimal DevTools client over `--remote-debugging-pipe` (fd 3 in, fd 4 out)."""

    def __init__(self, profile: Path) -> None:
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()

        def wire() -> None:  # runs in the child: commands on fd 3, replies on fd 4
            a, b = os.dup(cmd_r), os.dup(out_w)  # out of the way of 3 and 4 first
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
             "--hide-scrollbars", f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(cmd_r)
        os.close(out_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(method)

    def wait_for(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for event in self.events:
            if event.get("method") == method:
                return event
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = self._read()
            self.events.append(event)
            if event.get("method") == method:
                return event
        raise TimeoutError(method)

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._out_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.close(self._cmd_w)
        os.close(self._out_r)


def _hostile_example(tmp_path: Path) -> Path:
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    site = root / "sites" / "lincoln" / "site.yaml"
    text = site.read_text()
    text = re.sub(r"^ask: .*$", "ask: " + json.dumps(f"Help {SCRIPT} {ONERROR} please"), text, flags=re.M)
    site.write_text(text)
    cycle = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    cycle.write_text(re.sub(r"^title: .*$", "title: " + json.dumps(f"Cards {SCRIPT} {ONERROR}"), cycle.read_text(),
                            count=1, flags=re.M))
    return root


def _render(root: Path) -> str:
    import datetime as dt

    network, problems = load_network(root)
    assert not [p for p in problems if p.severity.value == "error"], problems
    report = build_report(network, ReportOptions(as_of=dt.date(2026, 6, 12)))
    return render_html(report)


def test_report_loads_offline_without_errors_and_shows_hostile_text_as_text(tmp_path: Path) -> None:
    html = _render(_hostile_example(tmp_path))
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    assert "<script" not in html.lower()
    browser = Browser(tmp_path / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": 1400, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=session)
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        browser.wait_for("Page.loadEventFired")

        def evaluate(expression: str) -> Any:
            return browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True},
                                session=session)["result"].get("value")

        assert evaluate("typeof window.__xss") == "undefined"
        assert evaluate("document.querySelectorAll('script').length") == 0
        assert evaluate("document.querySelectorAll('[onerror]').length") == 0
        body = evaluate("document.body.innerText")
        assert SCRIPT in body and ONERROR in body  # shown as text, exactly as the team wrote it
        assert evaluate("document.querySelectorAll('svg[role=img] > title').length") > 10
        levels = evaluate("Array.from(document.querySelectorAll('h1,h2,h3')).map(h => h.tagName).join(',')")
        assert levels.startswith("H1,H2")  # one title, then sections
        shots = os.environ.get("NIC_SCREENSHOT_DIR")
        if shots:
            import base64

            height = evaluate("document.documentElement.scrollHeight")
            for name, clip_y, clip_h in (("top", 0, 2000), ("full", 0, min(height, 16000))):
                data = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True,
                                                               "clip": {"x": 0, "y": clip_y, "width": 1400,
                                                                        "height": clip_h, "scale": 1}},
                                    session=session)["data"]
                Path(shots, f"report-{name}.png").write_bytes(base64.b64decode(data))
        time.sleep(0.3)
        browser.send("Runtime.evaluate", {"expression": "1"}, session=session)  # drain late events
    finally:
        browser.close()
    errors = [ev for ev in browser.events if ev.get("method") == "Runtime.exceptionThrown"
              or (ev.get("method") == "Runtime.consoleAPICalled" and ev["params"].get("type") == "error")
              or (ev.get("method") == "Log.entryAdded" and ev["params"]["entry"].get("level") == "error")]
    assert errors == []
    requests = [ev["params"]["request"]["url"] for ev in browser.events
                if ev.get("method") == "Network.requestWillBeSent"]
    assert [u for u in requests if not u.startswith(("file:", "about:", "data:"))] == []
