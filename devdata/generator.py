"""Scale data for the register: realistic but invented Danish companies with their
workplaces, and for the given jobcenters relationships, a contact log and agreements.

Used by `manage.py generate_registry`, the demo data (`demo_companies.py`) and the
benchmarks (`bench.py`, `bench_reminders`). Everything is written with PostgreSQL COPY in
chunks (no ORM per row, `copy_writer.py`); constraints and indexes stay in place and are
checked as usual. The Danish names, places and texts it draws from are in `vocabulary.py`.

How realistic, and where it stops:
- CVR numbers pass the modulus-11 check (DANISH-DATA.md 1.1) and are taken from
  60000000 upwards, above any number already stored there, so they never collide with
  imported or earlier generated companies. P-numbers are 10 digits from 1080000000
  upwards, the same way (real ones seen start with 10 and stay far below that).
- Municipalities are the 98 real ones, drawn by rough population (thousands, rounded).
  Each has one to a few real postal codes and district names that serve it (checked
  against PostNord's postal-code list); street names and house numbers are invented.
- Coordinates are the approximate position of the municipality's main town (two
  decimals) plus up to about 5 km of random offset: good enough for a map of clusters,
  not for routing, and a point may fall in the sea near a coast.
- Industry codes are DB07 codes (6 digits, class level) whose first two digits decide
  the section; the section comes from the reference table's division ranges.
- Names are built from common Danish surnames, trades and place names, so the same
  name can occur twice, as it does in the real register.
"""

import bisect
import datetime
import itertools
import math
import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Jobcenter, User
from companies.identifiers import company_search_text, cvr_check_digit, fold_for_search
from companies.models import (
    Agreement,
    Company,
    CompanyRelationship,
    Contact,
    IndustrySection,
    Municipality,
    Workplace,
)

from .copy_writer import CopyTable, allocate_ids, copy_text, copy_value
from .vocabulary import (
    AGREEMENTS,
    CHANNELS,
    COMPANY_FORMS,
    DEFAULT_SEGMENT_SHARES,
    EMPLOYEE_BANDS,
    INDUSTRIES,
    MUNICIPALITY_PLACES,
    OPT_OUT_REASONS,
    REGION_ADJECTIVES,
    SEGMENT_CONTACT_WEIGHT,
    SMALL_FORMS,
    STREETS,
    SUMMARIES,
    SURNAMES,
    Industry,
)

CVR_FIRST_BASE = 6_000_000  # the first 7 digits of the first generated CVR number
P_NUMBER_FIRST = 1_080_000_000
CHUNK = 20_000
CONTACT_CHUNK = 100_000


@dataclass
class GenerateReport:
    companies: int = 0
    workplaces: int = 0
    relationships: int = 0
    contacts: int = 0
    agreements: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


@dataclass
class _Place:
    code: str
    municipality_id: int
    region_code: str
    latitude: float
    longitude: float
    towns: list[tuple[str, str]]


@dataclass
class _Relationship:
    id: int
    jobcenter_id: int
    responsible_id: int | None
    segment_number: int | None
    opted_out: bool


def registry_generate(
    *,
    companies: int,
    contacts: int,
    jobcenters: list[Jobcenter] | None = None,
    seed: int = 1,
    local_share: float = 0.0,
    relationship_share: float = 0.3,
) -> GenerateReport:
    """Generate `companies` companies (with ~1.2 workplaces each) and, for the given
    jobcenters, relationships with `relationship_share` of the new companies in each
    jobcenter's served municipalities and exactly `contacts` contact-log rows spread
    over all of those jobcenters' relationships, plus agreements at ~1 in 20 contacts.

    `local_share` of the companies get their seat in the jobcenters' municipalities or
    the nearest neighbours (for demo data); the rest are spread by population. The same
    seed and starting database give the same data (except the random UUID codes). Runs in one
    transaction and ANALYZEs the tables afterwards. Raises ValueError when contacts are
    asked for but no relationship has a consultant to log them."""
    if companies < 0 or contacts < 0:
        raise ValueError("Counts must not be negative.")
    rng = random.Random(seed)  # noqa: S311  # invented data, reproducible by seed
    report = GenerateReport()
    jobcenters = list(jobcenters or [])
    with transaction.atomic(), connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # the raw psycopg2 cursor, for copy_expert
        # Foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit they would
        # queue millions of trigger events; immediate, each COPY checks its own chunk.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        generator = _Generator(rng, cursor, jobcenters, local_share, relationship_share)
        started = time.monotonic()
        generator.write_companies(companies, report)
        report.timings["companies"] = time.monotonic() - started
        started = time.monotonic()
        generator.write_contacts(contacts, report)
        report.timings["contacts"] = time.monotonic() - started
        _write_assessments(cursor)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    started = time.monotonic()
    with connection.cursor() as cursor:
        for model in (Company, Workplace, CompanyRelationship, Contact, Agreement):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    report.timings["analyze"] = time.monotonic() - started
    return report


def _write_assessments(cursor: Any) -> None:
    """Give every generated relationship with a segment the screening that set it, so the
    segment history matches the segment (set-based; relationships with history are left)."""
    cursor.execute(
        """
        INSERT INTO screening_segmentassessment
            (code, jobcenter_id, relationship_id, segment_id, answer_2, answers_disagree,
             reason, source, assessed_by_id, assessed_at)
        SELECT gen_random_uuid(), r.jobcenter_id, r.id, r.segment_id, '', false,
               CASE WHEN r.segment_id = 4 THEN 'Ønsker ikke samarbejde' ELSE '' END,
               'screening',
               COALESCE(r.responsible_id,
                        (SELECT min(u.id) FROM accounts_user u
                         WHERE u.jobcenter_id = r.jobcenter_id)),
               r.created_at
        FROM companies_companyrelationship r
        WHERE r.segment_id IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM screening_segmentassessment a WHERE a.relationship_id = r.id
          )
          AND EXISTS (SELECT 1 FROM accounts_user u WHERE u.jobcenter_id = r.jobcenter_id)
        """
    )


def _weighted(pairs: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    values = [value for value, _ in pairs]
    cumulative = list(itertools.accumulate(weight for _, weight in pairs))
    return values, cumulative


def _picker(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Callable[[], Any]:
    values, cumulative = _weighted(pairs)
    total = cumulative[-1]
    bisect_right = bisect.bisect_right
    uniform = rng.random

    def pick() -> Any:
        return values[bisect_right(cumulative, uniform() * total)]

    return pick


class _Generator:
    def __init__(
        self,
        rng: random.Random,
        cursor: Any,
        jobcenters: list[Jobcenter],
        local_share: float,
        relationship_share: float,
    ) -> None:
        self.rng = rng
        # Contact data draws from its own stream, so adding it left every other
        # generated value (and the seeded demo data) as it was.
        self.contact_rng = random.Random(rng.getstate()[1][0])  # noqa: S311  # invented data
        self.cursor = cursor
        self.jobcenters = jobcenters
        self.local_share = local_share
        self.relationship_share = relationship_share
        self.now = timezone.now()
        self.now_text = self.now.isoformat()
        self.today = timezone.localdate()

        municipalities = {m.code: m for m in Municipality.objects.all()}
        self.places = {
            code: _Place(
                code=code,
                municipality_id=municipalities[code].pk,
                region_code=municipalities[code].region_code,
                latitude=lat,
                longitude=lon,
                towns=[(town.strip()[:4], town.strip()[5:]) for town in towns.split(";")],
            )
            for code, (_, lat, lon, towns) in MUNICIPALITY_PLACES.items()
            if code in municipalities
        }
        self.pick_national = _picker(
            rng, [(code, MUNICIPALITY_PLACES[code][0]) for code in self.places]
        )
        self.nearest_cache: dict[tuple[str, int], list[str]] = {}
        self.section_by_division = {
            division: section.pk
            for section in IndustrySection.objects.all()
            for division in range(section.division_from, section.division_to + 1)
        }
        self.pick_industry = _picker(rng, [(industry, industry.weight) for industry in INDUSTRIES])
        self.pick_form = _picker(rng, [((name, suffix), w) for name, suffix, w in COMPANY_FORMS])
        self.pick_band = _picker(rng, EMPLOYEE_BANDS)
        self.pick_small_band = _picker(rng, EMPLOYEE_BANDS[:5])
        self.pick_channel = _picker(rng, CHANNELS)

        # Jobcenters: which municipalities each serves, and who may own and log contacts.
        self.served: dict[int, set[str]] = {}
        self.consultants: dict[int, list[int]] = {}
        for jobcenter in jobcenters:
            self.served[jobcenter.pk] = set(
                jobcenter.served_municipalities.values_list("code", flat=True)
            )
            self.consultants[jobcenter.pk] = list(
                User.objects.filter(jobcenter=jobcenter)
                .active()
                .consultants()
                .order_by("pk")
                .values_list("pk", flat=True)
            )
        local = sorted(set().union(*self.served.values())) if self.served else []
        neighbours = sorted(
            {near for code in local for near in self._nearest(code, 4)} - set(local)
        )
        local_pairs = [(code, 3.0 * MUNICIPALITY_PLACES[code][0]) for code in local]
        local_pairs += [(code, MUNICIPALITY_PLACES[code][0]) for code in neighbours]
        self.pick_local = _picker(rng, local_pairs) if local_pairs else self.pick_national

        from screening.models import Segment

        segments = list(Segment.objects.order_by("number"))
        self.segment_ids = {segment.number: segment.pk for segment in segments}
        self.pick_segment = _picker(
            rng,
            [
                (
                    segment.number,
                    segment.survey_share_percent or DEFAULT_SEGMENT_SHARES[segment.number],
                )
                for segment in segments
            ]
            or [(None, 1)],
        )

    def _nearest(self, code: str, count: int) -> list[str]:
        key = (code, count)
        if key not in self.nearest_cache:
            self.nearest_cache[key] = self._compute_nearest(code, count)
        return self.nearest_cache[key]

    def _compute_nearest(self, code: str, count: int) -> list[str]:
        place = self.places[code]
        distances = sorted(
            (
                (other.latitude - place.latitude) ** 2
                + ((other.longitude - place.longitude) * math.cos(math.radians(place.latitude)))
                ** 2,
                other.code,
            )
            for other in self.places.values()
            if other.code != code
        )
        return [other for _, other in distances[:count]]

    def _uuid(self) -> str:
        # Not from the seeded generator: a second run with the same seed must not repeat
        # the codes of the first.
        return str(uuid.uuid4())

    def _section_id(self, industry_code: str) -> int | None:
        return self.section_by_division.get(int(industry_code[:2]))

    def _next_cvr_base(self) -> int:
        self.cursor.execute(
            f"SELECT max(cvr) FROM {Company._meta.db_table} WHERE cvr >= %s",  # noqa: S608
            [f"{CVR_FIRST_BASE}0"],
        )
        highest = self.cursor.fetchone()[0]
        return int(highest[:7]) + 1 if highest else CVR_FIRST_BASE

    def _next_p_number(self) -> int:
        self.cursor.execute(
            f"SELECT max(p_number) FROM {Workplace._meta.db_table} WHERE p_number >= %s",  # noqa: S608
            [str(P_NUMBER_FIRST)],
        )
        highest = self.cursor.fetchone()[0]
        return int(highest) + 1 if highest else P_NUMBER_FIRST

    def _name(self, industry: Industry, place: _Place, town: str, suffix: str) -> str:
        """The name without the company-form suffix ("ApS"), which the caller adds."""
        rng = self.rng
        surname = rng.choice(SURNAMES)
        noun = rng.choice(industry.nouns)
        style = rng.random()
        if industry.title and not suffix and style < 0.5:
            name = f"{industry.title} {surname}"  # "Bager Jensen"
        elif style < 0.2:
            name = f"{surname} & Søn"
        elif style < 0.4:
            name = f"{rng.choice(REGION_ADJECTIVES.get(place.region_code, ['Dansk']))} {noun}"
        elif style < 0.65:
            name = f"{town.split(' ')[0]} {noun}"  # "Struer Maskinfabrik"
        elif style < 0.75 and suffix == "I/S":
            name = f"{surname} & {rng.choice(SURNAMES)}"
        elif style < 0.85:
            name = f"{surname}s {noun}"
        else:
            name = f"{surname} {noun}"
        return name

    def _point(self, place: _Place) -> tuple[str, str]:
        # Up to ~5 km from the main town, as two decimal-ish places of precision suggest.
        lat = place.latitude + (self.rng.random() - 0.5) * 0.09
        lon = place.longitude + (self.rng.random() - 0.5) * 0.15
        return f"{lat:.5f}", f"{lon:.5f}"

    def _address(self) -> str:
        number = int(self.rng.paretovariate(1.2)) + self.rng.randrange(0, 40)
        letter = self.rng.choice("ABC") if self.rng.random() < 0.05 else ""
        return f"{self.rng.choice(STREETS)} {number}{letter}"

    def _phone(self, share: float) -> str:
        # Danish numbers have 8 digits and do not start with 0 or 1.
        rng = self.contact_rng
        return str(rng.randrange(20_000_000, 99_999_999)) if rng.random() < share else ""

    def _contact(self, base_name: str) -> tuple[str, str, str]:
        """(phone, secret, e-mail) as CVR has them: most companies list a phone, a few
        keep it secret (hemmelig: never stored), about half an e-mail address."""
        phone = self._phone(0.8)
        secret = not phone and self.contact_rng.random() < 0.3
        domain = "".join(char for char in fold_for_search(base_name) if char.isalnum())[:30]
        email = f"info@{domain}.dk" if domain and self.contact_rng.random() < 0.5 else ""
        return phone, "t" if secret else "f", email

    def write_companies(self, count: int, report: GenerateReport) -> None:
        rng = self.rng
        cursor = self.cursor
        company_table = CopyTable(
            Company,
            [
                "id", "code", "cvr", "name", "other_names", "address", "postal_code", "city",
                "municipality_id", "municipality_codes", "latitude", "longitude",
                "industry_code", "industry_text", "industry_section_id", "employee_band",
                "company_form", "ceased_on", "advertising_protected", "source", "search_text",
                "created_at", "updated_at", "phone", "phone_secret", "email",
            ],
        )  # fmt: skip
        workplace_table = CopyTable(
            Workplace,
            [
                "company_id", "p_number", "name", "address", "postal_code", "city",
                "municipality_id", "latitude", "longitude", "industry_code", "employee_band",
                "is_main", "ceased_on", "phone", "phone_secret", "email", "advertising_protected",
            ],
        )  # fmt: skip
        relationship_table = CopyTable(
            CompanyRelationship,
            [
                "code", "jobcenter_id", "company_id", "is_known", "segment_id", "responsible_id",
                "opted_out_on", "opt_out_reason", "notes", "created_at",
            ],
        )  # fmt: skip
        cvr_base = self._next_cvr_base()
        p_number = self._next_p_number()
        now = self.now_text
        today_ordinal = self.today.toordinal()
        jobcenter_served = list(self.served.items())
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            ids = allocate_ids(cursor, Company, size)
            for company_id in ids:
                check = cvr_check_digit(cvr_base)
                while check is None:
                    cvr_base += 1
                    check = cvr_check_digit(cvr_base)
                cvr = f"{cvr_base:07d}{check}"
                # Small gaps, so that neighbouring numbers do not all look generated.
                cvr_base += 1 + int(rng.random() < 0.3)
                if cvr_base > 9_999_999:
                    raise ValueError("The generator's CVR range is used up.")

                local = self.local_share and rng.random() < self.local_share
                place = self.places[self.pick_local() if local else self.pick_national()]
                postal_code, town = rng.choice(place.towns)
                industry = self.pick_industry()
                form, suffix = self.pick_form()
                band = self.pick_small_band() if form in SMALL_FORMS else self.pick_band()
                base_name = self._name(industry, place, town, suffix)
                name = f"{base_name} {suffix}" if suffix else base_name
                other_names = [f"{base_name} Service"] if rng.random() < 0.04 else []
                address = self._address()
                ceased_on = (
                    datetime.date.fromordinal(today_ordinal - rng.randrange(30, 3000))
                    if rng.random() < 0.03
                    else None
                )
                lat, lon = self._point(place)

                codes = {place.code}
                extra_places = []
                extra = rng.random()
                extra_count = (
                    0 if extra < 0.86 else 1 if extra < 0.96 else 2 if extra < 0.985 else 4
                )
                for _ in range(extra_count):
                    if rng.random() < 0.6:  # a branch in another municipality
                        near = self._nearest(place.code, 6) if rng.random() < 0.7 else None
                        other = self.places[rng.choice(near) if near else self.pick_national()]
                    else:
                        other = place
                    extra_places.append(other)
                    codes.add(other.code)
                # Ceased workplaces do not make a company visible (as in the CVR import).
                municipality_codes = sorted(codes) if ceased_on is None else [place.code]

                search_text = company_search_text(
                    name=name, other_names=other_names, cvr=cvr, address=address, city=town
                )
                company_table.add(
                    (
                        str(company_id), self._uuid(), cvr, copy_text(name),
                        copy_value(other_names), copy_text(address), postal_code,
                        copy_text(town), str(place.municipality_id),
                        "{" + ",".join(municipality_codes) + "}", lat, lon, industry.code,
                        copy_text(industry.text),
                        copy_value(self._section_id(industry.code)), band, form,
                        copy_value(ceased_on), "t" if rng.random() < 0.1 else "f", "cvr",
                        copy_text(search_text), now, now, *self._contact(base_name),
                    )
                )  # fmt: skip
                ceased_text = copy_value(ceased_on)
                workplace_table.add(
                    (
                        str(company_id), str(p_number), copy_text(name), copy_text(address),
                        postal_code, copy_text(town), str(place.municipality_id), lat, lon,
                        industry.code, band, "t", ceased_text, "", "f", "", "f",
                    )
                )  # fmt: skip
                p_number += 1 + int(rng.random() < 0.3)
                for other in extra_places:
                    other_postal, other_town = rng.choice(other.towns)
                    other_lat, other_lon = self._point(other)
                    workplace_table.add(
                        (
                            str(company_id), str(p_number),
                            copy_text(f"{base_name}, afd. {other_town}"),
                            copy_text(self._address()), other_postal, copy_text(other_town),
                            str(other.municipality_id), other_lat, other_lon, industry.code,
                            self.pick_small_band(), "f", ceased_text, self._phone(0.5), "f",
                            "", "f",
                        )
                    )  # fmt: skip
                    p_number += 1 + int(rng.random() < 0.3)

                for jobcenter_id, served in jobcenter_served:
                    if (
                        ceased_on is None
                        and codes & served
                        and rng.random() < self.relationship_share
                    ):
                        self._add_relationship(relationship_table, jobcenter_id, company_id)
            report.companies += company_table.flush(cursor)
            report.workplaces += workplace_table.flush(cursor)
            report.relationships += relationship_table.flush(cursor)
            done += size

    def _add_relationship(self, table: CopyTable, jobcenter_id: int, company_id: int) -> None:
        rng = self.rng
        consultants = self.consultants[jobcenter_id]
        responsible = rng.choice(consultants) if consultants and rng.random() < 0.85 else None
        segment_number = self.pick_segment()
        opted_out = rng.random() < 0.03
        opted_out_on = (
            datetime.date.fromordinal(self.today.toordinal() - rng.randrange(1, 700))
            if opted_out
            else None
        )
        table.add(
            (
                self._uuid(),
                str(jobcenter_id),
                str(company_id),
                "t" if _cooperates(segment_number, rng) else "f",
                copy_value(self.segment_ids.get(segment_number)),
                copy_value(responsible),
                copy_value(opted_out_on),
                copy_text(rng.choice(OPT_OUT_REASONS)) if opted_out else "",
                "",
                self.now_text,
            )
        )

    def _relationships(self) -> list[_Relationship]:
        if not self.jobcenters:
            return []
        rows = (
            CompanyRelationship.objects.filter(jobcenter__in=self.jobcenters)
            .order_by("pk")
            .values_list("pk", "jobcenter_id", "responsible_id", "segment__number", "opted_out_on")
        )
        return [
            _Relationship(pk, jobcenter_id, responsible_id, number, opted_out_on is not None)
            for pk, jobcenter_id, responsible_id, number, opted_out_on in rows
            if self.consultants.get(jobcenter_id)
        ]

    def write_contacts(self, count: int, report: GenerateReport) -> None:
        if count == 0:
            return
        relationships = self._relationships()
        if not relationships:
            raise ValueError(
                "Contacts need relationships of jobcenters with at least one consultant."
            )
        rng = self.rng
        cursor = self.cursor
        weights = [
            SEGMENT_CONTACT_WEIGHT.get(r.segment_number, 1.0) * (0.2 if r.opted_out else 1.0)
            for r in relationships
        ]
        cumulative = list(itertools.accumulate(weights))
        total = cumulative[-1]
        contact_table = CopyTable(
            Contact,
            [
                "id", "code", "jobcenter_id", "relationship_id", "consultant_id", "channel",
                "direction", "status", "occurred_at", "summary", "created_at",
            ],
        )  # fmt: skip
        agreement_table = CopyTable(
            Agreement,
            [
                "code", "jobcenter_id", "relationship_id", "contact_id", "description",
                "responsible_side", "responsible_user_id", "deadline", "status",
                "completed_at", "created_at",
            ],
        )  # fmt: skip
        # Working hours in Danish time, on weekdays, over the last three years.
        midnight = datetime.datetime.combine(self.today, datetime.time(), tzinfo=datetime.UTC)
        midnight_ts = midnight.timestamp()
        now_ts = self.now.timestamp()
        today_ordinal = self.today.toordinal()
        summaries = {channel: [copy_text(s) for s in texts] for channel, texts in SUMMARIES.items()}
        agreements = [(copy_text(text), side) for text, side in AGREEMENTS]
        utc = datetime.UTC
        fromtimestamp = datetime.datetime.fromtimestamp
        bisect_right = bisect.bisect_right
        uniform = rng.random
        pick_channel = self.pick_channel
        consultants = self.consultants
        done = 0
        while done < count:
            size = min(CONTACT_CHUNK, count - done)
            ids = allocate_ids(cursor, Contact, size)
            for contact_id in ids:
                r = relationships[bisect_right(cumulative, uniform() * total)]
                if r.responsible_id is not None and uniform() < 0.7:
                    consultant = r.responsible_id
                else:
                    consultant = rng.choice(consultants[r.jobcenter_id])
                roll = uniform()
                if roll < 0.05:
                    status, days = "planned", -rng.randrange(1, 61)  # ahead
                elif roll < 0.06:
                    status, days = "planned", rng.randrange(1, 30)  # overdue
                elif roll < 0.09:
                    status, days = "cancelled", rng.randrange(1, 1096)
                else:
                    status, days = "done", rng.randrange(0, 1096)
                weekday = (today_ordinal - days) % 7  # ordinal 1 was a Monday: 0 = Sunday
                if weekday == 0:
                    days += 2 if days >= 0 else -1
                elif weekday == 6:
                    days += 1 if days >= 0 else -2
                occurred_ts = midnight_ts - days * 86400 + 25200 + int(uniform() * 30600)
                if status != "planned" and occurred_ts > now_ts:
                    occurred_ts = now_ts - int(uniform() * 3600)
                occurred = fromtimestamp(occurred_ts, utc)
                occurred_text = occurred.isoformat()
                channel = pick_channel()
                contact_table.add(
                    (
                        str(contact_id), self._uuid(), str(r.jobcenter_id), str(r.id),
                        str(consultant), channel,
                        "inbound" if uniform() < 0.2 else "outbound", status, occurred_text,
                        rng.choice(summaries[channel]) if status != "planned" else "",
                        occurred_text if occurred_ts < midnight_ts else self.now_text,
                    )
                )  # fmt: skip
                if status == "done" and uniform() < 0.05:
                    description, side = rng.choice(agreements)
                    deadline = occurred.date() + datetime.timedelta(days=rng.randrange(7, 46))
                    agreement_status, completed = "open", "\\N"
                    if deadline < self.today:
                        roll = uniform()
                        if roll < 0.8:
                            agreement_status = "done"
                            completed = f"{deadline.isoformat()}T10:00:00+00:00"
                        elif roll < 0.87:
                            agreement_status = "cancelled"
                    agreement_table.add(
                        (
                            self._uuid(), str(r.jobcenter_id), str(r.id), str(contact_id),
                            description, side, str(consultant) if side == "jobcenter" else "\\N",
                            deadline.isoformat(), agreement_status, completed, occurred_text,
                        )
                    )  # fmt: skip
            report.contacts += contact_table.flush(cursor)
            report.agreements += agreement_table.flush(cursor)
            done += size


def _cooperates(segment_number: int | None, rng: random.Random) -> bool:
    # The "known company" flag agrees with the segment (screening.models.segment_cooperation);
    # where the segment says nothing, about a third cooperate.
    from screening.models import segment_cooperation

    implied = segment_cooperation(segment_number)
    return implied if implied is not None else rng.random() < 0.35
