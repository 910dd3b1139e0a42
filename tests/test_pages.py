"""The query editor page without a browser: the gallery read from *.rq files, escaping, the page's
config, the Content-Security-Policy, and the vendored YASGUI files (digests as recorded in VENDOR.md)."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rest_support import FIXTURES, fixture_store

from api.app import create_app
from api.routers.pages import examples, read_example
from graph.settings import get_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parent.parent
VENDOR = REPO / "api" / "static" / "vendor" / "yasgui"
EVIL = '<script>alert("x")</script> & co'


@pytest.fixture(scope="module")
def ontology_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ontology")
    shutil.copytree(FIXTURES / "queries", root / "queries")
    (root / "queries" / "03-evil.rq").write_text(f"# {EVIL}\n# Description with </script> in it\nASK {{}}\n",
                                                 encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def client(ontology_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = get_settings(ontology_dir=ontology_dir, store_path=tmp_path_factory.mktemp("var") / "store")
    with TestClient(create_app(settings, store=fixture_store())) as c:
        yield c


class Refs(HTMLParser):
    """Every src/href on a page, and the text of the JSON config block."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.config = ""
        self._in_config = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]
        self._in_config = tag == "script" and a.get("id") == "svkg-config"

    def handle_endtag(self, tag: str) -> None:
        self._in_config = False

    def handle_data(self, data: str) -> None:
        if self._in_config:
            self.config += data


def test_read_example_title_and_description(tmp_path: Path) -> None:
    path = tmp_path / "07-x.rq"
    path.write_text("# Arrests and requesters\n# Who arrested whom,\n#  at whose request.\n"
                    "PREFIX svkg: <https://w3id.org/svkg/ontology#>\n# not description\nSELECT * {}\n")
    e = read_example(path)
    assert (e.id, e.title) == ("07-x", "Arrests and requesters")
    assert e.description == "Who arrested whom, at whose request."
    assert e.query == path.read_text()
    assert [x.id for x in examples(FIXTURES / "queries")] == ["01-latest-actions", "02-five-eyes-members"]
    assert examples(tmp_path / "missing") == []


def test_editor_page(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "script-src 'self'" in csp
    page = Refs()
    page.feed(r.text)
    # everything the page loads comes from this server
    assert page.refs and all(ref.startswith("/") or ref.startswith("data:") for ref in page.refs), page.refs
    assert "/static/vendor/yasgui/yasgui.min.js" in page.refs
    config = json.loads(page.config)
    assert config["endpoint"] == "/sparql"
    assert [e["id"] for e in config["examples"]] == ["01-latest-actions", "02-five-eyes-members", "03-evil"]
    assert config["examples"][1]["title"] == "Five Eyes members & their start dates"
    assert config["examples"][1]["query"] == (FIXTURES / "queries" / "02-five-eyes-members.rq").read_text()
    assert "https://w3id.org/svkg/ontology#Action" in config["classes"]
    assert "https://w3id.org/svkg/ontology#actor" in config["properties"]
    assert config["prefixes"]["svkg"] == "https://w3id.org/svkg/ontology#"


def test_gallery_text_is_escaped(client: TestClient) -> None:
    html = client.get("/").text
    assert EVIL not in html and "<script>alert" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co" in html
    assert html.count("</script>") == 3  # config, yasgui, editor.js: the description's </script> is escaped
    assert re.search(r'data-example="02-five-eyes-members">Five Eyes members &amp; their start dates<', html)


def test_static_files(client: TestClient) -> None:
    js = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    css = client.get("/static/vendor/yasgui/yasgui.min.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    ours = client.get("/static/svkg/editor.js")
    assert ours.status_code == 200 and "lov.linkeddata" not in ours.text
    assert client.get("/static/vendor/yasgui/nope.js").status_code == 404
    assert client.get("/static/../routers/pages.py").status_code == 404


def test_vendored_yasgui_matches_its_record() -> None:
    record = (VENDOR / "VENDOR.md").read_text(encoding="utf-8")
    assert "| version | 4.6.2 |" in record
    for name in ("yasgui.min.js", "yasgui.min.css"):
        digest = hashlib.sha256((VENDOR / name).read_bytes()).hexdigest()
        assert re.search(rf"`{re.escape(name)}`.*sha256 `{digest}`", record), name
    assert "MIT" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
