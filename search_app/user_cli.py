"""`cresi-web user add NAME | remove NAME | list`: the team's accounts (search_app/users.py).

`add` reads the password from standard input when it is not a terminal (one line: for
scripts), and otherwise asks for it twice without echoing it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from search_app.users import UserError, UsersFile, check_name

USERS_HELP = ("Fichier des comptes de l'équipe (défaut : CRESI_USERS, sinon users.toml dans le "
              "dossier parent de l'index).")


@click.group()
@click.option("--users", "users_file", type=click.Path(dir_okay=False, path_type=Path),
              help=USERS_HELP)
@click.pass_context
def user(ctx, users_file) -> None:
    """Comptes de l'équipe : add, remove, list."""
    if users_file is not None:
        ctx.obj["users"] = users_file.expanduser().resolve()


def _users(ctx) -> UsersFile:
    return UsersFile(ctx.obj["users"])


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Mot de passe", hide_input=True,
                        confirmation_prompt="Confirmez le mot de passe")


@user.command("add")
@click.argument("name")
@click.pass_context
def user_add(ctx, name: str) -> None:
    """Crée le compte NAME, ou change son mot de passe."""
    try:
        check_name(name)
        new = _users(ctx).add(name, _read_password())
    except UserError as e:
        raise click.ClickException(str(e)) from e
    what = "créé" if new else "mis à jour (nouveau mot de passe)"
    click.echo(f"Compte « {name} » {what} dans {ctx.obj['users']}.")


@user.command("remove")
@click.argument("name")
@click.pass_context
def user_remove(ctx, name: str) -> None:
    """Supprime le compte NAME (ses sessions prennent fin)."""
    try:
        removed = _users(ctx).remove(name)
    except UserError as e:
        raise click.ClickException(str(e)) from e
    if not removed:
        raise click.ClickException(f"Aucun compte « {name} » dans {ctx.obj['users']}.")
    click.echo(f"Compte « {name} » supprimé.")


@user.command("list")
@click.pass_context
def user_list(ctx) -> None:
    """Liste les comptes."""
    try:
        accounts = _users(ctx).accounts()
    except UserError as e:
        raise click.ClickException(str(e)) from e
    if not accounts:
        click.echo(f"Aucun compte dans {ctx.obj['users']}.")
    for account in sorted(accounts.values(), key=lambda a: a.name):
        click.echo(f"{account.name}\tcréé le {account.created or '?'}")
