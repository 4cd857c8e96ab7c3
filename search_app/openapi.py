"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from cresi_search.facets import FACET_NAMES, FACETS, RANGED
from cresi_search.search import MAX_DEPTH, MAX_PER_PAGE, SORTS
from cresi_search.dates import YEAR_MAX, YEAR_MIN
from indexer import __version__

LABEL = {
    "type": "object",
    "additionalProperties": False,
    "required": ["code", "label"],
    "properties": {"code": {"type": "string"}, "label": {"type": "string"}},
}
ERROR = {
    "type": "object",
    "required": ["error", "status"],
    "properties": {
        "error": {"type": "string", "description": "Message en français."},
        "status": {"type": "integer"},
    },
}
ALTERNATE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "format", "path", "url", "file_url"],
    "properties": {
        "id": {"type": "string"}, "format": {"type": "string"}, "path": {"type": "string"},
        "url": {"type": "string"}, "file_url": {"type": "string"},
    },
}
ALSO = {"type": "array", "items": {"$ref": "#/components/schemas/Alternate"},
        "description": "Les autres exemplaires du même document (autre format, version ou dossier), "
                       "comptés avec lui comme un seul résultat ; seulement ceux que la personne peut voir."}
HIT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "path", "title", "type", "countries", "themes", "year",
                 "organisation", "snippet", "page", "missing", "scan", "preview_url", "access", "also",
                 "url", "file_url"],
    "properties": {
        "id": {"type": "string"},
        "path": {"type": "string", "description": "Chemin relatif au dossier du corpus."},
        "title": {"type": "string"},
        "type": {"oneOf": [{"$ref": "#/components/schemas/Label"}, {"type": "null"}]},
        "countries": {"type": "array", "items": {"$ref": "#/components/schemas/Label"}},
        "themes": {"type": "array", "items": {"$ref": "#/components/schemas/Label"}},
        "year": {"type": ["integer", "null"]},
        "organisation": {"type": ["string", "null"]},
        "snippet": {"type": ["string", "null"],
                    "description": "HTML sûr : texte échappé, mots trouvés dans <mark>."},
        "page": {"type": ["integer", "null"],
                 "description": "Page du meilleur passage (PDF seulement)."},
        "missing": {"type": "array", "items": {"type": "string"},
                    "description": "Mots de la recherche que le document ne contient pas "
                                   "(vide pour les documents qui les contiennent tous)."},
        "scan": {"type": "boolean", "description": "Document numérisé : son texte vient de l'OCR."},
        "preview_url": {"type": ["string", "null"], "description": "Aperçu JPEG de la première page."},
        "access": {"type": "string", "enum": ["public", "equipe"],
                   "description": "« equipe » : document réservé à l'équipe (visible connecté)."},
        "also": ALSO,
        "url": {"type": "string", "description": "Page du document sur le site."},
        "file_url": {"type": "string", "description": "Téléchargement (avec #page=N)."},
    },
}
FACET_VALUE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["value", "label", "count", "selected"],
    "properties": {
        "value": {"type": "string"},
        "label": {"type": "string"},
        "count": {"type": "integer",
                  "description": "Documents, en appliquant les autres filtres mais pas celui-ci."},
        "selected": {"type": "boolean"},
    },
}


def _repeatable(name: str, description: str) -> dict:
    return {
        "name": name, "in": "query", "required": False, "description": description,
        "schema": {"type": "array", "items": {"type": "string"}},
        "style": "form", "explode": True,
    }


PARAMETERS = [
    {"name": "q", "in": "query", "required": False,
     "description": "Recherche (voir docs/search.md) : mots, \"phrase\", -exclu, OR, "
                    "titre:, pays:, thème:, type:, année:, préfixe*. 300 caractères au plus.",
     "schema": {"type": "string"}},
    *(_repeatable(f.name, f"{f.help} (plusieurs : OU).") for f in FACETS),
    *({"name": param, "in": "query", "required": False,
       "description": f"{f.title} {side}, incluse (quatre chiffres).",
       "schema": {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX}}
      for f in RANGED for param, side in zip(f.range_params, ("minimale", "maximale"))),
    {"name": "sort", "in": "query", "required": False,
     "description": "relevance : pertinence ; date : plus récents d'abord ; oldest : plus anciens "
                    "d'abord ; title : par titre ; added : derniers entrés dans l'index d'abord.",
     "schema": {"type": "string", "enum": list(SORTS), "default": "relevance"}},
    {"name": "page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "default": 1},
     "description": f"Seuls les {MAX_DEPTH} premiers résultats sont consultables ; au-delà de la "
                    "dernière page, la liste est vide et « notices » le dit."},
    {"name": "per_page", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 10}},
]


def _json(schema_ref: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


SEARCH_RESPONSE = {
    "type": "object",
    "required": ["query", "total", "page", "per_page", "sort", "complete", "results", "facets",
                 "suggestion", "corrected", "relaxed", "notices",
                 *(p for f in RANGED for p in f.range_params)],
    "additionalProperties": False,
    "properties": {
        "query": {"type": "string"},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "sort": {"type": "string", "enum": list(SORTS)},
        "complete": {"type": "integer",
                     "description": "Résultats qui contiennent tous les mots : ils viennent en "
                                    "premier, les autres n'en contiennent qu'une partie."},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "facets": {
            "type": "object",
            "properties": {
                name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
                for name in FACET_NAMES
            },
        },
        "suggestion": {"type": ["string", "null"],
                       "description": "Recherche corrigée, avec accents, quand il y a peu de résultats."},
        "corrected": {"type": "boolean",
                      "description": "true : aucun document pour la recherche saisie, les résultats "
                                     "sont ceux de « suggestion », cherchée à sa place."},
        "relaxed": {"type": "boolean",
                    "description": "true : aucun document ne contient tous les mots ; les résultats "
                                   "en contiennent une partie."},
        "notices": {"type": "array", "items": {"type": "string"},
                    "description": "Messages affichés au-dessus des résultats, en français."},
        **{p: {"type": ["integer", "null"], "description": "La période appliquée."}
           for f in RANGED for p in f.range_params},
    },
}
DOCUMENT = {
    "type": "object",
    "required": ["id", "path", "format", "title", "metadata", "page_count", "paged",
                 "text_layer", "warnings", "size", "scan", "ocr_pages", "awaiting_ocr", "repaired_pages",
                 "preview_url", "access", "also", "pages", "similar", "url", "file_url"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "path": {"type": "string"},
        "format": {"type": "string"},
        "title": {"type": "string"},
        "metadata": {
            "type": "object",
            "description": "Chaque valeur avec sa source : catalogue, propriétés, détecté, dossier.",
            "additionalProperties": {
                "type": "object",
                "properties": {"value": {}, "source": {"type": ["string", "null"]}},
            },
        },
        "page_count": {"type": "integer"},
        "paged": {"type": "boolean"},
        "text_layer": {"type": "boolean", "description": "false : scan sans couche texte."},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "size": {"type": ["integer", "null"]},
        "scan": {"type": "boolean", "description": "Aucune page n'avait de couche texte."},
        "ocr_pages": {"type": "array", "items": {"type": "integer"},
                      "description": "Pages dont le texte vient de l'OCR."},
        "awaiting_ocr": {"type": "array", "items": {"type": "integer"},
                         "description": "Pages sans texte encore, que l'OCR lira (tesseract absent)."},
        "repaired_pages": {"type": "array", "items": {"type": "integer"},
                           "description": "Pages à couche texte illisible, relues ou réparées."},
        "preview_url": {"type": ["string", "null"], "description": "Aperçu JPEG de la première page."},
        "access": {"type": "string", "enum": ["public", "equipe"],
                   "description": "« equipe » : document réservé à l'équipe (visible connecté)."},
        "also": ALSO,
        "pages": {"type": "array", "items": {"$ref": "#/components/schemas/PageMatch"},
                  "description": "Avec ?q= : les pages où la recherche est trouvée, comme sur la "
                                 "page du document."},
        "similar": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
        "url": {"type": "string"},
        "file_url": {"type": "string"},
    },
}
PAGE_MATCH = {
    "type": "object",
    "required": ["page", "snippet"],
    "additionalProperties": False,
    "properties": {
        "page": {"type": ["integer", "null"], "description": "Numéro de page (PDF seulement)."},
        "snippet": {"type": "string", "description": "HTML sûr : texte échappé, mots trouvés dans <mark>."},
    },
}
HEALTH = {
    "type": "object",
    "required": ["status", "generation", "documents", "warnings"],
    "properties": {
        "status": {"type": "string", "enum": ["ok", "degraded"]},
        "generation": {"type": "string"},
        "documents": {"type": "integer"},
        "warnings": {"type": "array", "items": {"type": "string"},
                     "description": "Ce qui empêche le site de fonctionner comme configuré (« degraded »)"},
    },
}

# The answer for the former id of a renamed or moved file.
MOVED = {
    "description": "Le fichier a été renommé ou déplacé : l'identifiant est celui de son ancien "
                   "chemin, l'en-tête Location donne la même adresse avec le nouvel identifiant "
                   "(paramètres conservés)",
    "headers": {"Location": {"description": "La nouvelle adresse", "schema": {"type": "string"}}},
}


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cresi-search",
            "version": __version__,
            "description": "Recherche dans les documents du Centre de ressources essonnien "
                           "de la solidarité internationale (CRESI).",
        },
        "paths": {
            "/api/search": {"get": {
                "summary": "Rechercher des documents",
                "parameters": PARAMETERS,
                "responses": {"200": _json("SearchResponse", "Résultats et facettes"),
                              "400": _json("Error", "Paramètre incorrect"),
                              "503": _json("Error", "Index pas encore construit")},
            }},
            "/api/documents/{id}": {"get": {
                "summary": "Un document, ses métadonnées et leurs sources",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}},
                               {"name": "q", "in": "query", "required": False,
                                "schema": {"type": "string"},
                                "description": "Recherche dont on veut les pages (champ « pages »)."}],
                "responses": {"200": _json("Document", "Le document"),
                              "301": MOVED,
                              "404": _json("Error", "Identifiant inconnu")},
            }},
            "/healthz": {"get": {
                "summary": "État de l'index",
                "responses": {"200": _json("Health", "Index disponible"),
                              "503": _json("Error", "Pas d'index")},
            }},
            "/files/{id}": {"get": {
                "summary": "Télécharger le fichier d'origine",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Le fichier (PDF affiché, autres en pièce jointe)"},
                              "301": MOVED,
                              "404": {"description": "Identifiant inconnu"}},
            }},
        },
        "components": {"schemas": {
            "Label": LABEL, "Error": ERROR, "Hit": HIT, "Alternate": ALTERNATE, "FacetValue": FACET_VALUE,
            "SearchResponse": SEARCH_RESPONSE, "Document": DOCUMENT, "PageMatch": PAGE_MATCH,
            "Health": HEALTH,
        }},
    }
