"""The posting fetch against a real local server: what it reads, and every kind of link it refuses."""

from __future__ import annotations

import gzip
import ssl
import time
import zlib

import pytest

from jobhunt.postings import fetch
from jobhunt.postings.fetch import Allowance, FetchFailed, FetchRefused, fetch_posting

PASTE = "You can paste its text instead."
ADDRESS = "That link points to a private or internal network address, which can't be read from here."
TOO_BIG = "That page is larger than 2 MB, more than a job posting needs. " + PASTE
PAGE = "<html><head><title>Backend Engineer at Fernhill Robotics</title></head><body>Hello</body></html>"


def refusal(url: str, **kwargs: object) -> FetchRefused:
    with pytest.raises(FetchRefused) as caught:
        fetch_posting(url, **kwargs)
    return caught.value


def failure(url: str, **kwargs: object) -> FetchFailed:
    with pytest.raises(FetchFailed) as caught:
        fetch_posting(url, **kwargs)
    return caught.value


# What a page looks like when it comes through


def test_a_page_is_read_from_the_local_server_through_the_allowance(server):
    server.page("/jobs/42", PAGE)
    page = fetch_posting(server.url("/jobs/42"), allow=server.allowance)
    assert (page.url, page.status, page.content_type, page.text) == (server.url("/jobs/42"), 200, "text/html", PAGE)


def test_the_request_is_a_plain_get_that_names_the_app_and_carries_no_cookies(server):
    server.page("/", PAGE)
    fetch_posting(server.url("/"), allow=server.allowance)
    [request] = server.seen
    assert request.headers["User-Agent"] == "Rebound/1.0 (job posting reader)"
    assert request.headers["Host"] == f"127.0.0.1:{server.port}"
    assert "Cookie" not in request.headers


def test_the_connection_goes_to_the_checked_address_and_the_name_is_looked_up_once(server, dns, connections):
    # Were the name looked up again to connect, the rebinding answer would send us to 10.0.0.1.
    dns.answers["jobs.fernhill.test"] = ["127.0.0.1"]
    dns.rebind["jobs.fernhill.test"] = ["10.0.0.1"]
    server.page("/", PAGE)
    page = fetch_posting(server.url("/", host="jobs.fernhill.test"), allow=server.allowance)
    assert page.text == PAGE
    assert dns.lookups.count("jobs.fernhill.test") == 1
    assert connections == [("127.0.0.1", server.port)]
    assert server.seen[0].headers["Host"] == f"jobs.fernhill.test:{server.port}"


def test_proxy_settings_in_the_environment_are_ignored(server, listener, monkeypatch):
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{listener.port}")
    server.page("/", PAGE)
    assert fetch_posting(server.url("/"), allow=server.allowance).text == PAGE
    assert not listener.was_contacted()


@pytest.mark.parametrize(
    "encoding, compress",
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data)[2:-4]),  # raw deflate, as some servers send it
    ],
)
def test_a_compressed_page_is_decoded(server, encoding, compress):
    body = compress(PAGE.encode())
    server.reply("/", 200, {"Content-Type": "text/html", "Content-Encoding": encoding}, body)
    assert fetch_posting(server.url("/"), allow=server.allowance).text == PAGE


@pytest.mark.parametrize(
    "content_type, body, text",
    [
        ("text/html; charset=ISO-8859-1", "<p>Zürich</p>".encode("latin-1"), "<p>Zürich</p>"),
        (
            "text/html",
            '<meta charset="windows-1252"><p>€50k</p>'.encode("cp1252"),
            '<meta charset="windows-1252"><p>€50k</p>',
        ),
        ("text/html", "<p>Zürich</p>".encode(), "<p>Zürich</p>"),
        ("text/html", b"<p>broken \xff byte</p>", "<p>broken \ufffd byte</p>"),
        ("text/plain; charset=no-such-charset", b"plain words", "plain words"),
    ],
)
def test_the_charset_comes_from_the_header_then_the_meta_tag_then_utf8(server, content_type, body, text):
    server.reply("/", 200, {"Content-Type": content_type}, body)
    assert fetch_posting(server.url("/"), allow=server.allowance).text == text


# Redirects


def test_redirects_are_followed_to_the_final_page_without_passing_cookies_on(server):
    server.redirect("/short", "/jobs/old", status=301)
    server.redirect("/jobs/old", server.url("/jobs/new"), status=308)
    server.page("/jobs/new", PAGE)
    page = fetch_posting(server.url("/short"), allow=server.allowance)
    assert page.url == server.url("/jobs/new")
    assert [seen.path for seen in server.seen] == ["/short", "/jobs/old", "/jobs/new"]
    assert all("Cookie" not in seen.headers for seen in server.seen)


def chain(server, length: int) -> None:
    for step in range(length):
        server.redirect(f"/{step}", f"/{step + 1}", status=(301, 302, 303, 307, 308)[step % 5])
    server.page(f"/{length}", PAGE)


def test_five_redirects_are_followed(server):
    chain(server, 5)
    assert fetch_posting(server.url("/0"), allow=server.allowance).url == server.url("/5")


def test_a_sixth_redirect_is_refused(server):
    chain(server, 6)
    error = refusal(server.url("/0"), allow=server.allowance)
    assert error.reason == "redirects"
    assert error.message == "That link redirects too many times (more than 5), so it wasn't followed. " + PASTE
    assert len(server.seen) == 6


@pytest.mark.parametrize(
    "location, reason",
    [
        ("http://169.254.169.254/latest/meta-data/", "address"),
        ("http://10.0.0.5/admin", "address"),
        ("http://[::1]:{port}/", "address"),
        ("http://internal.fernhill.test/", "address"),
        ("ftp://example.com/job.txt", "scheme"),
        ("http://127.0.0.1:{other}/", "port"),
    ],
)
def test_a_redirect_to_a_forbidden_place_is_refused_before_it_is_contacted(
    server, listener, dns, connections, location, reason
):
    dns.answers["internal.fernhill.test"] = ["192.168.1.20"]
    server.redirect("/", location.format(port=server.port, other=listener.port))
    assert refusal(server.url("/"), allow=server.allowance).reason == reason
    assert connections == [("127.0.0.1", server.port)]
    assert not listener.was_contacted()


# Refused before any connection


@pytest.mark.parametrize(
    "url, reason, message",
    [
        ("ftp://example.com/job", "scheme", "Only web links (starting with http:// or https://) can be read."),
        ("file:///etc/passwd", "scheme", "Only web links (starting with http:// or https://) can be read."),
        ("javascript:alert(1)", "scheme", "Only web links (starting with http:// or https://) can be read."),
        (
            "http://example.com:8080/jobs",
            "port",
            "Links to port 8080 can't be read: only ordinary web addresses (ports 80 and 443) are allowed.",
        ),
        (
            "https://maya:secret@example.com/jobs",
            "credentials",
            "Links with a user name or password in them can't be read. Copy the address without the part before “@”.",
        ),
        ("http://", "invalid", "That doesn't look like a web address."),
        ("http://[not-an-address/", "invalid", "That doesn't look like a web address."),
    ],
)
def test_a_link_that_is_not_an_ordinary_web_address_is_refused(connections, url, reason, message):
    error = refusal(url)
    assert (error.reason, error.message) == (reason, message)
    assert connections == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.8.9.10/",
        "http://[::1]/",
        "http://10.1.2.3/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/",
        "http://0.0.0.0/",
        "http://224.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[2002:7f00:1::]/",  # 6to4 carrying 127.0.0.1
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",  # Teredo carrying 127.0.0.1 (bits inverted)
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[fec0::1]/",
        "http://[::]/",
        "http://[ff02::1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "https://localhost/",
    ],
)
def test_an_internal_address_is_refused_before_any_connection(connections, url):
    error = refusal(url)
    assert (error.reason, error.message) == ("address", ADDRESS)
    assert connections == []


def test_a_loopback_link_without_the_allowance_never_reaches_the_listening_socket(listener, connections):
    # The port is let through, the address is not: the address check alone must stop it.
    error = refusal(f"http://127.0.0.1:{listener.port}/", allow=Allowance(ports={listener.port}))
    assert error.reason == "address"
    assert connections == []
    assert not listener.was_contacted()


def test_a_hostname_that_resolves_to_a_private_address_is_refused(dns, connections):
    dns.answers["jobs.fernhill.test"] = ["10.20.30.40"]
    assert refusal("https://jobs.fernhill.test/42").message == ADDRESS
    assert connections == []


def test_a_hostname_with_one_private_address_among_public_ones_is_refused(dns, connections):
    dns.answers["jobs.fernhill.test"] = ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "192.168.0.10"]
    assert refusal("https://jobs.fernhill.test/42").reason == "address"
    assert connections == []


def test_a_non_ascii_hostname_is_looked_up_in_its_idna_form(dns, connections):
    dns.answers["xn--bcher-kva.test"] = ["10.0.0.1"]
    assert refusal("https://bücher.test/jobs").reason == "address"
    assert dns.lookups == ["xn--bcher-kva.test"]


def test_a_name_that_does_not_resolve_fails_calmly(dns):
    dns.answers["nowhere.fernhill.test"] = []
    error = failure("https://nowhere.fernhill.test/")
    assert error.message == "Couldn't find the site “nowhere.fernhill.test”. Check the link for typos."


# Bounds on what comes back


def test_a_declared_length_over_2_mb_is_refused_without_reading_the_body(server):
    def stall(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", str(3 * 1024 * 1024))
        handler.end_headers()
        server.release.wait(5)  # sends no body: reading it would time out instead

    server.routes["/"] = stall
    started = time.monotonic()
    error = refusal(server.url("/"), allow=server.allowance, timeout=3)
    assert (error.reason, error.message) == ("too_big", TOO_BIG)
    assert time.monotonic() - started < 1


def test_a_body_that_grows_past_2_mb_is_refused(server):
    server.reply("/", 200, {"Content-Type": "text/html"}, b"<p>" + b"x" * (2 * 1024 * 1024 + 10))
    assert refusal(server.url("/"), allow=server.allowance).message == TOO_BIG


def test_a_gzip_bomb_is_refused_at_2_mb_of_decoded_page(server):
    bomb = gzip.compress(b"\0" * (50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100 * 1024
    server.reply("/", 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb)
    assert refusal(server.url("/"), allow=server.allowance).message == TOO_BIG


def test_a_broken_gzip_body_fails_calmly(server):
    server.reply("/", 200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"not gzip at all")
    error = failure(server.url("/"), allow=server.allowance)
    assert error.message == "The page came compressed in a way that can't be read. " + PASTE


def test_a_server_that_does_not_answer_in_time_fails(server):
    server.routes["/"] = lambda handler: server.release.wait(5)
    started = time.monotonic()
    error = failure(server.url("/"), allow=server.allowance, timeout=0.3)
    assert error.message == "The site took too long to answer (over 0.3 seconds). " + PASTE
    assert time.monotonic() - started < 1.5


def test_a_server_that_dribbles_its_page_is_cut_off_at_the_overall_deadline(server):
    def dribble(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        while not server.release.wait(0.05):  # every read arrives well within the per-read timeout
            handler.wfile.write(b"x")
            handler.wfile.flush()

    server.routes["/"] = dribble
    started = time.monotonic()
    assert failure(server.url("/"), allow=server.allowance, timeout=0.5).reason == "timeout"
    assert time.monotonic() - started < 1.5


def test_a_server_that_dribbles_its_headers_is_cut_off_at_the_overall_deadline(server):
    def dribble(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        while not server.release.wait(0.05):  # a header line that never ends
            handler.wfile.write(b"X")
            handler.wfile.flush()

    server.routes["/"] = dribble
    started = time.monotonic()
    assert failure(server.url("/"), allow=server.allowance, timeout=0.5).reason == "timeout"
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    "content_type, kind",
    [("application/pdf", "a PDF"), ("image/png", "an image"), ("application/zip", "a file")],
)
def test_a_link_to_something_other_than_a_web_page_is_refused(server, content_type, kind):
    server.page("/", b"%PDF-1.7", content_type=content_type)
    error = refusal(server.url("/"), allow=server.allowance)
    assert error.message == f"That link is {kind}, not a web page. Open it and paste the posting's text instead."


@pytest.mark.parametrize(
    "status, message",
    [
        (404, "The page answered 404: the posting may have been taken down. " + PASTE),
        (410, "The page answered 410: the posting has been taken down. " + PASTE),
        (403, "The page answered 403: the site doesn't let automated readers see the posting. " + PASTE),
        (503, "The page answered 503: the site is having trouble; try again later. " + PASTE),
    ],
)
def test_a_page_that_answers_with_an_error_status_fails_with_a_clear_message(server, status, message):
    server.page("/", "<h1>Nope</h1>", status=status)
    assert failure(server.url("/"), allow=server.allowance).message == message


def test_a_port_where_nothing_listens_fails_to_connect(listener):
    port = listener.port
    listener.sock.close()
    error = failure(f"http://127.0.0.1:{port}/", allow=Allowance(hosts={"127.0.0.1"}, ports={port}))
    assert error.reason == "connect"


# TLS: the certificate is checked against the name in the link, not the address connected to


def trusting(certificate):
    def context() -> ssl.SSLContext:
        trusted = ssl.create_default_context()
        trusted.load_verify_locations(certificate.cert)
        return trusted

    return context


def test_https_verifies_the_certificate_against_the_link_name_sent_as_sni(
    tls_server, dns, certificates, monkeypatch, connections
):
    monkeypatch.setattr(fetch, "_tls_context", trusting(certificates["posting.test"]))
    dns.answers["posting.test"] = ["127.0.0.1"]
    tls_server.page("/jobs/7", PAGE)
    page = fetch_posting(tls_server.url("/jobs/7", host="posting.test"), allow=tls_server.allowance)
    assert page.text == PAGE
    assert connections == [("127.0.0.1", tls_server.port)]
    assert tls_server.sni == ["posting.test"]
    assert tls_server.seen[0].headers["Host"] == f"posting.test:{tls_server.port}"


def test_https_refuses_a_certificate_nobody_vouches_for(tls_server, dns):
    dns.answers["posting.test"] = ["127.0.0.1"]
    tls_server.page("/", PAGE)
    error = failure(tls_server.url("/", host="posting.test"), allow=tls_server.allowance)
    assert error.message == "The site's security certificate couldn't be verified, so the page wasn't read."
    assert tls_server.seen == []


def test_https_refuses_a_valid_certificate_for_another_name(tls_server, dns, certificates, monkeypatch):
    # The server's certificate is trusted, but it is for posting.test and the link says other.test.
    monkeypatch.setattr(fetch, "_tls_context", trusting(certificates["posting.test"]))
    dns.answers["other.test"] = ["127.0.0.1"]
    tls_server.page("/", PAGE)
    assert failure(tls_server.url("/", host="other.test"), allow=tls_server.allowance).reason == "tls"
    assert tls_server.seen == []
