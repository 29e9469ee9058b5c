"""Requesting an address nobody here vouches for (a source page an editor typed, the redirect a
site sent back), for the status and headers only.

The address is read once (`Target.of`: only what the admin's URL field accepts, the host
decoded and normalised by `contacts.normalise_host`), its name looked up once, and the
connection made to the address that was checked: a name cannot pass the check with a public
address and then be requested at a private one, and no spelling of this machine
(`%31%32%37.0.0.1`, `2130706433`, `[::ffff:127.0.0.1]`) passes for another. One deadline covers
connecting, TLS and every read, and at most `MAX_ANSWER_BYTES` are read, so a site that trickles
bytes or sends headers without end cannot hold the caller.
"""

import http.client
import io
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from ..models.fields import is_web_url
from ..values import contacts

# The status line and headers, which is all that is read: real sites send a few KiB.
MAX_ANSWER_BYTES = 64 * 1024
# What a request path may hold as it is: the rest (spaces, non-ASCII letters) is percent-encoded.
PATH_CHARACTERS = "!#$%&'()*+,/:;=?@[]~"

_tls = ssl.create_default_context()


@dataclass(frozen=True)
class Target:
    """An address as it is requested: the host read once, so what is checked is what is
    connected to (urllib decoded `%31%32%37.0.0.1` only when it connected)."""

    scheme: str
    host: str
    port: int
    path: str

    @classmethod
    def of(cls, url):
        """The target of `url`, or None for an address the admin's URL field refuses."""
        if not is_web_url(url):
            return None
        parts = urlsplit(url)
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:  # a port over 65535, which the URL validator lets through
            return None
        host = contacts.normalise_host(parts.hostname or "")
        path = quote(parts.path or "/", safe=PATH_CHARACTERS)
        if parts.query:
            path += "?" + quote(parts.query, safe=PATH_CHARACTERS)
        return cls(parts.scheme, host, port, path) if host else None

    @property
    def site(self):
        return contacts.registrable_domain(self.host)


class PrivateAddress(Exception):
    """The target is this machine or a private network (a cloud's metadata service, an office
    router): not requested unless the caller allows it (tests), so that an address typed in the
    admin cannot make the server probe its own network."""


class AnswerTooLarge(Exception):
    """The status line and headers went on past `MAX_ANSWER_BYTES`."""


def remaining(deadline):
    """Seconds left until `deadline` (a `time.monotonic()` time); TimeoutError once it passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


def addresses_of(target, *, allow_private):
    """The addresses to connect to for `target`, looked up once and checked."""
    address = contacts.ip_literal(target.host)
    if address is not None:
        addresses = [address]
    else:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
        addresses = list(dict.fromkeys(contacts.ip_literal(info[4][0]) for info in infos))
    if not allow_private and any(not address.is_global for address in addresses):
        raise PrivateAddress(target.host)
    return addresses


def connect(target, deadline, *, allow_private):
    """A socket to `target` at one of the addresses `addresses_of` checked (TLS for https,
    verified for the host's name)."""
    error = OSError(f"no address for {target.host}")
    for address in addresses_of(target, allow_private=allow_private):
        try:
            sock = socket.create_connection((str(address), target.port), remaining(deadline))
            break
        except OSError as failure:
            error = failure
    else:
        raise error
    if target.scheme == "https":
        sock.settimeout(remaining(deadline))
        sock = _tls.wrap_socket(sock, server_hostname=target.host)
    return sock


class DeadlineSocket:
    """A connected socket that gives up at `deadline` however slowly the answer comes, and
    after `MAX_ANSWER_BYTES`: a socket timeout alone is per read, and a site sending a byte a
    second could hold the caller for hours. What `http.client` needs of a socket, no more."""

    def __init__(self, sock, deadline):
        self.sock = sock
        self.deadline = deadline
        self.received = 0

    def sendall(self, data):
        self.sock.settimeout(remaining(self.deadline))
        self.sock.sendall(data)

    def recv_into(self, buffer):
        if self.received >= MAX_ANSWER_BYTES:
            raise AnswerTooLarge
        self.sock.settimeout(remaining(self.deadline))
        count = self.sock.recv_into(memoryview(buffer)[: MAX_ANSWER_BYTES - self.received])
        self.received += count
        return count

    def makefile(self, mode):
        return io.BufferedReader(_SocketReader(self))

    def close(self):
        self.sock.close()


class _SocketReader(io.RawIOBase):
    def __init__(self, sock):
        self.sock = sock

    def readable(self):
        return True

    def readinto(self, buffer):
        return self.sock.recv_into(buffer)


def status_and_location(target, headers, deadline, *, allow_private=False):
    """The status and Location of a GET of `target`; the body is not read."""
    if target.scheme == "https":
        connection = http.client.HTTPSConnection(target.host, target.port, context=_tls)
    else:
        connection = http.client.HTTPConnection(target.host, target.port)
    sock = connect(target, deadline, allow_private=allow_private)
    connection.sock = DeadlineSocket(sock, deadline)  # connected: http.client uses it as it is
    try:
        connection.request("GET", target.path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers.get("Location", "")
    finally:
        connection.close()
