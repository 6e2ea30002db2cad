"""``offramp serve``: the HTTP API and web UI, its API keys and its users.

    offramp serve [--host 127.0.0.1] [--port 8000] [--workers N]
    offramp serve --get /readyz                 # one request in this process, then exit
    offramp serve keys create --role analyst --name payments-system
    offramp serve keys list / keys revoke ID
    offramp serve users add alice --role approver
    offramp serve users passwd alice / users set-role alice viewer / users remove alice
    offramp serve users list
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

import click

from offramp.cli.context import AppContext, pass_app
from offramp.cli.output import emit_json, json_option
from offramp.model import OfframpError

ROLES = ["viewer", "analyst", "approver", "admin"]
READY_WAIT_SECONDS = 300.0  # a first run on a machine compiles the matcher (about 30 s)


@click.group(invoke_without_command=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Server processes; each loads the lists itself.")
@click.option("--get", "get_path", metavar="PATH",
              help="Run one GET request (e.g. /readyz, '/search?name=X') in this process, "
                   "print the body, and exit 1 on an HTTP error.")
@click.option("--api-key", envvar="OFFRAMP_API_KEY",
              help="API key to send with --get (or set OFFRAMP_API_KEY).")
@pass_app
@click.pass_context
def serve(ctx: click.Context, app: AppContext, host: str, port: int, workers: int,
          get_path: str | None, api_key: str | None) -> None:
    """Serve the HTTP API and the web UI over the database in use.

    Every route except /healthz and /readyz needs an API key (`offramp serve keys create`)
    or a user's session (`offramp serve users add`, then log in at /login). The access log
    records method, route, status and latency only: never names, query strings or bodies.
    """
    if ctx.invoked_subcommand is not None:
        return
    if get_path is not None:
        raise SystemExit(_get_once(app, get_path, api_key))
    import uvicorn  # deferred: only serving needs it

    from offramp.web.access_log import log_config

    # Worker processes build their app from the environment: hand them this database.
    os.environ["OFFRAMP_DB"] = str(app.db_path)
    click.echo(f"offramp: serving {app.db_path} on http://{host}:{port}/ "
               f"({workers} worker{'s' if workers > 1 else ''})", err=True)
    uvicorn.run("offramp.web.app:create_app", factory=True, host=host, port=port,
                workers=workers, access_log=False, log_config=log_config(),
                server_header=False)


def _get_once(app: AppContext, path: str, api_key: str | None) -> int:
    from offramp.web.app import create_app
    from offramp.web.config import WebConfig
    from offramp.web.one_request import get

    if not path.startswith("/"):
        raise click.UsageError("--get takes a path starting with /, e.g. /readyz")
    web = create_app(WebConfig.from_settings(db_path=app.db_path))
    holder = web.state.offramp.holder
    headers = {"authorization": f"Bearer {api_key}"} if api_key else {}
    answer = get(web, path, headers, before=lambda: holder.wait_tried(READY_WAIT_SECONDS))
    text = answer.body.decode("utf-8", "replace")
    if answer.headers.get("content-type", "").startswith("application/json"):
        text = json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    click.echo(text)
    if answer.status >= 400:
        click.echo(f"HTTP {answer.status}", err=True)
        return 1
    return 0


# -- keys ------------------------------------------------------------------------------------


@serve.group()
def keys() -> None:
    """API keys for programs calling the API (stored hashed; shown once when made)."""


@keys.command("create")
@click.option("--name", required=True, help="Who or what uses the key; decisions made with "
                                             "it are recorded under this name.")
@click.option("--role", type=click.Choice(ROLES), required=True,
              help="viewer: read and search; analyst: also screen and decide; approver: also "
                   "approve (four-eyes); admin: everything.")
@json_option
@pass_app
def keys_create(app: AppContext, name: str, role: str, as_json: bool) -> None:
    """Make an API key and print it. It is not stored, only its hash: keep it now."""
    from offramp.web.keys_store import KeysStore, Role

    key, secret = KeysStore(app.store().connection).create_key(name, Role.parse(role),
                                                               app.user)
    if as_json:
        emit_json({**_key_json(key), "key": secret})
        return
    click.echo(secret)
    click.echo(f"API key {key.id} for {key.name!r} ({key.role.label}); send it as "
               "'Authorization: Bearer KEY'. It is shown only this once.", err=True)


@keys.command("list")
@json_option
@pass_app
def keys_list(app: AppContext, as_json: bool) -> None:
    """List API keys (their first characters only), revoked ones included."""
    from offramp.web.keys_store import KeysStore

    found = KeysStore(app.store().connection).api_keys()
    if as_json:
        emit_json([_key_json(k) for k in found])
        return
    if not found:
        click.echo("no API keys: make one with `offramp serve keys create`")
    for k in found:
        state = f"revoked {k.revoked_at}" if k.revoked_at else "active"
        click.echo(f"{k.id:>4}  {k.prefix}...  {k.role.label:<8}  {k.name}  ({state}, made "
                   f"{k.created_at[:16]} by {k.created_by})")


@keys.command("revoke")
@click.argument("key_id", type=int)
@pass_app
def keys_revoke(app: AppContext, key_id: int) -> None:
    """Revoke API key KEY_ID (see `keys list`): it stops working at once."""
    from offramp.web.keys_store import KeysStore

    key = KeysStore(app.store().connection).revoke_key(key_id, app.user)
    click.echo(f"API key {key.id} ({key.name}) revoked")


def _key_json(key: Any) -> dict[str, Any]:
    return {"id": key.id, "name": key.name, "role": key.role.label, "prefix": key.prefix,
            "created_at": key.created_at, "created_by": key.created_by,
            "revoked_at": key.revoked_at}


# -- users -----------------------------------------------------------------------------------


@serve.group()
def users() -> None:
    """Users of the web UI (passwords stored as scrypt hashes)."""


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The user's role.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input (scripts).")
@pass_app
def users_add(app: AppContext, name: str, role: str, password_stdin: bool) -> None:
    """Add a web UI user NAME; asks for the password (at least 12 characters)."""
    from offramp.web.keys_store import KeysStore, Role

    password = _read_password(password_stdin)
    try:
        user = KeysStore(app.store().connection).add_user(name, Role.parse(role), password,
                                                          app.user)
    except OfframpError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"user {user.name!r} added ({user.role.label}); log in at /login")


@users.command("list")
@json_option
@pass_app
def users_list(app: AppContext, as_json: bool) -> None:
    """List web UI users and their roles."""
    from offramp.web.keys_store import KeysStore

    found = KeysStore(app.store().connection).users()
    if as_json:
        emit_json([{"id": u.id, "name": u.name, "role": u.role.label,
                    "created_at": u.created_at} for u in found])
        return
    if not found:
        click.echo("no users: add one with `offramp serve users add NAME --role ROLE`")
    for u in found:
        click.echo(f"{u.id:>4}  {u.role.label:<8}  {u.name}  (added {u.created_at[:16]})")


@users.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from the first line of standard input (scripts).")
@pass_app
def users_passwd(app: AppContext, name: str, password_stdin: bool) -> None:
    """Set a new password for user NAME (asked twice, hidden); their sessions end."""
    from offramp.web.keys_store import KeysStore

    password = _read_password(password_stdin, "New password")
    try:
        user = KeysStore(app.store().connection).set_password(name, password, app.user)
    except OfframpError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password of {user.name!r} changed; their sessions were ended")


@users.command("set-role")
@click.argument("name")
@click.argument("role", type=click.Choice(ROLES))
@pass_app
def users_set_role(app: AppContext, name: str, role: str) -> None:
    """Give user NAME the role ROLE; their sessions end, so the change applies at once."""
    from offramp.web.keys_store import KeysStore, Role

    try:
        user = KeysStore(app.store().connection).set_role(name, Role.parse(role), app.user)
    except OfframpError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{user.name!r} now has the {user.role.label} role; their sessions were ended")


@users.command("remove")
@click.argument("name")
@pass_app
def users_remove(app: AppContext, name: str) -> None:
    """Remove user NAME and end their sessions (their decisions stay recorded)."""
    from offramp.web.keys_store import KeysStore

    try:
        user = KeysStore(app.store().connection).remove_user(name, app.user)
    except OfframpError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"user {user.name!r} removed; their sessions were ended")


def _read_password(from_stdin: bool, prompt: str = "Password") -> str:
    """The password from stdin's first line, or asked twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    text: str = click.prompt(prompt, hide_input=True, confirmation_prompt=True)
    return text
