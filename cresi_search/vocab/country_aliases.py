"""Hand-kept facts about how French texts name countries, beyond Babel's labels.

Country labels themselves come from Babel (see countries.py). Here are only the other
words that point to a country: inhabitants' adjectives, other names, capitals and the
towns and regions of the CRESI partners. Keys are ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

# Masculine singular; the feminine and plural forms are derived (see countries.py).
ADJECTIVES: dict[str, tuple[str, ...]] = {
    "ML": ("malien",),
    "HT": ("haïtien",),
    "CA": ("québécois", "canadien"),
    "TN": ("tunisien",),
    "SN": ("sénégalais",),
    "BF": ("burkinabè", "burkinabé"),
    "MG": ("malgache",),
    "MA": ("marocain",),
    "BJ": ("béninois",),
    "NE": ("nigérien",),
    "NG": ("nigérian",),
    "CD": ("congolais",),
    "TG": ("togolais",),
    "CM": ("camerounais",),
    "FR": ("français", "essonnien"),
    "CI": ("ivoirien",),
    "GN": ("guinéen",),
    "GW": ("bissau-guinéen",),
    "GQ": ("équato-guinéen",),
    "MR": ("mauritanien",),
    "GM": ("gambien",),
    "TD": ("tchadien",),
    "CF": ("centrafricain",),
    "GA": ("gabonais",),
    "CV": ("cap-verdien", "capverdien"),
    "DZ": ("algérien",),
    "LY": ("libyen",),
    "EG": ("égyptien",),
    "RW": ("rwandais",),
    "BI": ("burundais",),
    "KM": ("comorien",),
    "DJ": ("djiboutien",),
    "MU": ("mauricien",),
    "DO": ("dominicain",),
    "CU": ("cubain",),
    "VN": ("vietnamien",),
    "KH": ("cambodgien",),
    "LB": ("libanais",),
    "PS": ("palestinien",),
    "BR": ("brésilien",),
    "BE": ("belge",),
}

# Other names of a country itself (not its towns): a query naming one finds the documents
# classified under the country.
OTHER_NAMES: dict[str, tuple[str, ...]] = {
    "CD": ("RDC", "République démocratique du Congo", "Congo RDC", "Zaïre"),
    "CG": ("République du Congo",),
    "BF": ("Burkina", "Haute-Volta"),
    "GN": ("Guinée-Conakry",),
    "CF": ("Centrafrique",),
    "VN": ("Vietnam",),
    "PS": ("Palestine",),
    "MM": ("Birmanie",),
    "CZ": ("République tchèque",),
    "SZ": ("Swaziland",),
    "VA": ("Vatican",),
    "SV": ("El Salvador",),
    "HK": ("Hong Kong",),
    "MO": ("Macao",),
    "US": ("USA",),
    "MU": ("Île Maurice",),
    "CA": ("Québec",),
}

# Capitals, towns and regions.
PLACES: dict[str, tuple[str, ...]] = {
    "ML": ("Bamako", "Douentza", "Cercle de Douentza", "Mopti", "Tombouctou", "Gao",
           "Kayes", "Ségou", "Sikasso", "Sévaré", "Djenné", "Hombori", "Pays dogon"),
    "HT": ("Port-au-Prince", "Jacmel", "Cap-Haïtien", "Gonaïves", "Les Cayes",
           "Hinche", "Léogâne", "Pétion-Ville"),
    "CA": ("Montréal", "Ottawa", "Sherbrooke", "Gatineau", "Trois-Rivières"),
    "TN": ("Tunis", "Sfax", "Gabès", "Tozeur", "Sousse", "Kairouan", "Bizerte",
           "Médenine", "Gafsa", "Djerba"),
    "SN": ("Dakar", "Saint-Louis", "Ziguinchor", "Casamance", "Thiès", "Kaolack",
           "Tambacounda", "Bignona", "Podor", "Matam", "Kolda", "Louga"),
    "BF": ("Ouagadougou", "Bobo-Dioulasso", "Koudougou", "Ouahigouya", "Kaya",
           "Fada N'Gourma", "Dori"),
    "MG": ("Antananarivo", "Tananarive", "Tamatave", "Toamasina", "Fianarantsoa",
           "Antsirabe", "Mahajanga", "Majunga", "Toliara", "Tuléar", "Ambositra"),
    "MA": ("Rabat", "Marrakech", "Casablanca", "Fès", "Agadir", "Ouarzazate", "Tanger",
           "Haut Atlas", "Moyen Atlas", "Anti-Atlas"),
    "BJ": ("Porto-Novo", "Cotonou", "Parakou", "Abomey", "Natitingou", "Djougou"),
    "NE": ("Niamey", "Zinder", "Agadez", "Maradi", "Tahoua"),
    "NG": ("Lagos", "Abuja", "Kano"),
    "CD": ("Kinshasa", "Lubumbashi", "Goma", "Bukavu", "Kisangani"),
    "CG": ("Brazzaville", "Pointe-Noire"),  # "Congo" alone: ambiguous
    "TG": ("Lomé", "Kara", "Sokodé", "Atakpamé", "Kpalimé", "Dapaong"),
    "CM": ("Yaoundé", "Douala", "Garoua", "Bafoussam", "Maroua"),
    "FR": ("Essonne", "Évry", "Évry-Courcouronnes", "Île-de-France"),
    "CI": ("Abidjan", "Yamoussoukro", "Bouaké"),
    "GN": ("Conakry", "Kankan", "Nzérékoré", "Guinée forestière"),
    "GW": ("Bissau",),
    "GQ": ("Malabo",),
    "MR": ("Nouakchott", "Nouadhibou", "Kaédi"),
    "GM": ("Banjul",),
    "TD": ("N'Djaména", "Abéché"),
    "CF": ("Bangui",),
    "GA": ("Libreville",),
    "CV": ("Praia",),
    "DZ": ("Alger", "Oran", "Tamanrasset"),
    "EG": ("Le Caire",),
    "RW": ("Kigali",),
    "BI": ("Bujumbura", "Gitega"),
    "KM": ("Moroni", "Anjouan", "Mohéli", "Grande Comore"),
    "MU": ("Port-Louis",),
    "DO": ("Saint-Domingue",),
    "CU": ("La Havane",),
    "VN": ("Hanoï", "Hô Chi Minh-Ville"),
    "KH": ("Phnom Penh",),
    "LB": ("Beyrouth",),
    "PS": ("Gaza", "Cisjordanie"),
}

# Names that count only when the same country is also named in another way:
# Saint-Louis is also a town in France and in the United States, Kara a first name.
WEAK_NAMES: frozenset[str] = frozenset({"Saint-Louis", "Kara"})

# Country names that are also rivers: ignored after "fleuve", "delta du", "boucle du"…
RIVER_NAMES: frozenset[str] = frozenset({"Niger", "Sénégal", "Gambie"})
RIVER_WORDS: frozenset[str] = frozenset({
    "fleuve", "delta", "boucle", "office", "bassin", "vallée", "rive", "berge", "bord",
    "affluent", "embouchure", "crue", "cours",
})

# Names found in texts only when written with a capital ("la réunion du comité",
# "un accident bénin", "l'équateur").
NEEDS_CAPITAL: frozenset[str] = frozenset({"Bénin", "La Réunion", "Équateur", "Chili"})

# Labels too common as first names or words to detect in a text; they still resolve
# when typed as a country (catalogue, search filter).
NOT_DETECTED: frozenset[str] = frozenset({
    "Dominique", "Grenade", "Maurice", "Salvador", "Saint-Martin", "Sainte-Hélène",
    "Saint-Barthélemy", "Jersey",
})

# Phrases that contain a country name but do not name that country.
NOT_A_COUNTRY: tuple[str, ...] = (
    "golfe de Guinée", "océan Indien", "Nouvelle-Guinée", "Congo-Océan",
)

# Words before a country's name or adjective that make it the country's law or language,
# not a place the document is about ("la loi française", "en vigueur en France").
LEGAL_WORDS: frozenset[str] = frozenset({
    "loi", "lois", "législation", "légal", "légale", "décret", "décrets", "droit", "juridique",
    "vigueur", "langue", "code", "fiscal", "fiscale", "nationalité",
})

# Words before a name that make it a person's ("Mme Florence", "M. Kaya").
PERSON_TITLES: frozenset[str] = frozenset({
    "M", "Mme", "Mlle", "Mr", "Monsieur", "Madame", "Mademoiselle", "Dr", "Docteur", "Pr",
    "Professeur", "Me", "Maître", "Père", "Sœur", "Frère", "Abbé",
})

# The CRESI's home: nearly every document names it, as its funder or its authors' address.
# It makes a document French only when no other country is named (countries.py).
HOME_NAMES: tuple[str, ...] = ("Essonne", "Évry", "Évry-Courcouronnes", "Île-de-France", "essonnien")
