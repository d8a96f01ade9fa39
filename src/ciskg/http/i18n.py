"""The reader's languages (`?lang=`, a cookie, `Accept-Language`) and the pages' own words.

Why: analysts of this region read Russian as often as English. Labels of things come from
the data in whatever languages it has (states in the six UN languages, from pycountry);
the words of the pages themselves (headings, buttons) are kept here for English, Russian
and French, and fall back to English for the other UN languages. `?lang=xx` also sets a
cookie, so the choice sticks while the reader follows links.
"""

from __future__ import annotations

from starlette.requests import Request

from ciskg.namespaces import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from ciskg.sparql.formats import parse_accept

LANGUAGES: dict[str, str] = {  # the UN's official languages, Russian first for this region
    "ru": "Русский",
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "zh": "中文",
}
RTL = frozenset({"ar"})
COOKIE = "lang"
DEFAULT = "en"


def primary(tag: str) -> str:
    return tag.strip().lower().split("-")[0].split("_")[0]


def preferences(request: Request) -> list[str]:
    """The reader's languages, most preferred first; never empty."""
    chosen: list[str] = []
    for explicit in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if explicit and primary(explicit) in LANGUAGES:
            chosen.append(primary(explicit))
            break
    ranges = parse_accept(request.headers.get("accept-language") or "")
    for tag, q in sorted(ranges, key=lambda r: -r[1]):  # stable: header order breaks ties
        language = primary(tag)
        if q > 0 and language in LANGUAGES and language not in chosen:
            chosen.append(language)
    return chosen or [DEFAULT]


def chosen_by_parameter(request: Request) -> str | None:
    """The `?lang=` value to remember in the cookie, if a valid one was given."""
    value = request.query_params.get("lang")
    return primary(value) if value and primary(value) in LANGUAGES else None


STRINGS: dict[str, dict[str, str]] = {
    "site": {
        "en": "CIS migration knowledge graph",
        "ru": "Граф знаний о миграции в СНГ",
        "fr": "Graphe de connaissances sur les migrations dans la CEI",
    },
    "tagline": {
        "en": "Actors, treaties and processes of cooperation on refugees, migration and "
        "displacement in the CIS region, read from UN reports — every fact linked to its "
        "paragraph.",
        "ru": "Участники, договоры и процессы сотрудничества по вопросам беженцев, миграции и "
        "перемещения в регионе СНГ по докладам ООН — каждый факт со ссылкой на абзац.",
        "fr": "Acteurs, traités et processus de coopération sur les réfugiés, les migrations et "
        "les déplacements dans la région de la CEI, tirés des rapports de l'ONU — chaque fait "
        "relié à son paragraphe.",
    },
    "home": {"en": "Home", "ru": "Главная", "fr": "Accueil"},
    "search": {"en": "Search", "ru": "Поиск", "fr": "Rechercher"},
    "search_hint": {
        "en": "a name in any language",
        "ru": "название на любом языке",
        "fr": "un nom dans n'importe quelle langue",
    },
    "results_for": {"en": "Results for", "ru": "Результаты по запросу", "fr": "Résultats pour"},
    "no_results": {
        "en": "Nothing has that name.",
        "ru": "Ничего не найдено.",
        "fr": "Aucun résultat.",
    },
    "state": {"en": "States", "ru": "Государства", "fr": "États"},
    "org": {"en": "Organisations", "ru": "Организации", "fr": "Organisations"},
    "instrument": {"en": "Instruments", "ru": "Международные договоры", "fr": "Instruments"},
    "process": {"en": "Processes", "ru": "Процессы", "fr": "Processus"},
    "project": {"en": "Projects", "ru": "Проекты", "fr": "Projets"},
    "event": {"en": "Events", "ru": "События", "fr": "Événements"},
    "place": {"en": "Places", "ru": "Места", "fr": "Lieux"},
    "doc": {"en": "Documents", "ru": "Документы", "fr": "Documents"},
    "statement": {"en": "Statements", "ru": "Заявления", "fr": "Déclarations"},
    "group": {"en": "Groups of states", "ru": "Группы государств", "fr": "Groupes d'États"},
    "theme": {"en": "Themes", "ru": "Темы", "fr": "Thèmes"},
    "timeline": {"en": "Timeline", "ru": "Хронология", "fr": "Chronologie"},
    "query": {"en": "Query", "ru": "Запрос", "fr": "Requête"},
    "ontology": {"en": "Vocabulary", "ru": "Словарь", "fr": "Vocabulaire"},
    "data": {"en": "Data", "ru": "Данные", "fr": "Données"},
    "type": {"en": "Type", "ru": "Тип", "fr": "Type"},
    "names": {"en": "Names", "ru": "Названия", "fr": "Noms"},
    "identifiers": {
        "en": "Identifiers and sources",
        "ru": "Идентификаторы и источники",
        "fr": "Identifiants et sources",
    },
    "properties": {"en": "Facts", "ru": "Факты", "fr": "Faits"},
    "incoming": {"en": "Linked from", "ru": "Ссылки сюда", "fr": "Liens entrants"},
    "evidence": {
        "en": "In the words of the report",
        "ru": "Словами доклада",
        "fr": "Selon les termes du rapport",
    },
    "takes_part": {
        "en": "Events and processes",
        "ru": "События и процессы",
        "fr": "Événements et processus",
    },
    "reports_say": {
        "en": "What the reports say",
        "ru": "Что говорится в докладах",
        "fr": "Ce que disent les rapports",
    },
    "mentioned_in": {"en": "Mentioned in", "ru": "Упоминается в", "fr": "Mentionné dans"},
    "inferred": {"en": "inferred", "ru": "выведено", "fr": "inféré"},
    "inferred_note": {
        "en": "concluded by the build's rules from reference data, not read in a report",
        "ru": "выведено правилами из справочных данных, а не прочитано в докладе",
        "fr": "conclu par les règles à partir des données de référence, non lu dans un rapport",
    },
    "alignments": {
        "en": "Inferred alignments",
        "ru": "Выведенные соответствия",
        "fr": "Alignements inférés",
    },
    "neighbourhood": {"en": "Neighbourhood", "ru": "Связи", "fr": "Voisinage"},
    "network": {
        "en": "Who works on what",
        "ru": "Кто чем занимается",
        "fr": "Qui travaille sur quoi",
    },
    "paragraph": {"en": "Paragraph", "ru": "Абзац", "fr": "Paragraphe"},
    "derived": {
        "en": "Read from this paragraph",
        "ru": "Извлечено из этого абзаца",
        "fr": "Tiré de ce paragraphe",
    },
    "previous": {"en": "previous", "ru": "предыдущий", "fr": "précédent"},
    "next": {"en": "next", "ru": "следующий", "fr": "suivant"},
    "via": {"en": "as a member of", "ru": "как член", "fr": "en tant que membre de"},
    "more": {"en": "more not shown", "ru": "не показаны", "fr": "non affichés"},
    "formats": {
        "en": "This page as data",
        "ru": "Эта страница как данные",
        "fr": "Cette page en données",
    },
    "summary": {"en": "The dataset", "ru": "Набор данных", "fr": "Le jeu de données"},
    "triples": {"en": "triples", "ru": "триплетов", "fr": "triplets"},
    "all": {"en": "all", "ru": "все", "fr": "tous"},
    "not_found": {"en": "Not found", "ru": "Не найдено", "fr": "Introuvable"},
    "not_found_text": {
        "en": "Nothing in this knowledge graph has the identifier",
        "ru": "В графе знаний нет ничего с идентификатором",
        "fr": "Rien dans ce graphe de connaissances ne porte l'identifiant",
    },
    "run": {"en": "Run", "ru": "Выполнить", "fr": "Exécuter"},
    "examples": {"en": "Examples", "ru": "Примеры", "fr": "Exemples"},
    "results": {"en": "Results", "ru": "Результаты", "fr": "Résultats"},
    "download": {"en": "Download", "ru": "Скачать", "fr": "Télécharger"},
    "graphs": {"en": "Named graphs", "ru": "Именованные графы", "fr": "Graphes nommés"},
    "date": {"en": "Date", "ru": "Дата", "fr": "Date"},
    "reports": {"en": "Reports read", "ru": "Прочитанные доклады", "fr": "Rapports lus"},
    "sources": {
        "en": "Sources of the reference data",
        "ru": "Источники справочных данных",
        "fr": "Sources des données de référence",
    },
    "other_events": {"en": "Other events", "ru": "Другие события", "fr": "Autres événements"},
    "p_derived": {"en": "read from", "ru": "извлечено из", "fr": "tiré de"},
    "p_source": {"en": "source", "ru": "источник", "fr": "source"},
    "p_identifier": {"en": "identifier", "ru": "идентификатор", "fr": "identifiant"},
    "p_same": {"en": "same as", "ru": "то же, что", "fr": "identique à"},
    "p_label": {"en": "name", "ru": "название", "fr": "nom"},
    "p_alt": {"en": "other name", "ru": "другое название", "fr": "autre nom"},
    "p_comment": {"en": "description", "ru": "описание", "fr": "description"},
}


PROPERTY_WORDS = {  # properties of other vocabularies → a key of STRINGS
    str(PROV.wasDerivedFrom): "p_derived",
    str(DCTERMS.source): "p_source",
    str(DCTERMS.identifier): "p_identifier",
    str(SKOS.exactMatch): "p_same",
    str(OWL.sameAs): "p_same",
    str(RDF.type): "type",
    str(RDFS.label): "p_label",
    str(SKOS.prefLabel): "p_label",
    str(SKOS.altLabel): "p_alt",
    str(RDFS.comment): "p_comment",
}


def text(key: str, language: str) -> str:
    """The page word `key` in `language`, else in English, else the key itself."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(language) or entry[DEFAULT]
