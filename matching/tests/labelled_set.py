"""A labelled set for ranking quality: 10 job orders × 100 candidates, each pair graded
0-3 the way an experienced consultant grades a CV against an order:

3  the right occupation (any inflection, old æøå spelling, a synonym, a specialisation),
   within easy reach, with the skills asked for;
2  the right occupation but further away or without the skills asked for;
1  a related or more general occupation, a different branch of the same trade, or the
   right occupation only as a wished-for job;
0  another trade, however many skills it shares (seed 003: the design technologist for a
   mechanical-engineer order), or someone who cannot take the job (missing licence or
   certificate, not free in time, too far for their own commute).

Grades come from what each candidate is built as, never from the engine's output. The set is
reproducible (fixed random seed) and used by the NDCG floor test and the benchmark."""

import datetime
import math
import random
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from accounts.models import Jobcenter
from matching.models import PostalCode
from matching.services import candidates_upsert_batch

TODAY = datetime.date(2026, 11, 2)


@dataclass
class Spec:
    """One order of the set and the vocabulary its candidates are drawn from."""

    key: str
    postal_code: str
    occupation: str
    title: str
    exact: list[str]  # the title in the forms people write it
    synonyms: list[str]
    related: list[str]  # grade 1
    distractors: list[str]  # another trade sharing the skills: grade 0
    skills: list[str] = field(default_factory=list)
    required: dict[str, Any] = field(default_factory=dict)  # order fields
    held_for_required: dict[str, Any] = field(default_factory=dict)  # what meets them


SPECS = [
    Spec(
        "maskin",
        "7600",
        "Maskiningeniør",
        "Maskiningeniør til produktudvikling",
        ["Maskiningeniør", "maskiningeniører", "MASKININGENIOER", "Maskiningeniøren"],
        ["Mechanical engineer", "Civilingeniør, maskin", "Diplomingeniør maskin"],
        ["Maskintekniker", "Ingeniør", "Produktionsingeniør", "Elektroingeniør"],
        ["Designteknolog", "Designteknologer", "Grafisk designer", "Teknisk tegner"],
        skills=["CAD", "SolidWorks"],
    ),
    Spec(
        "svejser",
        "7500",
        "Svejser",
        "Svejser til stålkonstruktioner",
        ["Svejser", "svejsere", "Svejseren", "Rørsvejser"],
        ["Welder", "TIG-svejser", "Svejsespecialist"],
        ["Smed", "Klejnsmed", "CNC-operatør"],
        ["Maler", "Automekaniker", "Tømrer"],
        skills=["MIG/MAG-svejsning"],
    ),
    Spec(
        "lager",
        "8000",
        "Lagerarbejder",
        "Lagermedarbejder",
        ["Lagerarbejder", "lagerarbejdere", "Lagerarbejderen", "Lagermedarbejder"],
        ["Pluk og pak", "Warehouse worker", "Lagerhjælper"],
        ["Truckfører", "Lagerekspedient", "Pakkerimedarbejder"],
        ["Kundeservicemedarbejder", "Butiksassistent", "Kontorassistent"],
        skills=["Lagerstyring"],
        required={"required_certificates": ["Truckcertifikat"]},
        held_for_required={"certificates": ["Truckkort"]},
    ),
    Spec(
        "sygepl",
        "5000",
        "Sygeplejerske",
        "Sygeplejerske til hjemmeplejen",
        ["Sygeplejerske", "sygeplejersker", "Sygeplejersken", "Autoriseret sygeplejerske"],
        ["Nurse", "Registered nurse"],
        ["Social- og sundhedsassistent", "SOSU-assistent"],
        ["Pædagog", "Socialrådgiver", "Sekretær"],
        skills=["Medicinhåndtering"],
    ),
    Spec(
        "sosu",
        "8800",
        "Social- og sundhedshjælper",
        "SOSU-hjælper",
        ["Social- og sundhedshjælper", "Social- og sundhedshjælpere", "SOSU-hjælper"],
        ["Hjemmehjælper", "Plejehjælper", "Home care worker"],
        ["Social- og sundhedsassistent", "Sundhedsassistent"],
        ["Pædagogmedhjælper", "Rengøringsassistent", "Køkkenmedhjælper"],
        skills=["Personlig pleje"],
        required={"required_driving_licences": ["B"]},
        held_for_required={"driving_licences": ["B"]},
    ),
    Spec(
        "chauffor",
        "6700",
        "Lastbilchauffør",
        "Chauffør til distribution",
        ["Lastbilchauffør", "lastbilchauffører", "Lastbilchaufføren", "LASTBILCHAUFFOER"],
        ["Lorry driver", "Vognmandschauffør", "Distributionschauffør"],
        ["Buschauffør", "Truckfører", "Taxichauffør"],
        ["Lagerekspedient", "Automekaniker", "Landbrugsmedhjælper"],
        skills=["Kundeservice"],
        required={"required_driving_licences": ["C"], "required_certificates": ["ADR-bevis"]},
        held_for_required={"driving_licences": ["CE"], "certificates": ["ADR"]},
    ),
    Spec(
        "ingenior",
        "9000",
        "Ingeniør",
        "Ingeniør",
        ["Ingeniør", "ingeniører", "Maskiningeniør", "Elektroingeniør", "Bygningsingeniør"],
        ["Mechanical engineer", "Civil engineer", "Elingeniør"],
        ["Maskintekniker", "Bygningskonstruktør", "Maskinmester"],
        ["Designteknolog", "Grafisk designer", "Sælger"],
        skills=["Projektledelse"],
    ),
    Spec(
        "rengoring",
        "2100",
        "Rengøringsassistent",
        "Rengøringsassistent",
        ["Rengøringsassistent", "rengøringsassistenter", "Rengoeringsassistent"],
        ["Rengøringsmedarbejder", "Cleaner", "Rengøringshjælper"],
        ["Ejendomsservicetekniker", "Pedel"],
        ["Kok", "Butiksassistent", "Lagerarbejder"],
        skills=["Erhvervsrengøring"],
        required={"required_languages": ["Dansk"]},
        held_for_required={"languages": ["Dansk"]},
    ),
    Spec(
        "kok",
        "8600",
        "Kok",
        "Kok til kantine",
        ["Kok", "kokke", "Kokken", "Hovedkok"],
        ["Køkkenchef", "Cook", "Ernæringsassistent"],
        ["Køkkenmedhjælper", "Køkkenassistent"],
        ["Tjener", "Bager", "Rengøringsassistent"],
        skills=["Hygiejnebevis"],
    ),
    Spec(
        "tomrer",
        "7400",
        "Tømrer",
        "Tømrer til nybyggeri",
        ["Tømrer", "tømrere", "Tømreren", "Bygningstømrer", "Toemrer"],
        ["Carpenter", "Tømrersvend"],
        ["Snedker", "Arbejdsmand", "Murer"],
        ["Maler", "Elektriker", "VVS-montør"],
        skills=["Liftcertifikat"],
    ),
]


def _points() -> dict[str, tuple[float, float]]:
    return {
        code: (lat, lon)
        for code, lat, lon in PostalCode.objects.values_list("code", "latitude", "longitude")
    }


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = (a[0] - b[0]) * 111.2
    dlon = (a[1] - b[1]) * 111.2 * math.cos(math.radians(a[0]))
    return math.hypot(dlat, dlon)


def order_for(spec: Spec) -> SimpleNamespace:
    fields: dict[str, Any] = {
        "code": None,
        "title": spec.title,
        "occupation": spec.occupation,
        "kind": "ordinary",
        "postal_code": spec.postal_code,
        "hours_per_week": 37,
        "start_date": None,
        "required_education": [],
        "required_skills": [],
        "required_certificates": [],
        "required_driving_licences": [],
        "required_languages": [],
        "wished_skills": list(spec.skills),
        "wished_experience_years": 2,
    }
    fields.update(spec.required)
    return SimpleNamespace(**fields)


def _profiles(spec: Spec, rng: random.Random, near: list[str], mid: list[str], far: list[str]):
    """(grade, fields) for 100 candidates of one order."""
    other_trades = [
        title
        for other in SPECS
        if other.key != spec.key
        for title in other.exact[:1]
        if title not in spec.related and title not in spec.exact
    ]
    out: list[tuple[int, dict[str, Any]]] = []

    def person(titles: list[str], where: list[str], skills: bool, place: str = "edu") -> dict:
        title = rng.choice(titles)
        fields: dict[str, Any] = {
            "postal_code": rng.choice(where),
            "max_commute_km": 50,
            "skills": list(spec.skills) if skills else [],
            **{key: list(value) for key, value in spec.held_for_required.items()},
        }
        if place == "edu":
            fields["education"] = [title]
            fields["experience"] = [{"occupation": title, "years": rng.choice([2, 4, 7])}]
        elif place == "exp":
            fields["experience"] = [{"occupation": title, "years": rng.choice([3, 6])}]
        else:
            fields["wanted_occupations"] = [title]
            fields["education"] = [rng.choice(other_trades)]
        return fields

    right = spec.exact + spec.synonyms
    for _ in range(14):
        out.append((3, person(right, near, True, rng.choice(["edu", "exp"]))))
    for _ in range(8):
        out.append((2, person(right, mid, True)))
    for _ in range(8):
        out.append((2, person(right, near, False)))
    for _ in range(6):
        out.append((1, person(right, near, True, "wanted")))
    for _ in range(10):
        out.append((1, person(spec.related, near, True)))
    # Seed 003: another trade with every skill asked for, close by.
    for _ in range(8):
        out.append((0, person(spec.distractors, near, True)))
    # The right person who cannot take the job: too far for their own commute, or not free.
    for _ in range(4):
        fields = person(right, far, True)
        fields["max_commute_km"] = 20
        out.append((0, fields))
    for _ in range(4):
        fields = person(right, near, True)
        fields["available_from"] = TODAY + datetime.timedelta(days=rng.choice([60, 120]))
        out.append((0, fields))
    if spec.held_for_required:
        for _ in range(4):
            fields = person(right, near, True)
            for key in spec.held_for_required:
                # One class short of what is required (or no licence at all for a B).
                asked = spec.required.get("required_driving_licences", [])
                fields[key] = ["B"] if key == "driving_licences" and "B" not in asked else []
            out.append((0, fields))
    while len(out) < 100:
        out.append((0, person(other_trades, near + mid, rng.random() < 0.3)))
    return out[:100]


def build(jobcenter: Jobcenter, *, seed: int = 11) -> list[tuple[SimpleNamespace, dict[str, int]]]:
    """Create the set's candidates in `jobcenter`; returns (order, {external_id: grade})."""
    rng = random.Random(seed)  # noqa: S311 (test data, reproducible on purpose)
    points = _points()
    result = []
    for spec in SPECS:
        origin = points[spec.postal_code]
        by_distance = sorted(points, key=lambda code: _km(origin, points[code]))
        near = [code for code in by_distance if _km(origin, points[code]) <= 12][:15]
        mid = [code for code in by_distance if 28 <= _km(origin, points[code]) <= 45][:15]
        far = [code for code in by_distance if 30 <= _km(origin, points[code]) <= 48][:15]
        labels: dict[str, int] = {}
        rows = []
        profiles = _profiles(spec, rng, near, mid, far)
        rng.shuffle(profiles)
        for number, (grade, fields) in enumerate(profiles):
            external_id = f"L-{spec.key}-{number:03d}"
            labels[external_id] = grade
            rows.append(
                {
                    "external_id": external_id,
                    "name": f"{spec.key} {number}",
                    "readiness": "job_ready",
                    **fields,
                }
            )
        candidates_upsert_batch(jobcenter=jobcenter, rows=rows)  # type: ignore[arg-type]
        result.append((order_for(spec), labels))
    return result
