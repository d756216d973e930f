"""The checker never reaches inside the network: every address is checked before connecting.

An observing listener on 127.0.0.1 records every connection it gets; a recorder of
`socket.connect` proves that no connection to a private or metadata address was attempted.
"""

from __future__ import annotations

import socket
import threading

import pytest
from support.links import (
    LinkServer,
    fast_config,
    redirect,
    status,
)
from support.network import (
    ObservingListener,
)

from generator.links.check import check_links
from generator.links.collect import Link
from generator.links.types import LinkResult, Source, Status
from generator.net.guard import AddressRefused, Policy


def check_one(url: str, **config) -> LinkResult:
    [result] = check_links([Link(url, (Source("papers.yaml", 3),))], fast_config(**config))
    return result


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "127.1", "2130706433", "0x7f.0.0.1", "0177.0.0.1", "localhost", "[::1]"],
)
def test_loopback_in_every_spelling_is_excluded_without_connecting(
    listener: ObservingListener, host: str
) -> None:
    result = check_one(f"http://{host}:{listener.port}/paper", allow_private=False)
    assert result.status is Status.EXCLUDED
    assert "loopback" in result.error and "--allow-private" in result.error
    assert listener.connections == 0


def test_allow_private_checks_loopback_servers(server: LinkServer) -> None:
    server.routes["/paper"] = status(200)
    assert check_one(server.url("/paper"), allow_private=True).status is Status.OK
    assert check_one(server.url("/paper"), allow_private=False).status is Status.EXCLUDED
    assert server.hits[("HEAD", "/paper")] == 1  # only the allowed check reached it


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://2852039166/latest/meta-data/",  # 169.254.169.254 in decimal
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://169.254.0.1/",
        "http://0.0.0.0:80/",
    ],
)
def test_redirect_to_metadata_or_link_local_is_never_followed_even_with_allow_private(
    server: LinkServer, connects: list[object], target: str
) -> None:
    server.routes["/paper"] = redirect(302, target)
    result = check_one(server.url("/paper"), allow_private=True)
    assert result.status is Status.EXCLUDED
    assert "never contacted" in result.error
    assert [hop.url for hop in result.redirects] == [target]
    assert set(connects) == {"127.0.0.1"}


def test_metadata_host_name_is_refused_before_any_lookup(connects: list[object]) -> None:
    result = check_one("http://metadata.google.internal/computeMetadata/v1/", allow_private=True)
    assert result.status is Status.EXCLUDED
    assert "cloud metadata host" in result.error
    assert connects == []


@pytest.mark.parametrize("target", ["http://10.0.0.1/", "http://167772161/", "http://10.1/"])
def test_redirect_to_a_private_address_is_excluded_without_connecting(
    server: LinkServer, connects: list[object], loopback_is_public: None, target: str
) -> None:
    server.routes["/paper"] = redirect(301, target)
    result = check_one(server.url("/paper"), allow_private=False)
    assert result.status is Status.EXCLUDED
    assert "private address (10.0.0.1)" in result.error
    assert "10.0.0.1" not in connects and set(connects) == {"127.0.0.1"}


def _fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[list[str]]]) -> None:
    """Names answered from `answers`: each lookup of a name takes the next list of addresses."""
    real = socket.getaddrinfo
    lookups = {name: iter(lists) for name, lists in answers.items()}

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in lookups:
            return real(host, port, *args, **kwargs)
        found = next(lookups[host], None) or answers[host][-1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0)) for a in found]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_a_name_that_resolves_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, connects: list[object]
) -> None:
    _fake_dns(monkeypatch, {"intranet.example.org": [["10.1.2.3"]]})
    result = check_one("http://intranet.example.org/wiki", allow_private=False)
    assert result.status is Status.EXCLUDED
    assert result.error.startswith("refused: intranet.example.org resolves to a private address")
    assert connects == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch, connects: list[object], loopback_is_public: None
) -> None:
    _fake_dns(monkeypatch, {"split.example.org": [["127.0.0.1", "169.254.169.254"]]})
    result = check_one("http://split.example.org:9/", allow_private=False)
    assert result.status is Status.EXCLUDED and "cloud metadata" in result.error
    assert connects == []


def test_dns_rebinding_is_caught_at_the_connection(
    monkeypatch: pytest.MonkeyPatch,
    server: LinkServer,
    connects: list[object],
    loopback_is_public: None,
) -> None:
    """The first lookup says the (public) test server, the next says a private address."""
    port = server.base.rsplit(":", 1)[1]
    _fake_dns(monkeypatch, {"rebind.example.org": [["127.0.0.1"], ["10.0.0.7"]]})
    result = check_one(f"http://rebind.example.org:{port}/paper", allow_private=False)
    assert result.status is Status.EXCLUDED
    assert "private address (10.0.0.7)" in result.error
    assert connects == []


def test_the_connection_keeps_the_host_name_for_the_host_header(server: LinkServer) -> None:
    server.routes["/paper"] = status(200)
    port = server.base.rsplit(":", 1)[1]
    assert check_one(f"http://localhost:{port}/paper").status is Status.OK
    assert server.requests[0][2]["Host"] == f"localhost:{port}"


def test_localhost_and_127_spellings_share_one_per_host_limit(server: LinkServer) -> None:
    server.delay = 0.2
    server.routes.update({f"/{n}": status(200) for n in range(6)})
    port = server.base.rsplit(":", 1)[1]
    hosts = ["127.0.0.1", "localhost", "127.1", "2130706433", "127.0.0.1", "localhost"]
    links = [Link(f"http://{h}:{port}/{n}", ()) for n, h in enumerate(hosts)]
    results = check_links(links, fast_config(per_host=1, max_concurrency=8))
    assert {r.status for r in results} == {Status.OK}
    assert server.max_in_flight == 1


def test_https_keeps_the_host_name_for_sni_and_certificate_checks(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The guard connects to the address it checked; TLS still names (and verifies) the host."""
    import http.server
    import shutil
    import ssl
    import subprocess

    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a certificate (apt-get install openssl)")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    files = ["-keyout", str(key), "-out", str(cert)]
    name = ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"]
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", *files, *name],
        check=True,
        capture_output=True,
    )
    names: list[str | None] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda _socket, name, _context: names.append(name)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_HEAD(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    ).start()
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    port = httpd.server_address[1]
    try:
        assert check_one(f"https://localhost:{port}/paper").status is Status.OK
        assert names == ["localhost"]
        by_address = check_one(f"https://127.0.0.1:{port}/paper")  # the name is not 127.0.0.1
        assert by_address.status is Status.ERROR and "certificate" in by_address.error
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_host_judged_once_is_refused_every_time_and_only_by_its_own_policy() -> None:
    strict, lenient = Policy(allow_private=False), Policy(allow_private=True)
    for _ in range(2):  # the second answer comes from the policy's memory of the host
        with pytest.raises(AddressRefused, match="private address"):
            strict.check_host("10.0.0.1")
        lenient.check_host("10.0.0.1")
        with pytest.raises(AddressRefused, match="never contacted"):
            lenient.check_host("169.254.169.254")


@pytest.mark.parametrize("target", ["https:foo", "https:/x/y", "http://"])
def test_a_redirect_to_a_malformed_url_is_that_links_error_and_the_run_goes_on(
    server: LinkServer, target: str
) -> None:
    server.routes["/bad"] = redirect(302, target)
    server.routes["/good"] = status(200)
    links = [Link(server.url(path), (Source("papers.yaml", 3),)) for path in ("/bad", "/good")]
    bad, good = check_links(links, fast_config(allow_private=True))
    assert bad.status is Status.ERROR and bad.error
    assert good.status is Status.OK
