"""`cresi-web`: serve the site with waitress (never Flask's debug server), set for a
public site.

waitress's defaults suit a trusted network: 100 connections in all, each left open for
120 s of silence, and a body of up to 1 GB buffered (spooled to a temporary file) before
the application sees the request. From one machine, 100 idle connections took the site
offline, and one header line every 40 s kept a connection open for ever. Here:

- up to `CONNECTION_LIMIT` connections, the open-files limit raised to match;
- a connection silent for `IDLE_SECONDS` is closed (waitress's `channel_timeout`,
  checked every `CLEANUP_SECONDS`);
- a request must arrive whole within `REQUEST_SECONDS` of its first byte, however
  slowly it trickles: waitress has no such limit, so `PublicServer` adds it to
  waitress's own clean-up pass;
- bodies are capped at `MAX_FORM_BYTES` (search_app/limits.py): waitress answers 413
  from the declared length, reading nothing. Headers keep waitress's 256 KiB, so that an
  over-long query still gets the site's own bounded answer (a proxy cuts at 8 KiB).

A reverse proxy in front (README, "Mettre le site en ligne") adds per-client limits;
with `--proxies N`, waitress takes the client's address and scheme from the headers of
the N proxies in front (per-address sign-in limits, Secure cookies), and drops them
otherwise. `cresi-web user …` manages the team's accounts (search_app/user_cli.py).
"""

from __future__ import annotations

import logging
import resource
import time
from pathlib import Path

import click
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from indexer.cli_text import use_french
from indexer.config import ENV_PROXIES, ENV_TAXONOMY, ENV_USERS, resolve_paths, resolve_users_file

use_french()
from search_app.limits import MAX_FORM_BYTES
from search_app.user_cli import USERS_HELP, user

CONNECTION_LIMIT = 1000
IDLE_SECONDS = 15
REQUEST_SECONDS = 10
CLEANUP_SECONDS = 2
MAX_HEADER_BYTES = 256 * 1024  # at most 256 MiB for CONNECTION_LIMIT half-sent requests
FILES_PER_CONNECTION = 2  # its socket, and the file it may be sending


class _TimedParser(HTTPRequestParser):
    """A request being received, and when its first byte came."""

    def __init__(self, adj: Adjustments) -> None:
        super().__init__(adj)
        self.started = time.time()


class _Channel(HTTPChannel):
    parser_class = _TimedParser


class PublicServer(TcpWSGIServer):
    """waitress's server, whose clean-up pass also closes connections still sending the
    same request `REQUEST_SECONDS` after it began (slow headers, "slowloris")."""

    channel_class = _Channel

    def maintenance(self, now: float) -> None:
        super().maintenance(now)  # connections idle for longer than channel_timeout
        cutoff = now - REQUEST_SECONDS
        for channel in list(self.active_channels.values()):
            partial = channel.request
            if partial is not None and not channel.requests and partial.started < cutoff:
                channel.will_close = True


def allowed_connections(wanted: int = CONNECTION_LIMIT) -> int:
    """Raise the open-files limit for `wanted` connections if the hard limit allows;
    otherwise as many connections as the limit leaves room for."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = wanted * FILES_PER_CONNECTION + 64
    if soft != resource.RLIM_INFINITY and soft < needed:
        soft = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    if soft == resource.RLIM_INFINITY:
        return wanted
    return max(16, min(wanted, (soft - 64) // FILES_PER_CONNECTION))


def public_server(app, host: str, port: int, threads: int, proxies: int = 0) -> PublicServer:
    """The listening server (one per address `host` resolves to, sharing one loop)."""
    behind = {"trusted_proxy": "*", "trusted_proxy_count": proxies,
              "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}} if proxies else {}
    adj = Adjustments(**behind,
        host=host, port=port, threads=threads, ident="cresi-web",
        connection_limit=allowed_connections(), channel_timeout=IDLE_SECONDS,
        cleanup_interval=CLEANUP_SECONDS, max_request_header_size=MAX_HEADER_BYTES,
        max_request_body_size=MAX_FORM_BYTES + 1,  # waitress refuses a length >= this
    )
    dispatcher = ThreadedTaskDispatcher()
    dispatcher.set_thread_count(threads)
    shared: dict = {}
    servers = [PublicServer(app, shared, dispatcher=dispatcher, adj=adj, sockinfo=info) for info in adj.listen]
    return servers[-1]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index", "index_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier de l'index (défaut : CRESI_INDEX_DIR, sinon var/index à côté du corpus).")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Dossier des documents (défaut : CRESI_CORPUS_DIR, sinon ./corpus).")
@click.option("--taxonomy", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              envvar=ENV_TAXONOMY, help="Vocabulaire des thèmes et types (défaut : celui du corpus).")
@click.option("--users", "users_file", type=click.Path(dir_okay=False, path_type=Path),
              envvar=ENV_USERS, metavar="FICHIER", help=USERS_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ADRESSE", help="Adresse d'écoute.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), metavar="PORT", help="Port d'écoute.")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), metavar="N",
              help="Requêtes servies en parallèle.")
@click.option("--proxies", default=0, show_default=True, type=click.IntRange(0, 5), envvar=ENV_PROXIES,
              help="Nombre de serveurs mandataires (proxy HTTPS) devant le site dont on croit "
                   "les en-têtes X-Forwarded-For et X-Forwarded-Proto.")
@click.pass_context
def main(ctx, index_dir, corpus_dir, taxonomy, users_file, host, port, threads, proxies) -> None:
    """Lance le site de recherche du CRESI (sans sous-commande), ou gère les comptes."""
    corpus, index = resolve_paths(corpus_dir, index_dir)
    ctx.obj = {"users": resolve_users_file(users_file, index)}
    if ctx.invoked_subcommand is not None:
        return
    from search_app import create_app

    logging.basicConfig()  # waitress's warnings and the site's, on standard error
    if not corpus.is_dir():
        raise click.ClickException(f"Dossier du corpus introuvable : {corpus}")
    app = create_app({"CORPUS_DIR": corpus, "INDEX_DIR": index, "TAXONOMY": taxonomy,
                      "USERS_FILE": ctx.obj["users"]})
    server = public_server(app, host, port, threads, proxies)
    click.echo(f"cresi-web : http://{host}:{port}/ (index : {index})")
    server.run()


main.add_command(user)

if __name__ == "__main__":
    main()
