"""A labelled set for ranking quality: 10 job orders × 100 candidates, each pair graded
0-3 the way an experienced consultant grades a CV against an order:

3  the right occupation (any inflection, old æøå spelling, a synonym, a specialisation),
   trained and experienced in it, within easy reach, with the skills asked for;
2  the right occupation but further away (up to the edge of the candidate's own commute),
   without the skills asked for, newly trained without experience, or with only a year's
   experience and no education in it;
1  a related or more general occupation, a different branch of the same trade, a trainee
   or an assistant in it, or the right occupation only as a wished-for job;
0  another trade, however many skills and words it shares (seed 003: the design
   technologist with CAD and SolidWorks for a mechanical-engineer order; "maskinarbejder"
   for "maskiningeniør", "lastbilmekaniker" for "lastbilchauffør"), however long its
   experience, or someone who cannot take the job (missing licence or certificate, not
   free in time, a few km beyond their own commute).

Few are 3 and 2 (12 of 100), so the top 10 holds every one of them and a ranking must get
the fine order right: a single near miss among them costs NDCG. Grades come from what each
candidate is built as, never from the engine's output. The set is reproducible (fixed random
seed) and used by the NDCG floor test and the benchmark."""

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
    # Titles sharing words or a compound's part with the order's, with their grade.
    near_misses: list[tuple[str, int]] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    required: dict[str, Any] = field(default_factory=dict)  # order fields
    held_for_required: dict[str, Any] = field(default_factory=dict)  # what meets them


SPECS = [
    Spec(
        "maskin",
        "7600",
        "Maskiningeniør",
        "Maskiningeniør til produktudvikling",
        [
            "Maskiningeniør",
            "maskiningeniører",
            "MASKININGENIOER",
            "Maskiningeniøren",
            "Maskin-ingeniør",
        ],
        ["Mechanical engineer", "Civilingeniør, maskin", "Diplomingeniør maskin"],
        ["Maskintekniker", "Ingeniør", "Produktionsingeniør", "Elektroingeniør"],
        ["Designteknolog", "Designteknologer", "Grafisk designer", "Teknisk tegner"],
        near_misses=[
            ("Maskinarbejder", 0),
            ("Maskinfører", 0),
            ("Ingeniørassistent", 1),
            ("Designteknolog, maskindesign", 0),
        ],
        skills=["CAD", "SolidWorks"],
    ),
    Spec(
        "svejser",
        "7500",
        "Svejser",
        "Svejser til stålkonstruktioner",
        ["Svejser", "svejsere", "Svejseren", "Rørsvejser", "Roersvejsere"],
        ["Welder", "Welders", "TIG-svejser", "Svejsespecialist"],
        ["Smed", "Klejnsmed", "CNC-operatør"],
        ["Maler", "Automekaniker", "Tømrer"],
        near_misses=[
            ("Svejseinspektør", 1),
            ("Maskinarbejder", 0),
            ("Pladesmed", 1),
            ("Svejseelev", 1),
        ],
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
        near_misses=[
            ("Lagerchef", 1),
            ("Lagerelev", 1),
            ("Lagerforvalter", 1),
            ("Lagerstyringskonsulent", 0),
        ],
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
        near_misses=[
            ("Sygeplejerskestuderende", 1),
            ("Sygehjælper", 1),
            ("Klinikassistent", 0),
            ("Plejehjemsleder", 0),
        ],
        skills=["Medicinhåndtering"],
    ),
    Spec(
        "sosu",
        "8800",
        "Social- og sundhedshjælper",
        "SOSU-hjælper",
        [
            "Social- og sundhedshjælper",
            "Social- og sundhedshjælpere",
            "SOSU-hjælper",
            "Social og sundhedshjaelper",
        ],
        ["Hjemmehjælper", "Plejehjælper", "Home care worker"],
        ["Social- og sundhedsassistent", "Sundhedsassistent"],
        ["Pædagogmedhjælper", "Rengøringsassistent", "Køkkenmedhjælper"],
        near_misses=[
            ("Social- og sundhedsassistentelev", 1),
            ("Socialpædagog", 0),
            ("Sundhedskonsulent", 0),
            ("Hjælper i SFO", 0),
        ],
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
        near_misses=[
            ("Lastbilmekaniker", 0),
            ("Chaufførmedhjælper", 1),
            ("Distributionschef", 0),
            ("Lastbilsælger", 0),
        ],
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
        near_misses=[
            ("Ingeniørassistent", 1),
            ("Ingeniørsoldat", 0),
            ("Teknisk designer", 0),
            ("Ingeniørstuderende", 1),
        ],
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
        near_misses=[
            ("Rengøringsleder", 1),
            ("Vinduespudser", 1),
            ("Rengøringskonsulent (salg)", 0),
            ("Assistent, kontor", 0),
        ],
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
        near_misses=[
            ("Kokkeelev", 1),
            ("Kantineleder", 1),
            ("Kokkeskolelærer", 0),
            ("Koekkenmedhjaelper", 1),
        ],
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
        near_misses=[
            ("Tømrerlærling", 1),
            ("Tagdækker", 1),
            ("Tømrerhandel, ekspedient", 0),
            ("Møbelpolstrer", 0),
        ],
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


# Skills everyone lists; a CV full of them says nothing about the trade.
GENERIC_SKILLS = ["Kundeservice", "Teamwork", "Microsoft Office", "Mødestabil", "Fleksibel"]


def _profiles(
    spec: Spec,
    rng: random.Random,
    near: list[str],
    mid: list[str],
    far: list[tuple[str, float]],
):
    """(grade, fields) for 100 candidates of one order; `far` holds (postal code, km)."""
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
            fields["experience"] = [{"occupation": title, "years": rng.choice([3, 5, 8])}]
        elif place == "exp":
            fields["experience"] = [{"occupation": title, "years": 1}]
        else:
            fields["wanted_occupations"] = [title]
            fields["education"] = [rng.choice(other_trades)]
        return fields

    def at_edge(fields: dict[str, Any], *, inside: bool) -> dict[str, Any]:
        """Place the person at a far postal code, a few km inside or beyond their commute."""
        code, km = rng.choice(far)
        fields["postal_code"] = code
        fields["max_commute_km"] = math.ceil(km) + 3 if inside else math.floor(km) - 3
        return fields

    right = spec.exact + spec.synonyms
    for _ in range(6):
        out.append((3, person(right, near, True)))
    out.append((2, person(right, mid, True)))
    out.append((2, at_edge(person(right, near, True), inside=True)))
    out.append((2, person(right, near, False)))
    out.append((2, person(right, near, True, "exp")))
    out.append((2, person(right, mid, False)))
    # Newly trained: the education, no experience yet.
    fields = person(right, near, True)
    fields["experience"] = []
    out.append((2, fields))
    for _ in range(5):
        out.append((1, person(right, near, True, "wanted")))
    for _ in range(8):
        out.append((1, person(spec.related, near, True)))
    for title, grade in spec.near_misses:
        for _ in range(2):
            out.append((grade, person([title], near, True)))
    # Seed 003: another trade with every skill asked for and many more, close by, long
    # in the trade.
    for _ in range(10):
        fields = person(spec.distractors, near, True)
        fields["skills"] = [*spec.skills, *GENERIC_SKILLS]
        fields["experience"][0]["years"] = 12
        out.append((0, fields))
    # The right person who cannot take the job: just beyond their own commute, or not free.
    for _ in range(4):
        out.append((0, at_edge(person(right, near, True), inside=False)))
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
                if key == "languages":
                    # Languages recorded, the required one not among them.
                    fields[key] = ["Polsk", "Engelsk"]
            out.append((0, fields))
    while len(out) < 100:
        out.append((0, person(other_trades, near + mid, rng.random() < 0.5)))
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
        far = [
            (code, _km(origin, points[code]))
            for code in by_distance
            if 25 <= _km(origin, points[code]) <= 45
        ][:15]
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
