"""Click's own texts in French, for `cresi-index` and `cresi-web`.

Click has no translations of its own: every text it prints ("Usage:", "Options",
"Show this message and exit.", "Error: No such option…") goes through the `gettext` and
`ngettext` functions that each of its modules imports. `use_french()` points those at
the table below, so help pages and usage errors are French whatever the machine's
language; a text missing from the table stays as Click wrote it. Checked by
tests/test_cli_french.py against the Click in use.
"""

from __future__ import annotations

import importlib

FRENCH = {
    "Usage:": "Utilisation :",
    "Options": "Options",
    "Commands": "Commandes",
    "Positional arguments": "Arguments",
    "Show this message and exit.": "Affiche cette aide et quitte.",
    "Show the version and exit.": "Affiche la version et quitte.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Essayez « {command} {option} » pour l'aide.",
    "No such option {name!r}.": "Option inconnue : {name!r}.",
    "No such command {name!r}.": "Commande inconnue : {name!r}.",
    "Missing command.": "Commande manquante.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing parameter: {param_name}": "Paramètre manquant : {param_name}",
    "Missing {param_type}": "{param_type} manquant",
    "Invalid value for {param_hint}: {message}": "Valeur incorrecte pour {param_hint} : {message}",
    "Invalid value: {message}": "Valeur incorrecte : {message}",
    "Option {name!r} does not take a value.": "L'option {name!r} ne prend pas de valeur.",
    "{value!r} is not a valid {number_type}.": "{value!r} n'est pas un {number_type} valide.",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} introuvable.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} est un dossier.",
    "{name} {filename!r} is a file.": "{name} {filename!r} est un fichier.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} n'est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} n'est pas accessible en écriture.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} n'est pas exécutable.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    "default: {default}": "défaut : {default}",
    "required": "obligatoire",
    "env var: {var}": "variable : {var}",
    "Aborted!": "Abandon.",
    "Could not open file {filename!r}: {message}": "Impossible d'ouvrir {filename!r} : {message}",
}
# Type names Click puts in messages without translating them ("'x' is not a valid integer").
TYPE_NAMES = {"IntParamType": "nombre entier", "IntRange": "nombre entier",
              "FloatParamType": "nombre", "FloatRange": "nombre", "BoolParamType": "booléen"}
FRENCH_PLURALS = {
    "Got unexpected extra argument ({args})": ("Argument en trop ({args})", "Arguments en trop ({args})"),
    "Option {name!r} requires an argument.": ("L'option {name!r} attend une valeur.",
                                              "L'option {name!r} attend {nargs} valeurs."),
    "Did you mean {possibility}?": ("Vouliez-vous dire {possibility} ?",
                                    "(Vouliez-vous dire l'une de : {possibilities} ?)"),
    "{value!r} is not {choice}.": ("{value!r} n'est pas {choice}.", "{value!r} n'est pas parmi {choices}."),
    "Takes {nargs} values but 1 was given.": ("Attend {nargs} valeurs, 1 seule donnée.",
                                              "Attend {nargs} valeurs, {len} données."),
}
CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def gettext(message: str) -> str:
    return FRENCH.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = FRENCH_PLURALS.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n < 2 else forms[1]  # in French, 0 and 1 take the singular


def use_french() -> None:
    """Click's messages in French from now on (idempotent)."""
    for name in CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    types = importlib.import_module("click.types")
    for cls, name in TYPE_NAMES.items():
        getattr(types, cls).name = name
