"""Who `partner-tui serve` serves: only the person who started it (aiohttp middleware).

textual-serve answers any request: any web page the person opens could open the
websocket from its own origin (browsers allow cross-origin websockets) and read every
partner and press keys; a DNS-rebinding page reaches a server on 127.0.0.1 under a name
of its own; any other user of the machine can connect to the port. So, as Jupyter does:

- a secret token, random for each run (or fixed by --token-file / PARTNER_TUI_SERVE_TOKEN
  for a reverse proxy), is in the address `serve` prints (`/?token=...`). The first visit
  with it sets an HttpOnly, SameSite=Strict cookie and redirects to the bare address (the
  token leaves the address bar); every request, the page, its static files, downloads and
  the websocket, needs the cookie or the token, else 403 and nothing of the app;
- the Host header must name this server: an IP address, localhost, this machine's name,
  the bound host or --public-url's host, never a name an attacker's DNS points here;
- the websocket's Origin must be the page's own origin (same host as the Host header) or
  --public-url's origin: another page's script is refused, even with the cookie.

`--no-token` turns the token off, for a proxy that authenticates; Host and Origin are
still checked.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import socket
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web

TOKEN_ENV = "PARTNER_TUI_SERVE_TOKEN"
TOKEN_PARAM = "token"
# Cookies are not kept apart by port: two servers on one machine get a name each.
COOKIE_PREFIX = "partner_tui_token_"
# A token read from a file or the environment must be at least this long.
MIN_TOKEN_LENGTH = 16

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TokenProblem(ValueError):
    """The token given by file or environment cannot be used (said as one line)."""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def read_token(token_file: Path | None) -> str:
    """The secret: from --token-file, else the environment, else a new random one."""
    if token_file is not None:
        try:
            token = token_file.expanduser().read_text(encoding="utf-8").strip()
        except (OSError, UnicodeError) as exc:
            raise TokenProblem(f"cannot read the token file {token_file}: {exc}") from None
        where = f"the token file {token_file}"
    elif os.environ.get(TOKEN_ENV, "").strip():
        token = os.environ[TOKEN_ENV].strip()
        where = f"${TOKEN_ENV}"
    else:
        return new_token()
    if len(token) < MIN_TOKEN_LENGTH or not token.isascii() or not token.isprintable():
        raise TokenProblem(
            f"{where} must hold a token of at least {MIN_TOKEN_LENGTH} printable ASCII "
            "characters"
        )
    return token


def _hostname(netloc: str) -> str:
    """'Example.com:8000' -> 'example.com'; '[::1]:8000' -> '::1'."""
    return (urlsplit(f"//{netloc}").hostname or "").lower()


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass
class Guard:
    """The checks for one server: its port, bound host, public URL and token."""

    port: int
    host: str
    public_url: str | None = None
    token: str | None = field(default_factory=new_token)  # None: --no-token

    def __post_init__(self) -> None:
        names = {"localhost", self.host.lower(), socket.gethostname().lower()}
        public = urlsplit(self.public_url) if self.public_url else None
        if public is not None and public.hostname:
            names.add(public.hostname.lower())
        self.names = {n for n in names if n}
        self.public_origin = (
            f"{public.scheme}://{public.netloc}".lower() if public and public.netloc else None
        )
        self.cookie = f"{COOKIE_PREFIX}{self.port}"

    # -- the checks ------------------------------------------------------------------------
    def host_allowed(self, host_header: str | None) -> bool:
        """A name an attacker's DNS could point here is refused (DNS rebinding); an IP
        address cannot be rebound."""
        if not host_header:
            return False
        name = _hostname(host_header)
        return bool(name) and (name in self.names or _is_ip(name))

    def origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if not origin:
            return False  # every browser sends one with a websocket
        origin = origin.lower().rstrip("/")
        if self.public_origin is not None and origin == self.public_origin:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc == request.host.lower()

    def token_given(self, request: web.Request) -> bool:
        if self.token is None:
            return True
        return any(
            given is not None and hmac.compare_digest(given.encode(), self.token.encode())
            for given in (request.query.get(TOKEN_PARAM), request.cookies.get(self.cookie))
        )

    # -- the middleware ----------------------------------------------------------------------
    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.host_allowed(request.headers.get("Host")):
            return _refused("this server answers only to its own address")
        if request.path == "/ws" and not self.origin_allowed(request):
            return _refused("the page asking is not this server's own")
        if not self.token_given(request):
            return _refused("open the address partner-tui serve printed (it holds the token)")
        if self.token is not None and request.query.get(TOKEN_PARAM) and request.path != "/ws":
            return self._remembered(request)
        return await handler(request)

    def _remembered(self, request: web.Request) -> web.StreamResponse:
        """The first visit: keep the token as a cookie, and take it out of the address."""
        query = request.query.copy()
        query.popall(TOKEN_PARAM)
        target = request.rel_url.with_query(query)
        response = web.Response(status=303, headers={"Location": str(target)})
        response.set_cookie(
            self.cookie,
            self.token or "",
            httponly=True,
            samesite="Strict",
            secure=request.secure,
            path="/",
        )
        return response

    def address(self, base_url: str) -> str:
        """The address to print: the public or bound URL, with the token."""
        base = base_url.rstrip("/") + "/"
        return base if self.token is None else f"{base}?{TOKEN_PARAM}={self.token}"


def _refused(why: str) -> web.Response:
    # Nothing of the app: a short reason only.
    return web.Response(status=403, text=f"403 Forbidden: {why}.\n")


def guarded_server_class() -> type:
    """textual-serve's Server with the guard's middleware, printing the address with the
    token (imported here, not at start: only `serve` needs textual-serve)."""
    from textual_serve.server import Server

    class GuardedServer(Server):  # type: ignore[misc]
        guard: Guard

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            # Before anything else: a refused request reaches no handler of the app.
            app.middlewares.insert(0, self.guard.middleware)
            return app

        async def on_startup(self, app: web.Application) -> None:
            print(f"partner-tui: serving on {self.guard.address(self.public_url)}", flush=True)
            if self.guard.token is None:
                print("partner-tui: warning: --no-token: anyone who can reach this address "
                      "can read and change every partner; only for a proxy that "
                      "authenticates every request", file=sys.stderr, flush=True)
            print("Press Ctrl+C to quit.", flush=True)

    return GuardedServer
