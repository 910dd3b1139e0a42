"""The query editor in a real browser: Debian's Chromium driven by Playwright against uvicorn on a free
loopback port, serving the REST fixture store. Every request the page makes is routed through the test:
any that would leave the machine is recorded and aborted, and the test asserts there were none."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import uvicorn
from rest_support import FIXTURES, fixture_store

from api.app import create_app
from graph.settings import get_settings

pytestmark = [pytest.mark.browser, pytest.mark.server]

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SCREENSHOT = REPO / "bench" / "out" / "editor.png"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    ontology = tmp_path_factory.mktemp("ontology")
    shutil.copytree(FIXTURES / "queries", ontology / "queries")
    settings = get_settings(ontology_dir=ontology, store_path=tmp_path_factory.mktemp("var") / "store")
    app = create_app(settings, store=fixture_store())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    sock.close()


def need_chromium() -> None:
    """CI installs Debian's Chromium and must run these tests; elsewhere its absence is a skip that says
    what to install (the browser is a system package, not a Python one)."""
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def test_editor_in_chromium(base_url: str) -> None:
    from playwright.sync_api import sync_playwright

    need_chromium()
    outside: list[str] = []
    problems: list[str] = []
    seen: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 950})

        def route(r) -> None:  # type: ignore[no-untyped-def]
            url = urlparse(r.request.url)
            seen.append(r.request.url)
            if url.scheme in ("data", "blob") or url.hostname in LOCAL_HOSTS:
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

        # the editor renders, with the gallery
        page.goto(base_url + "/")
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
        gallery = page.locator(".svkg-example")
        assert gallery.count() == 2
        assert gallery.first.inner_text() == "Latest actions against a vendor"

        # clicking a gallery item puts its query in the editor and in the URL
        page.locator('.svkg-example[data-example="02-five-eyes-members"]').click()
        expected = (FIXTURES / "queries" / "02-five-eyes-members.rq").read_text(encoding="utf-8")
        in_editor = page.evaluate("() => window.svkgEditor.yasgui.getTab().getYasqe().getValue()")
        assert in_editor == expected
        assert "Five Eyes members" in page.locator(".CodeMirror-code").inner_text()
        page.wait_for_function("q => new URLSearchParams(location.search).get('query') === q", arg=expected)

        # running it shows the results: the four members of the fixture's Five Eyes
        page.locator(".yasqe_queryButton").click()
        page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=15_000)
        cells = page.locator(".yasr table.dataTable tbody").inner_text()
        for name in ("United States", "United Kingdom", "Canada", "Australia"):
            assert name in cells
        assert page.locator(".yasr table.dataTable tbody tr").count() == 4
        assert any(urlparse(u).path == "/sparql" for u in seen)

        # autocompletion stays local: complete a class after "a" and a prefix after PREFIX
        yasqe = "window.svkgEditor.yasgui.getTab().getYasqe()"
        page.evaluate(f"() => {{ const y = {yasqe}; y.setValue("
                      "'PREFIX svkg: <https://w3id.org/svkg/ontology#>\\nSELECT * WHERE { ?x a svkg:Ac'); "
                      "y.focus(); y.setCursor({line: 1, ch: 36}); }")
        page.keyboard.press("Control+Space")
        page.wait_for_selector(".CodeMirror-hints li", timeout=5_000)
        hints = page.locator(".CodeMirror-hints").inner_text()
        assert "svkg:Action" in hints
        page.keyboard.press("Escape")
        page.evaluate(f"() => {{ const y = {yasqe}; y.setValue('PREFIX sk'); y.focus(); "
                      "y.setCursor({line: 0, ch: 9}); }")
        page.keyboard.press("Control+Space")
        page.wait_for_selector(".CodeMirror-hints li", timeout=5_000)
        prefix_hints = page.locator(".CodeMirror-hints").inner_text()
        assert "skos: <http://www.w3.org/2004/02/skos/core#>" in prefix_hints
        page.keyboard.press("Escape")

        # a shared URL opens with its query in the editor
        shared = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        page.goto(base_url + "/?" + "query=" + shared.replace(" ", "+"))
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
        assert page.evaluate(f"() => {yasqe}.getValue()") == shared
        assert parse_qs(urlparse(page.url).query)["query"] == [shared]
        page.locator(".yasqe_queryButton").click()
        page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=15_000)
        # YASGUI's own share links put the query (and an endpoint, ignored) in the fragment
        page.goto(base_url + "/#query=ASK%20%7B%7D&endpoint=https%3A%2F%2Fdbpedia.org%2Fsparql")
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
        assert page.evaluate(f"() => {yasqe}.getValue()") == "ASK {}"
        assert page.evaluate("() => window.svkgEditor.yasgui.getTab().getEndpoint()") == base_url + "/sparql"
        assert parse_qs(urlparse(page.url).query)["query"] == ["ASK {}"]

        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.goto(base_url + "/")
        page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
        page.locator('.svkg-example[data-example="01-latest-actions"]').click()
        page.locator(".yasqe_queryButton").click()
        page.wait_for_selector(".yasr table.dataTable tbody tr", timeout=15_000)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        browser.close()

    assert outside == [], f"requests left the machine: {outside}"
    assert problems == [], "\n".join(problems)


def test_openapi_docs_page_is_offline(base_url: str) -> None:
    """/docs renders the API's operations from the vendored Swagger UI with no request leaving the host."""
    from playwright.sync_api import sync_playwright

    need_chromium()
    outside: list[str] = []
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        context = browser.new_context()

        def route(r) -> None:  # type: ignore[no-untyped-def]
            url = urlparse(r.request.url)
            if url.scheme in ("data", "blob") or url.hostname in LOCAL_HOSTS:
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.goto(base_url + "/docs")
        page.wait_for_selector(".opblock", timeout=15_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        browser.close()
    assert any(p.startswith("/api/actions") for p in paths), paths
    assert any(p.startswith("/sparql") for p in paths), paths
    assert outside == [], f"requests left the machine: {outside}"
    assert problems == []
