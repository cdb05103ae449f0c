"""The matching of candidates and vacancies, done in PostgreSQL: one query
ranks the candidates for a vacancy, or the published vacancies for a
candidate, and returns with every row the facts each score component was
computed from, so jobs.selectors.matching can write them as reasons a person
can check. No Python loop over candidates: Python only phrases the page it
shows.

Components (points; the score is their sum, at most 100):
- profession (40/30/25/15): the vacancy's CP2011 code against the
  candidate's desired professions and past experiences: the same sixth-level
  code, or the same prefix at the fifth, fourth or third level. A candidate
  with no profession in the vacancy's third-level class is not ranked.
- distance (20/12/6, or by km): same comune, same province (or a province
  the candidate said they search in), same region; with coordinates for both
  comuni, 20 points at 5 km or less, down to 0 at 100 km.
- education (15): the highest title held (titoli_studio's ``livello``) at
  least the one required.
- languages (10): the share of the required languages known at the
  required CEFR level or above (the best of the five skills).
- licences (10): the share of the required licences held.
- availability (5): available now (or by the end of the publication), 2 if
  later.

Only candidates who are searching and whose latest consent to the desk's
services (people's ``erogazione``) is given are ranked.

Ranking candidates for a vacancy reads the CV's summary columns
(``Candidate.profession_keys``, ``education_level``, ``language_levels``,
``licence_keys``), kept by jobs.services.candidates through
``refresh_summaries``: the vacancy's class is found through a GIN index and
scored without a query per candidate; the reasons' facts are read for the
page's rows only.
"""

from __future__ import annotations

from datetime import date

from django.db import connection

POINTS = {"profession": {6: 40, 5: 30, 4: 25, 3: 15}, "distance_comune": 20,
          "distance_province": 12, "distance_region": 6, "education": 15, "languages": 10,
          "licences": 10, "available": 5, "available_later": 2}
MAX_SCORE = 100


def prefix(code: str, level: int) -> str:
    """The CP2011 code's prefix at ``level`` (1-5; the sixth level is the code)."""
    return ".".join(code.split(".")[:level])


_LEVEL = """CASE WHEN {k} = {q} THEN 6
  WHEN array_to_string((string_to_array({k}, '.'))[1:5], '.')
     = array_to_string((string_to_array({q}, '.'))[1:5], '.') THEN 5
  WHEN array_to_string((string_to_array({k}, '.'))[1:4], '.')
     = array_to_string((string_to_array({q}, '.'))[1:4], '.') THEN 4
  ELSE 3 END"""

_PAIRS_FOR_CANDIDATE = f"""
codes AS (
  SELECT d.profession_code AS code, 'd' AS src FROM jobs_desiredprofession d
   WHERE d.candidate_id = %(candidate)s
  UNION
  SELECT e.profession_code, 'e' FROM jobs_candidateexperience e
   WHERE e.candidate_id = %(candidate)s
),
pairs AS (
  SELECT %(candidate)s::int AS candidate_id, s.vacancy_id, max(s.lvl) AS lvl,
         (array_agg(s.code ORDER BY s.lvl DESC, s.src, s.code))[1] AS code,
         (array_agg(s.src ORDER BY s.lvl DESC, s.src, s.code))[1] AS src
  FROM (
    SELECT v.id AS vacancy_id, k.code, k.src,
           {_LEVEL.format(k="k.code", q="v.profession_code")} AS lvl
    FROM codes k
    JOIN jobs_vacancy v
      ON v.profession_code LIKE array_to_string((string_to_array(k.code, '.'))[1:3], '.') || '.%%'
    WHERE v.status = 'pubblicata'
  ) s
  GROUP BY s.vacancy_id
)"""

def _held(candidate: str, vacancy: str) -> str:
    """The candidate's facts a vacancy's requirements are checked against, as
    three lateral joins (``edu``: highest title and its level; ``lang`` and
    ``lic``: how many languages / licences the vacancy asks, how many the
    candidate meets, and each one as the reasons quote it). The one text of
    these joins: the full ranking and the reasons of a page's rows use it."""
    return f"""
LEFT JOIN LATERAL (
  SELECT (x.extra->>'livello')::int AS level, ce.education_code AS code
  FROM jobs_candidateeducation ce
  JOIN codes_codeentry x ON x.table = 'titoli_studio' AND x.code = ce.education_code
  WHERE ce.candidate_id = {candidate}
  ORDER BY (x.extra->>'livello')::int DESC LIMIT 1
) edu ON true
LEFT JOIN LATERAL (
  SELECT count(*) AS required,
         count(*) FILTER (WHERE held.level >= vl.level_code) AS met,
         json_agg(json_build_array(vl.language_code, vl.level_code, held.level)
                  ORDER BY vl.id) AS detail
  FROM jobs_vacancylanguage vl
  LEFT JOIN LATERAL (
    SELECT NULLIF(greatest(cl.listening, cl.reading, cl.spoken_interaction,
                           cl.spoken_production, cl.writing), '') AS level
    FROM jobs_candidatelanguage cl
    WHERE cl.candidate_id = {candidate} AND cl.language_code = vl.language_code
  ) held ON true
  WHERE vl.vacancy_id = {vacancy}
) lang ON true
LEFT JOIN LATERAL (
  SELECT count(*) AS required, count(held.id) AS met,
         json_agg(json_build_array(vl.kind, vl.code, held.id IS NOT NULL)
                  ORDER BY vl.kind, vl.id) AS detail
  FROM jobs_vacancylicence vl
  LEFT JOIN jobs_candidatelicence held
    ON held.candidate_id = {candidate} AND held.kind = vl.kind AND held.code = vl.code
  WHERE vl.vacancy_id = {vacancy}
) lic ON true
"""


_SCORED = f"""
scored AS (
  SELECT pairs.candidate_id, pairs.vacancy_id, pairs.lvl, pairs.code AS matched_code,
         pairs.src AS matched_source,
         c.person_id, c.available_from, c.comune_code AS candidate_comune, c.updated_at,
         v.profession_code, v.comune_code AS vacancy_comune, v.education_code,
         v.publish_until, v.title AS vacancy_title, v.status AS vacancy_status,
         cc.extra->>'provincia' AS candidate_province, cc.extra->>'regione' AS candidate_region,
         vc.extra->>'provincia' AS vacancy_province, vc.extra->>'regione' AS vacancy_region,
         CASE WHEN cc.extra ? 'lat' AND vc.extra ? 'lat' THEN
           round((6371 * 2 * asin(sqrt(
             power(sin(radians(((vc.extra->>'lat')::float - (cc.extra->>'lat')::float) / 2)), 2)
             + cos(radians((cc.extra->>'lat')::float)) * cos(radians((vc.extra->>'lat')::float))
             * power(sin(radians(((vc.extra->>'lon')::float - (cc.extra->>'lon')::float) / 2)), 2)
           )))::numeric, 1)
         END AS km,
         (vc.extra->>'provincia') = ANY(c.provinces) AS searches_province,
         edu.level AS education_level, edu.code AS education_held,
         (SELECT (x.extra->>'livello')::int FROM codes_codeentry x
           WHERE x.table = 'titoli_studio' AND x.code = v.education_code) AS education_required,
         lang.required AS languages_required, lang.met AS languages_met, lang.detail AS languages,
         lic.required AS licences_required, lic.met AS licences_met, lic.detail AS licences,
         a.id AS application_id, a.status AS application_status
  FROM pairs
  JOIN jobs_candidate c ON c.id = pairs.candidate_id
  JOIN jobs_vacancy v ON v.id = pairs.vacancy_id
  LEFT JOIN codes_codeentry cc ON cc.table = 'comuni' AND cc.code = c.comune_code
  LEFT JOIN codes_codeentry vc ON vc.table = 'comuni' AND vc.code = v.comune_code
  {_held('c.id', 'v.id')}
  LEFT JOIN jobs_application a ON a.vacancy_id = v.id AND a.candidate_id = c.id
  WHERE c.is_searching
    AND (SELECT r.given FROM people_consentrecord r
          WHERE r.person_id = c.person_id AND r.purpose = 'erogazione'
          ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1)
)"""

_POINTS = """
points AS (
  SELECT scored.*,
    CASE lvl WHEN 6 THEN %(p6)s WHEN 5 THEN %(p5)s WHEN 4 THEN %(p4)s ELSE %(p3)s END
      AS profession_points,
    CASE
      WHEN candidate_comune = vacancy_comune THEN %(d_comune)s
      WHEN km IS NOT NULL THEN greatest(0, least(%(d_comune)s,
                                round(%(d_comune)s * (100 - km) / 95.0)))::int
      WHEN candidate_province = vacancy_province OR searches_province THEN %(d_province)s
      WHEN candidate_region = vacancy_region THEN %(d_region)s
      ELSE 0 END AS distance_points,
    CASE WHEN education_required IS NOT NULL AND education_level >= education_required
         THEN %(education)s ELSE 0 END AS education_points,
    CASE WHEN languages_required > 0
         THEN round(%(languages)s * languages_met::numeric / languages_required)::int
         ELSE 0 END AS language_points,
    CASE WHEN licences_required > 0
         THEN round(%(licences)s * licences_met::numeric / licences_required)::int
         ELSE 0 END AS licence_points,
    CASE WHEN available_from IS NULL
           OR available_from <= greatest(%(today)s::date,
                                         coalesce(publish_until, %(today)s::date))
         THEN %(available)s ELSE %(later)s END AS availability_points
  FROM scored
)"""

_SELECT = """
SELECT points.*,
       p.first_name, p.last_name, p.codice_fiscale,
       profession_points + distance_points + education_points + language_points
         + licence_points + availability_points AS score,
       count(*) OVER () AS total
FROM points JOIN people_person p ON p.id = points.person_id
ORDER BY score DESC, lvl DESC, updated_at DESC, candidate_id, vacancy_id
LIMIT %(limit)s OFFSET %(offset)s
"""


def _params(**values) -> dict:
    points = POINTS
    return {"p6": points["profession"][6], "p5": points["profession"][5],
            "p4": points["profession"][4], "p3": points["profession"][3],
            "d_comune": points["distance_comune"], "d_province": points["distance_province"],
            "d_region": points["distance_region"], "education": points["education"],
            "languages": points["languages"], "licences": points["licences"],
            "available": points["available"], "later": points["available_later"], **values}


def _run(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def candidates_for_vacancy(*, vacancy_id: int, profession_code: str, today: date,
                           limit: int = 20, offset: int = 0) -> list[dict]:
    """The best candidates for the vacancy, best first, ``limit`` from ``offset``
    (each row's ``total`` counts them all).

    One statement in two steps: every candidate of the vacancy's CP2011 class
    (the GIN index on ``profession_keys``) is scored from the CV's summary
    columns alone; only the page's rows then read the facts their reasons
    cite (the code that matched, the titles, languages and licences)."""
    class_prefix = prefix(profession_code, 3)
    if not class_prefix:
        return []
    sql = "WITH " + ",".join((_VACANCY, _CLASS, _SCORED_FROM_SUMMARY, _POINTS,
                              _TOP)) + _PAGE
    return _run(sql, _params(vacancy=vacancy_id, profession=profession_code,
                             pre3=class_prefix, pre4=prefix(profession_code, 4),
                             pre5=prefix(profession_code, 5),
                             class_like=class_prefix.replace("%", "") + ".%",
                             today=today, limit=limit, offset=offset))


# --- The CV's summary columns and the ranking of candidates that reads them ------------

# Every candidate's (or those of %(ids)s) summary columns, from its parts.
REFRESH_SUMMARIES = """
UPDATE jobs_candidate c SET
  profession_keys = coalesce((
    SELECT array_agg(DISTINCT array_to_string((string_to_array(s.code, '.'))[1:n], '.')
                     ORDER BY array_to_string((string_to_array(s.code, '.'))[1:n], '.'))
    FROM (SELECT d.profession_code AS code FROM jobs_desiredprofession d
           WHERE d.candidate_id = c.id
          UNION
          SELECT e.profession_code FROM jobs_candidateexperience e
           WHERE e.candidate_id = c.id) s
    CROSS JOIN generate_series(3, 6) n
    WHERE cardinality(string_to_array(s.code, '.')) >= n), '{}'),
  education_level = (
    SELECT max((x.extra->>'livello')::int) FROM jobs_candidateeducation ce
    JOIN codes_codeentry x ON x.table = 'titoli_studio' AND x.code = ce.education_code
    WHERE ce.candidate_id = c.id),
  language_levels = coalesce((
    SELECT jsonb_object_agg(s.language_code, s.level) FROM (
      SELECT cl.language_code,
             NULLIF(greatest(cl.listening, cl.reading, cl.spoken_interaction,
                             cl.spoken_production, cl.writing), '') AS level
      FROM jobs_candidatelanguage cl WHERE cl.candidate_id = c.id) s
    WHERE s.level IS NOT NULL), '{}'::jsonb),
  licence_keys = coalesce((
    SELECT array_agg(l.kind || ':' || l.code ORDER BY l.kind, l.code)
    FROM jobs_candidatelicence l WHERE l.candidate_id = c.id), '{}')
"""


def refresh_summaries(candidate_ids: list[int] | None = None) -> None:
    """Recompute the summary columns the ranking reads (of every candidate
    when ``candidate_ids`` is None)."""
    with connection.cursor() as cursor:
        if candidate_ids is None:
            cursor.execute(REFRESH_SUMMARIES)
        elif candidate_ids:
            cursor.execute(REFRESH_SUMMARIES + " WHERE c.id = ANY(%s)", [list(candidate_ids)])


# The vacancy, once: its place, the education level it asks, its languages and
# licences as arrays.
_VACANCY = """
vac AS MATERIALIZED (
  SELECT v.id AS vacancy_id, v.profession_code, v.comune_code AS vacancy_comune,
         v.education_code, v.publish_until, v.title AS vacancy_title,
         v.status AS vacancy_status,
         vc.extra AS vacancy_place,
         (SELECT (x.extra->>'livello')::int FROM codes_codeentry x
           WHERE x.table = 'titoli_studio' AND x.code = v.education_code) AS education_required,
         coalesce((SELECT array_agg(vl.language_code ORDER BY vl.id)
                     FROM jobs_vacancylanguage vl WHERE vl.vacancy_id = v.id), '{}')
           AS language_codes,
         coalesce((SELECT array_agg(vl.level_code ORDER BY vl.id)
                     FROM jobs_vacancylanguage vl WHERE vl.vacancy_id = v.id), '{}')
           AS language_levels,
         coalesce((SELECT array_agg(vl.kind || ':' || vl.code)
                     FROM jobs_vacancylicence vl WHERE vl.vacancy_id = v.id), '{}')
           AS licence_keys
  FROM jobs_vacancy v
  LEFT JOIN codes_codeentry vc ON vc.table = 'comuni' AND vc.code = v.comune_code
  WHERE v.id = %(vacancy)s
)"""

# The candidates searching in the vacancy's CP2011 class (the GIN index).
_CLASS = """
class AS (
  SELECT c.id AS candidate_id, c.person_id, c.available_from,
         c.comune_code AS candidate_comune, c.updated_at, c.provinces, c.profession_keys,
         c.education_level, c.language_levels AS held_languages,
         c.licence_keys AS held_licences
  FROM jobs_candidate c
  WHERE c.is_searching AND c.profession_keys @> ARRAY[%(pre3)s]::varchar[]
)"""

_SCORED_FROM_SUMMARY = """
scored AS (
  SELECT k.candidate_id, vac.vacancy_id,
         CASE WHEN k.profession_keys @> ARRAY[vac.profession_code]::varchar[] THEN 6
              WHEN k.profession_keys @> ARRAY[%(pre5)s]::varchar[] THEN 5
              WHEN k.profession_keys @> ARRAY[%(pre4)s]::varchar[] THEN 4
              ELSE 3 END AS lvl,
         k.person_id, k.available_from, k.candidate_comune, k.updated_at,
         vac.profession_code, vac.vacancy_comune, vac.education_code, vac.publish_until,
         vac.vacancy_title, vac.vacancy_status,
         cc.extra->>'provincia' AS candidate_province, cc.extra->>'regione' AS candidate_region,
         vac.vacancy_place->>'provincia' AS vacancy_province,
         vac.vacancy_place->>'regione' AS vacancy_region,
         CASE WHEN cc.extra ? 'lat' AND vac.vacancy_place ? 'lat' THEN
           round((6371 * 2 * asin(sqrt(
             power(sin(radians(((vac.vacancy_place->>'lat')::float
                                - (cc.extra->>'lat')::float) / 2)), 2)
             + cos(radians((cc.extra->>'lat')::float))
             * cos(radians((vac.vacancy_place->>'lat')::float))
             * power(sin(radians(((vac.vacancy_place->>'lon')::float
                                  - (cc.extra->>'lon')::float) / 2)), 2)
           )))::numeric, 1)
         END AS km,
         (vac.vacancy_place->>'provincia') = ANY(k.provinces) AS searches_province,
         k.education_level, vac.education_required,
         cardinality(vac.language_codes) AS languages_required,
         (SELECT count(*) FROM unnest(vac.language_codes, vac.language_levels) AS r(code, level)
           WHERE (k.held_languages->>r.code) >= r.level) AS languages_met,
         cardinality(vac.licence_keys) AS licences_required,
         (SELECT count(*) FROM unnest(vac.licence_keys) AS r(key)
           WHERE r.key = ANY(k.held_licences)) AS licences_met
  FROM class k
  CROSS JOIN vac
  LEFT JOIN codes_codeentry cc ON cc.table = 'comuni' AND cc.code = k.candidate_comune
  WHERE (SELECT r.given FROM people_consentrecord r
          WHERE r.person_id = k.person_id AND r.purpose = 'erogazione'
          ORDER BY r.recorded_at DESC, r.id DESC LIMIT 1)
)"""

_TOP = """
top AS (
  SELECT points.*,
         profession_points + distance_points + education_points + language_points
           + licence_points + availability_points AS score,
         count(*) OVER () AS total
  FROM points
  ORDER BY score DESC, lvl DESC, updated_at DESC, candidate_id, vacancy_id
  LIMIT %(limit)s OFFSET %(offset)s
)"""

# The page's rows only: what their reasons cite.
_PAGE = f"""
SELECT top.*, p.first_name, p.last_name, p.codice_fiscale,
       matched.code AS matched_code, matched.src AS matched_source,
       edu.code AS education_held,
       lang.detail AS languages, lic.detail AS licences,
       a.id AS application_id, a.status AS application_status
FROM top
JOIN people_person p ON p.id = top.person_id
LEFT JOIN LATERAL (
  SELECT s.code, s.src FROM (
    SELECT d.profession_code AS code, 'd' AS src,
           {_LEVEL.format(k="d.profession_code", q="top.profession_code")} AS lvl
    FROM jobs_desiredprofession d
    WHERE d.candidate_id = top.candidate_id AND d.profession_code LIKE %(class_like)s
    UNION ALL
    SELECT e.profession_code, 'e',
           {_LEVEL.format(k="e.profession_code", q="top.profession_code")}
    FROM jobs_candidateexperience e
    WHERE e.candidate_id = top.candidate_id AND e.profession_code LIKE %(class_like)s
  ) s ORDER BY s.lvl DESC, s.src, s.code LIMIT 1
) matched ON true
{_held('top.candidate_id', 'top.vacancy_id')}
LEFT JOIN jobs_application a ON a.vacancy_id = top.vacancy_id
                             AND a.candidate_id = top.candidate_id
ORDER BY score DESC, lvl DESC, updated_at DESC, candidate_id, vacancy_id
"""


def vacancies_for_candidate(*, candidate_id: int, today: date, limit: int = 20,
                            offset: int = 0) -> list[dict]:
    """The published vacancies that suit the candidate, best first."""
    sql = "WITH " + ",".join((_PAIRS_FOR_CANDIDATE, _SCORED, _POINTS)) + _SELECT
    return _run(sql, _params(candidate=candidate_id, today=today, limit=limit, offset=offset))
