"""French words of international solidarity work, for the synthetic benchmark corpus.

Only single words and short set expressions, written for this project: the generator
(`bench/textgen.py`) combines them at random into sentences, so no text is copied.

Nouns are "word:g" (g = m or f); an irregular plural follows a slash ("travail/travaux").
Adjectives are "masculine|feminine" when the feminine is not the masculine + "e".
Verbs are "infinitive|3rd singular|3rd plural".
In the space-separated lists, "_" stands for a space inside one entry.
"""

from __future__ import annotations

GENERAL_NOUNS = """
projet:m association:f partenaire:m partenariat:m commune:f village:m quartier:m
région:f cercle:m population:f habitant:m ménage:m famille:f femme:f jeune:m enfant:m
responsable:m président:m trésorier:m secrétaire:m bénévole:m volontaire:m adhérent:m
bureau:m conseil:m comité:m assemblée:f réunion:f rencontre:f séance:f délégation:f
mission:f visite:f voyage:m séjour:m atelier:m formation:f session:f module:m
action:f activité:f opération:f intervention:f réalisation:f chantier:m étape:f phase:f
objectif:m résultat:m indicateur:m impact:m effet:m bilan:m rapport:m compte:m
diagnostic:m besoin:m demande:f attente:f priorité:f difficulté:f contrainte:f risque:m
budget:m coût:m dépense:f recette:f subvention:f contribution:f apport:m financement:m
bailleur:m fondation:f département:m collectivité:f ministère:m service:m agence:f
accord:m convention:f contrat:m engagement:m protocole:m charte:f
suivi:m évaluation:f capitalisation:f restitution:f méthode:f démarche:f approche:f
outil:m document:m fiche:f tableau:m questionnaire:m enquête:f entretien:m
calendrier:m planning:m échéance:f retard:m report:m délai:m saison:f
terrain:m site:m zone:f localité:f territoire:m espace:m local:m bâtiment:m
matériel:m équipement:m fourniture:f stock:m transport:m véhicule:m moto:f
pérennité:f autonomie:f appropriation:f participation:f mobilisation:f concertation:f
transparence:f confiance:f dialogue:m échange:m coopération:f solidarité:f
animateur:m animatrice:f technicien:m technicienne:f coordinateur:m coordinatrice:f
relais:m leader:m chef:m notable:m élu:m maire:m autorité:f administration:f
partage:m apprentissage:m expérience:f savoir:m compétence:f capacité:f
renforcement:m accompagnement:m appui:m soutien:m conseil:m aide:f
règlement:m statut:m procès-verbal:m registre:m archive:f annexe:f
travail/travaux:m journal/journaux:m canal/canaux:m local/locaux:m
""".split()

ADJECTIVES = """
local|locale durable communautaire rural|rurale urbain|urbaine solidaire
participatif|participative collectif|collective scolaire agricole sanitaire
financier|financière annuel|annuelle prévisionnel|prévisionnelle décentralisé|décentralisée
international|internationale départemental|départementale municipal|municipale
technique pratique efficace important|importante nouveau|nouvelle principal|principale
premier|première dernier|dernière prochain|prochaine régulier|régulière
concret|concrète modeste ambitieux|ambitieuse fragile vulnérable prioritaire
partenarial|partenariale associatif|associative citoyen|citoyenne économique social|sociale
culturel|culturelle environnemental|environnementale public|publique privé|privée
villageois|villageoise familial|familiale féminin|féminine collectif|collective
mensuel|mensuelle trimestriel|trimestrielle initial|initiale final|finale global|globale
positif|positive satisfaisant|satisfaisante insuffisant|insuffisante encourageant|encourageante
accessible adapté|adaptée nécessaire essentiel|essentielle commun|commune
""".split()

VERBS = """
renforcer|renforce|renforcent accompagner|accompagne|accompagnent financer|finance|financent
construire|construit|construisent réhabiliter|réhabilite|réhabilitent former|forme|forment
sensibiliser|sensibilise|sensibilisent évaluer|évalue|évaluent mobiliser|mobilise|mobilisent
améliorer|améliore|améliorent soutenir|soutient|soutiennent développer|développe|développent
organiser|organise|organisent gérer|gère|gèrent suivre|suit|suivent animer|anime|animent
équiper|équipe|équipent réaliser|réalise|réalisent préparer|prépare|préparent
identifier|identifie|identifient analyser|analyse|analysent présenter|présente|présentent
valider|valide|valident définir|définit|définissent rédiger|rédige|rédigent
associer|associe|associent impliquer|implique|impliquent consolider|consolide|consolident
favoriser|favorise|favorisent faciliter|facilite|facilitent garantir|garantit|garantissent
assurer|assure|assurent prendre_en_charge|prend_en_charge|prennent_en_charge
mettre_en_place|met_en_place|mettent_en_place mettre_en_œuvre|met_en_œuvre|mettent_en_œuvre
entretenir|entretient|entretiennent réparer|répare|réparent distribuer|distribue|distribuent
collecter|collecte|collectent transmettre|transmet|transmettent partager|partage|partagent
accueillir|accueille|accueillent recruter|recrute|recrutent rembourser|rembourse|remboursent
produire|produit|produisent transformer|transforme|transforment vendre|vend|vendent
protéger|protège|protègent planter|plante|plantent restaurer|restaure|restaurent
""".split()

CONNECTORS = (
    "Dans le cadre du projet",
    "En partenariat avec la commune",
    "Grâce au soutien du Département de l'Essonne",
    "Au cours de l'année",
    "Par ailleurs",
    "De plus",
    "En revanche",
    "Toutefois",
    "À l'issue de la mission",
    "Lors de la dernière assemblée générale",
    "Selon les indicateurs retenus",
    "Comme prévu dans la convention",
    "Malgré les difficultés rencontrées",
    "À moyen terme",
    "Dans un second temps",
    "Sur le terrain",
    "D'après les comptes rendus",
    "Avec l'appui des partenaires locaux",
    "Pendant la saison des pluies",
    "Après la phase de diagnostic",
)

# code -> (label named in the text, nouns, adjectives, set expressions)
THEMES: dict[str, tuple[str, str, str, str]] = {
    "eau-assainissement": (
        "eau et assainissement",
        "eau:f puits:m forage:m latrine:f pompe:f borne-fontaine:f château:m réservoir:m "
        "canalisation:f adduction:f assainissement:m hygiène:f lavage:m potabilité:f "
        "nappe:f source:f captage:m robinet:m citerne:f margelle:f filtre:m chloration:f "
        "redevance:f fontainier:m point:m branchement:m",
        "potable hydraulique souterrain|souterraine insalubre propre",
        "eau potable|comité de gestion de l'eau|point d'eau|lavage des mains|"
        "accès à l'eau|gestion du forage|réseau d'adduction|latrines scolaires",
    ),
    "sante": (
        "santé",
        "santé:f dispensaire:m centre:m maternité:f vaccination:f nutrition:f paludisme:m "
        "consultation:f médicament:m pharmacie:f infirmier:m infirmière:f sage-femme:f "
        "accouchement:m malnutrition:f moustiquaire:f prévention:f soin:m pathologie:f "
        "dépistage:m mutuelle:f ambulance:f hôpital/hôpitaux:m",
        "médical|médicale maternel|maternelle infantile sanitaire préventif|préventive",
        "santé maternelle|centre de santé|agent de santé communautaire|"
        "mutuelle de santé|soins de santé primaires|campagne de vaccination",
    ),
    "education": (
        "éducation",
        "école:f élève:m enseignant:m enseignante:f classe:f scolarisation:f "
        "alphabétisation:f cantine:f manuel:m bibliothèque:f lecture:f cahier:m "
        "instituteur:m institutrice:f collège:m lycée:m directeur:m inscription:f "
        "examen:m bourse:f parrainage:m tableau:m pupitre:m",
        "scolaire éducatif|éducative pédagogique primaire secondaire",
        "scolarisation des filles|cantine scolaire|fournitures scolaires|"
        "association des parents d'élèves|taux de réussite|salle de classe",
    ),
    "agriculture": (
        "agriculture",
        "agriculteur:m agricultrice:f récolte:f semence:f irrigation:f maraîchage:m "
        "céréale:f mil:m sorgho:m riz:m jardin:m parcelle:f champ:m engrais:m "
        "compost:m coopérative:f grenier:m élevage:m bétail:m apiculture:f "
        "karité:m arachide:f rendement:m périmètre:m magasin:m",
        "agricole maraîcher|maraîchère vivrier|vivrière irrigué|irriguée biologique",
        "banque de céréales|périmètre maraîcher|groupement de producteurs|"
        "sécurité alimentaire|semences améliorées|jardin potager",
    ),
    "economie": (
        "économie sociale et solidaire",
        "microcrédit:m crédit:m épargne:f revenu:m commerce:m marché:m artisan:m "
        "artisanat:m tontine:f entreprise:f emploi:m filière:f transformation:f "
        "commercialisation:f vente:f prix:m boutique:f moulin:m caisse:f "
        "remboursement:m bénéfice:m",
        "économique commercial|commerciale rentable équitable informel|informelle",
        "activités génératrices de revenus|commerce équitable|caisse d'épargne|"
        "économie sociale et solidaire|groupement féminin|tourisme solidaire",
    ),
    "environnement": (
        "environnement",
        "reboisement:m arbre:m forêt:f mangrove:f désertification:f sécheresse:f "
        "climat:m énergie:f panneau:m four:m foyer:m bois:m érosion:f biodiversité:f "
        "pépinière:f plant:m haie:f sol:m inondation:f dune:f",
        "solaire climatique naturel|naturelle amélioré|améliorée renouvelable",
        "changement climatique|foyers améliorés|énergie solaire|"
        "lutte contre la désertification|gestion des ressources naturelles|agroforesterie",
    ),
    "dechets": (
        "gestion des déchets",
        "déchet:m ordure:f collecte:f recyclage:m compostage:m décharge:f tri:m "
        "plastique:m charrette:f poubelle:f salubrité:f dépotoir:m benne:f "
        "valorisation:f incinération:f",
        "ménager|ménagère recyclable insalubre",
        "collecte des ordures ménagères|gestion des déchets|pré-collecte|"
        "sachets plastiques|journée de salubrité",
    ),
    "gouvernance": (
        "gouvernance locale",
        "gouvernance:f décentralisation:f mairie:f élu:m citoyenneté:f budget:m "
        "fiscalité:f impôt:m état:m plan:m développement:m planification:f "
        "commission:f conseiller:m délibération:f",
        "municipal|municipale démocratique citoyen|citoyenne institutionnel|institutionnelle",
        "coopération décentralisée|plan de développement communal|budget participatif|"
        "conseil municipal|état civil|maîtrise d'ouvrage communale",
    ),
    "culture": (
        "culture",
        "culture:f festival:m musique:f danse:f théâtre:m patrimoine:m conte:m "
        "exposition:f artiste:m spectacle:m bibliothèque:f tradition:f langue:f",
        "culturel|culturelle artistique traditionnel|traditionnelle",
        "échanges culturels|centre culturel|patrimoine immatériel|semaine de la solidarité",
    ),
    "jeunesse": (
        "jeunesse",
        "jeunesse:f jeune:m lycéen:m étudiant:m stage:m chantier:m service:m "
        "engagement:m volontariat:m camp:m animation:f insertion:f apprenti:m",
        "jeune étudiant|étudiante civique",
        "chantier de jeunes|service civique|volontariat de solidarité internationale|"
        "échanges de jeunes|éducation à la citoyenneté mondiale",
    ),
    "methodologie": (
        "méthodologie de projet",
        "méthodologie:f cadre:m logique:f indicateur:m évaluation:f capitalisation:f "
        "diagnostic:m hypothèse:f objectif:m cahier:m termes:m référence:f grille:f",
        "logique méthodologique qualitatif|qualitative quantitatif|quantitative",
        "cadre logique|termes de référence|évaluation finale|théorie du changement|"
        "cycle de projet|arbre à problèmes",
    ),
    "financement": (
        "financement",
        "financement:m subvention:f cofinancement:m dossier:m appel:m budget:m "
        "dépense:f justificatif:m fonds:m donateur:m mécénat:m cotisation:f "
        "trésorerie:f facture:f devis:m",
        "éligible prévisionnel|prévisionnelle propre",
        "appel à projets|budget prévisionnel|dossier de demande de subvention|"
        "fonds propres|rapport financier|pièces justificatives",
    ),
}

# code -> (label as named in the text, preposition, towns)
COUNTRIES: dict[str, tuple[str, str, str]] = {
    "ML": ("Mali", "au", "Bamako Douentza Mopti Ségou Kayes Tombouctou Sikasso"),
    "SN": ("Sénégal", "au", "Dakar Saint-Louis Thiès Ziguinchor Podor Kaolack Matam"),
    "BF": ("Burkina Faso", "au", "Ouagadougou Bobo-Dioulasso Koudougou Kaya Ouahigouya Dori"),
    "BJ": ("Bénin", "au", "Cotonou Porto-Novo Parakou Abomey Natitingou Djougou"),
    "MG": ("Madagascar", "à", "Antananarivo Antsirabe Fianarantsoa Toamasina Mahajanga Tuléar"),
    "MA": ("Maroc", "au", "Marrakech Ouarzazate Agadir Fès Essaouira Tiznit"),
    "HT": ("Haïti", "en", "Port-au-Prince Jacmel Gonaïves Jérémie Cap-Haïtien Léogâne"),
    "NE": ("Niger", "au", "Niamey Zinder Maradi Tahoua Agadez Dosso"),
    "TG": ("Togo", "au", "Lomé Kara Sokodé Kpalimé Atakpamé Dapaong"),
    "CM": ("Cameroun", "au", "Yaoundé Douala Bafoussam Garoua Maroua Bamenda"),
    "GN": ("Guinée", "en", "Conakry Kindia Labé Kankan Mamou Boké"),
    "MR": ("Mauritanie", "en", "Nouakchott Kaédi Rosso Atar Kiffa Sélibaby"),
    "TN": ("Tunisie", "en", "Tunis Sfax Kairouan Gabès Tozeur Bizerte"),
    "VN": ("Viêt Nam", "au", "Hanoï Hué Danang Haiphong Cantho Vinh"),
    "KH": ("Cambodge", "au", "Phnom_Penh Battambang Siem_Reap Kampot Takeo"),
    "LB": ("Liban", "au", "Beyrouth Tripoli Saïda Tyr Zahlé Byblos"),
    "CO": ("Colombie", "en", "Bogota Medellín Cali Pasto Popayán Quibdó"),
    "BO": ("Bolivie", "en", "La_Paz Cochabamba Sucre Potosí Oruro Tarija"),
    "PE": ("Pérou", "au", "Lima Cuzco Arequipa Puno Ayacucho Iquitos"),
    "CI": ("Côte d’Ivoire", "en", "Abidjan Bouaké Yamoussoukro Korhogo Man Daloa"),
    "TD": ("Tchad", "au", "N'Djamena Moundou Abéché Sarh Mongo Bongor"),
    "AM": ("Arménie", "en", "Erevan Gumri Vanadzor Dilijan Goris Sevan"),
    "RO": ("Roumanie", "en", "Bucarest Cluj Iasi Timisoara Brasov Sibiu"),
    "CA": ("Canada", "au", "Montréal Québec Sherbrooke Trois-Rivières Gatineau Rimouski"),
}

ESSONNE_TOWNS = (
    "Évry-Courcouronnes Corbeil-Essonnes Massy Palaiseau Savigny-sur-Orge Étampes "
    "Draveil Viry-Châtillon Athis-Mons Brétigny-sur-Orge Ris-Orangis Grigny Yerres "
    "Montgeron Sainte-Geneviève-des-Bois Arpajon Dourdan Milly-la-Forêt Orsay Les_Ulis"
).split()

# folder -> label of the document type, as written at the top of the document
DOCTYPES: dict[str, str] = {
    "rapports": "Rapport d'activité",
    "missions": "Rapport de mission",
    "comptes-rendus": "Compte rendu",
    "evaluations": "Rapport d'évaluation",
    "guides": "Guide pratique",
    "fiches": "Fiche technique",
    "etudes": "Étude de faisabilité",
    "subventions": "Dossier de demande de subvention",
    "conventions": "Convention de partenariat",
    "bilans": "Bilan financier",
}

ORGANISATION_WORDS = (
    "Amis Solidarité Partage Horizons Avenir Entraide Jumelage Passerelles Racines "
    "Sahel Tiers-Monde Échanges Ponts Main_Tendue Espoir Cœur Terre Puits Graines"
).split()

MONTHS = (
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
).split()
