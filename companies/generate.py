"""Scale data for the register: realistic but invented Danish companies with their
workplaces, and for the given jobcenters relationships, a contact log and agreements.

Used by `manage.py generate_registry`, the demo data (`companies/demo.py`) and the
benchmark (`jobcenter_crm/bench.py`). Everything is written with PostgreSQL COPY in
chunks (no ORM per row); constraints and indexes stay in place and are checked as usual.

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
import io
import itertools
import math
import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from accounts.models import Jobcenter, User

from .identifiers import company_search_text, cvr_check_digit
from .models import (
    Agreement,
    Company,
    CompanyRelationship,
    Contact,
    IndustrySection,
    Municipality,
    Workplace,
)

CVR_FIRST_BASE = 6_000_000  # the first 7 digits of the first generated CVR number
P_NUMBER_FIRST = 1_080_000_000
CHUNK = 20_000
CONTACT_CHUNK = 100_000

# code: (rough population in thousands, latitude, longitude, "postal town; ...").
# The first town is the main town the coordinates belong to.
MUNICIPALITY_PLACES: dict[str, tuple[float, float, float, str]] = {
    "0101": (660, 55.68, 12.57, "2100 København Ø; 2200 København N; 2300 København S; "
             "2400 København NV; 2450 København SV; 2500 Valby"),
    "0147": (104, 55.68, 12.53, "2000 Frederiksberg"),
    "0151": (52, 55.73, 12.36, "2750 Ballerup; 2760 Måløv"),
    "0153": (39, 55.65, 12.42, "2605 Brøndby"),
    "0155": (14, 55.59, 12.67, "2791 Dragør"),
    "0157": (75, 55.75, 12.55, "2820 Gentofte; 2900 Hellerup; 2920 Charlottenlund"),
    "0159": (70, 55.73, 12.49, "2860 Søborg; 2880 Bagsværd"),
    "0161": (24, 55.66, 12.40, "2600 Glostrup"),
    "0163": (30, 55.72, 12.44, "2730 Herlev"),
    "0165": (28, 55.66, 12.35, "2620 Albertslund"),
    "0167": (54, 55.64, 12.47, "2650 Hvidovre"),
    "0169": (58, 55.65, 12.30, "2630 Taastrup"),
    "0173": (57, 55.77, 12.50, "2800 Kongens Lyngby"),
    "0175": (41, 55.68, 12.45, "2610 Rødovre"),
    "0183": (23, 55.61, 12.35, "2635 Ishøj"),
    "0185": (43, 55.63, 12.61, "2770 Kastrup"),
    "0187": (17, 55.62, 12.38, "2625 Vallensbæk"),
    "0190": (41, 55.81, 12.36, "3520 Farum; 3500 Værløse"),
    "0201": (26, 55.87, 12.36, "3450 Allerød"),
    "0210": (41, 55.97, 12.40, "3480 Fredensborg; 2990 Nivå"),
    "0217": (64, 56.03, 12.59, "3000 Helsingør"),
    "0219": (53, 55.93, 12.30, "3400 Hillerød"),
    "0223": (25, 55.88, 12.50, "2970 Hørsholm"),
    "0230": (57, 55.81, 12.47, "2840 Holte; 3460 Birkerød"),
    "0240": (44, 55.77, 12.19, "3660 Stenløse"),
    "0250": (46, 55.84, 12.07, "3600 Frederikssund"),
    "0253": (51, 55.58, 12.30, "2670 Greve"),
    "0259": (62, 55.46, 12.18, "4600 Køge"),
    "0260": (31, 55.97, 12.02, "3300 Frederiksværk; 3390 Hundested"),
    "0265": (91, 55.64, 12.08, "4000 Roskilde"),
    "0269": (24, 55.53, 12.22, "2680 Solrød Strand"),
    "0270": (41, 56.02, 12.20, "3200 Helsinge; 3250 Gilleleje"),
    "0306": (33, 55.92, 11.67, "4500 Nykøbing Sj"),
    "0316": (73, 55.72, 11.72, "4300 Holbæk"),
    "0320": (37, 55.26, 12.12, "4640 Faxe; 4690 Haslev"),
    "0326": (48, 55.68, 11.09, "4400 Kalundborg"),
    "0329": (36, 55.44, 11.79, "4100 Ringsted"),
    "0330": (80, 55.40, 11.35, "4200 Slagelse; 4220 Korsør"),
    "0336": (23, 55.31, 12.39, "4660 Store Heddinge"),
    "0340": (30, 55.43, 11.56, "4180 Sorø"),
    "0350": (28, 55.60, 11.97, "4320 Lejre"),
    "0360": (40, 54.83, 11.14, "4900 Nakskov; 4930 Maribo"),
    "0370": (84, 55.23, 11.76, "4700 Næstved"),
    "0376": (60, 54.77, 11.87, "4800 Nykøbing F"),
    "0390": (45, 55.01, 11.91, "4760 Vordingborg"),
    "0400": (39, 55.10, 14.70, "3700 Rønne"),
    "0410": (39, 55.51, 9.73, "5500 Middelfart"),
    "0420": (41, 55.27, 9.90, "5610 Assens"),
    "0430": (52, 55.10, 10.24, "5600 Faaborg; 5750 Ringe"),
    "0440": (24, 55.45, 10.66, "5300 Kerteminde"),
    "0450": (32, 55.31, 10.79, "5800 Nyborg"),
    "0461": (208, 55.40, 10.39, "5000 Odense C; 5200 Odense V; 5220 Odense SØ; 5230 Odense M"),
    "0479": (59, 55.06, 10.61, "5700 Svendborg"),
    "0480": (29, 55.57, 10.09, "5400 Bogense; 5450 Otterup"),
    "0482": (12, 54.94, 10.71, "5900 Rudkøbing"),
    "0492": (6, 54.89, 10.41, "5970 Ærøskøbing"),
    "0510": (56, 55.25, 9.49, "6100 Haderslev; 6500 Vojens"),
    "0530": (27, 55.73, 8.97, "7200 Grindsted; 7190 Billund"),
    "0540": (74, 54.91, 9.79, "6400 Sønderborg"),
    "0550": (37, 54.93, 8.86, "6270 Tønder"),
    "0561": (115, 55.47, 8.45, "6700 Esbjerg; 6760 Ribe"),
    "0563": (3.4, 55.42, 8.41, "6720 Fanø"),
    "0573": (50, 55.62, 8.48, "6800 Varde"),
    "0575": (42, 55.48, 9.14, "6600 Vejen"),
    "0580": (59, 55.04, 9.42, "6200 Aabenraa"),
    "0607": (52, 55.57, 9.75, "7000 Fredericia"),
    "0615": (98, 55.86, 9.85, "8700 Horsens"),
    "0621": (95, 55.49, 9.47, "6000 Kolding"),
    "0630": (122, 55.71, 9.54, "7100 Vejle"),
    "0657": (90, 56.14, 8.97, "7400 Herning; 7490 Aulum; 7480 Vildbjerg"),
    "0661": (59, 56.36, 8.62, "7500 Holstebro; 7830 Vinderup; 7570 Vemb; 6990 Ulfborg"),
    "0665": (19, 56.55, 8.31, "7620 Lemvig; 7680 Thyborøn; 7673 Harboøre"),
    "0671": (21, 56.49, 8.59, "7600 Struer; 7790 Thyholm; 7560 Hjerm"),
    "0706": (44, 56.19, 10.68, "8400 Ebeltoft; 8410 Rønde"),
    "0707": (37, 56.41, 10.88, "8500 Grenaa"),
    "0710": (50, 56.33, 10.05, "8370 Hadsten; 8382 Hinnerup"),
    "0727": (23, 55.97, 10.15, "8300 Odder"),
    "0730": (99, 56.46, 10.04, "8900 Randers C"),
    "0740": (100, 56.17, 9.55, "8600 Silkeborg"),
    "0741": (3.7, 55.87, 10.61, "8305 Samsø"),
    "0746": (64, 56.04, 9.93, "8660 Skanderborg"),
    "0751": (370, 56.16, 10.21, "8000 Aarhus C; 8200 Aarhus N; 8210 Aarhus V; 8260 Viby J"),
    "0756": (42, 56.14, 9.16, "7430 Ikast; 7330 Brande"),
    "0760": (56, 56.09, 8.24, "6950 Ringkøbing; 6900 Skjern"),
    "0766": (47, 55.77, 9.70, "8722 Hedensted; 7130 Juelsminde"),
    "0773": (20, 56.80, 8.86, "7900 Nykøbing M"),
    "0779": (46, 56.57, 9.03, "7800 Skive"),
    "0787": (43, 56.96, 8.70, "7700 Thisted"),
    "0791": (98, 56.45, 9.40, "8800 Viborg"),
    "0810": (36, 57.27, 9.95, "9700 Brønderslev"),
    "0813": (59, 57.44, 10.54, "9900 Frederikshavn; 9300 Sæby"),
    "0820": (36, 56.80, 9.52, "9600 Aars"),
    "0825": (1.8, 57.27, 11.02, "9940 Læsø"),
    "0840": (30, 56.89, 9.84, "9530 Støvring"),
    "0846": (42, 56.64, 9.79, "9500 Hobro"),
    "0849": (38, 57.16, 9.73, "9440 Aabybro"),
    "0851": (222, 57.05, 9.92, "9000 Aalborg; 9200 Aalborg SV; 9220 Aalborg Øst; 9400 Nørresundby"),
    "0860": (64, 57.46, 9.98, "9800 Hjørring; 9850 Hirtshals"),
}  # fmt: skip


def _words(text: str) -> list[str]:
    return text.split()


# Place adjectives for names like "Vestjysk Tømrerforretning A/S", by region code.
REGION_ADJECTIVES = {
    "1081": ["Nordjysk", "Himmerlands", "Vendsyssel"],
    "1082": ["Midtjysk", "Vestjysk", "Østjysk", "Jysk"],
    "1083": ["Sydjysk", "Fynsk", "Sønderjysk", "Trekantens"],
    "1084": ["Københavns", "Nordsjællands", "Storkøbenhavns"],
    "1085": ["Sjællandsk", "Midtsjællands", "Sydsjællands"],
}

SURNAMES = _words(
    "Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen "
    "Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen "
    "Møller Mortensen Knudsen Jakobsen Mikkelsen Olesen Frederiksen Laursen Henriksen "
    "Lund Schmidt Eriksen Holm Kristiansen Clausen Simonsen Svendsen Andreasen Iversen "
    "Jeppesen Mogensen Søndergaard Nørgaard Vestergaard Bech Dahl Krogh Bruun Lauridsen "
    "Kjær Skov Østergaard Højgaard Damgaard Mølgaard Friis Brandt Overgaard Graversen "
    "Thygesen Bjerregaard Winther Juhl Bang Hald Storgaard Bæk Kirkegaard Lyngsø"
)

STREETS = _words(
    "Østergade Vestergade Nørregade Søndergade Storegade Kirkevej Skolegade Industrivej "
    "Fabriksvej Håndværkervej Stationsvej Havnegade Bredgade Møllevej Engvej Skovvej "
    "Birkevej Lærkevej Jernbanegade Tværgade Hovedgaden Erhvervsvej Smedevej Tømrervej "
    "Centervej Ringvejen Åvej Grønnegade Strandvejen Banegårdsvej Energivej Mejerivej"
)


@dataclass(frozen=True)
class Industry:
    code: str
    text: str
    weight: float
    nouns: tuple[str, ...]  # for "<place> <noun>", "<surname>s <noun>"
    title: str = ""  # for one-person names such as "Bager Jensen"


INDUSTRIES = [
    Industry("011100", "Dyrkning af korn (undtagen ris), bælgfrugter og olieholdige frø", 2,
             ("Planteavl", "Landbrug", "Agro")),
    Industry("014100", "Opdræt af malkekvæg", 1.5, ("Mælkeproduktion", "Kvægbrug")),
    Industry("014600", "Svineavl", 1.5, ("Svineproduktion", "Griseri")),
    Industry("016100", "Serviceydelser i forbindelse med planteavl", 1,
             ("Maskinstation", "Entreprenør og Maskinstation")),
    Industry("021000", "Skovdrift", 0.3, ("Skovservice", "Skovdrift")),
    Industry("031100", "Havfiskeri", 0.3, ("Fiskeri", "Fiskeriselskab")),
    Industry("081200", "Indvinding af grus og sand; indvinding af ler og kaolin", 0.3,
             ("Grusgrav", "Sand og Grus")),
    Industry("101100", "Forarbejdning og konservering af kød", 0.4, ("Slagteri", "Pølsemageri"),
             "Slagter"),
    Industry("107100", "Fremstilling af brød; fremstilling af friske konditorvarer og kager", 1,
             ("Bageri", "Brødfabrik", "Konditori"), "Bager"),
    Industry("162300", "Fremstilling af andet bygningstømmer og snedkerarbejde", 0.8,
             ("Snedkeri", "Vinduesfabrik", "Trævarefabrik"), "Snedker"),
    Industry("222200", "Fremstilling af plastemballage", 0.3, ("Plast", "Plastindustri")),
    Industry("251100", "Fremstilling af metalkonstruktioner og dele heraf", 1,
             ("Stålkonstruktioner", "Staalindustri", "Smedie"), "Smed"),
    Industry("256200", "Maskinforarbejdning", 1, ("Maskinfabrik", "CNC-teknik", "Værktøjsfabrik")),
    Industry("282900", "Fremstilling af andre maskiner til generelle formål i.a.n.", 0.5,
             ("Maskinfabrik", "Maskinindustri")),
    Industry("283000", "Fremstilling af landbrugs- og skovbrugsmaskiner", 0.4,
             ("Landbrugsmaskiner", "Maskinfabrik")),
    Industry("310900", "Fremstilling af andre møbler", 0.5, ("Møbelfabrik", "Møbelsnedkeri")),
    Industry("331200", "Reparation af maskiner", 0.8, ("Maskinservice", "Maskinreparation")),
    Industry("351100", "Produktion af elektricitet", 0.5, ("Vindenergi", "Solenergi", "Energi")),
    Industry("360000", "Vandforsyning", 0.2, ("Vandværk", "Vandforsyning")),
    Industry("381100", "Indsamling af ikke-farligt affald", 0.3, ("Renovation", "Genbrug")),
    Industry("412000", "Opførelse af bygninger", 3, ("Byggeselskab", "Entreprise", "Byg")),
    Industry("431200", "Forberedende byggepladsarbejder", 1.5,
             ("Jord og Kloak", "Anlæg", "Entreprenørforretning")),
    Industry("432100", "El-installation", 2.5, ("El-service", "El-installation", "El & Teknik"),
             "Elektriker"),
    Industry("432200", "VVS- og blikkenslagerforretninger", 2, ("VVS", "VVS og Blik", "Blik & Rør"),
             "VVS-mester"),
    Industry("433200", "Tømrer- og bygningssnedkervirksomhed", 3.5,
             ("Tømrerforretning", "Tømrer- og Snedkerfirma", "Tømrer & Tag"), "Tømrer"),
    Industry("433400", "Maler- og glarmestervirksomhed", 1.5, ("Malerfirma", "Malerforretning"),
             "Maler"),
    Industry("439100", "Tagdækning", 0.7, ("Tagdækning", "Tag og Facade"), "Tækkemand"),
    Industry("452000", "Vedligeholdelse og reparation af motorkøretøjer", 2.5,
             ("Autoværksted", "Auto", "Bilservice"), "Mekaniker"),
    Industry("469000", "Ikke-specialiseret engroshandel", 2,
             ("Engros", "Handelsselskab", "Import")),
    Industry("471100", "Detailhandel fra ikke-specialiserede forretninger med hovedvægt på "
             "fødevarer, drikkevarer og tobak", 1.5, ("Købmand", "Dagligvarer", "Minimarked"),
             "Købmand"),
    Industry("475200", "Detailhandel med jern- og isenkramvarer, maling og planglas", 0.8,
             ("Byggemarked", "Isenkram", "Trælast")),
    Industry("477100", "Detailhandel med beklædningsgenstande", 1,
             ("Mode", "Tøjhus", "Herreekvipering")),
    Industry("494100", "Vejgodstransport", 2, ("Vognmandsforretning", "Transport", "Logistik"),
             "Vognmand"),
    Industry("493200", "Taxikørsel", 0.8, ("Taxa", "Taxi"), "Taxi"),
    Industry("521000", "Oplagring", 0.4, ("Lagerhotel", "Opbevaring")),
    Industry("551000", "Hoteller og lignende overnatningsfaciliteter", 0.8,
             ("Hotel", "Badehotel", "Kro")),
    Industry("561000", "Restauranter og mobile madsteder", 3, ("Restaurant", "Grill", "Pizzeria",
             "Café")),
    Industry("562100", "Event catering", 0.5, ("Catering", "Mad ud af huset")),
    Industry("620100", "Computerprogrammering", 2, ("Software", "IT", "Digital")),
    Industry("620200", "Konsulentbistand vedrørende informationsteknologi", 1.5,
             ("IT-rådgivning", "IT Consult", "Data")),
    Industry("641900", "Anden pengeinstitutvirksomhed", 0.2, ("Sparekasse", "Andelskasse")),
    Industry("683200", "Administration af fast ejendom på kontraktbasis", 1.5,
             ("Ejendomsadministration", "Ejendomme", "Boligudlejning")),
    Industry("691000", "Juridisk bistand", 1, ("Advokatfirma", "Advokater")),
    Industry("692000", "Bogføring og revision; skatterådgivning", 1.5,
             ("Revision", "Regnskab", "Bogføring"), "Revisor"),
    Industry("702200", "Virksomhedsrådgivning og anden rådgivning om driftsledelse", 3,
             ("Consult", "Rådgivning", "Management", "Holding")),
    Industry("711200", "Ingeniørvirksomhed og dertil knyttet teknisk rådgivning", 1.5,
             ("Rådgivende Ingeniører", "Ingeniørfirma")),
    Industry("711100", "Arkitektvirksomhed", 0.6, ("Arkitekter", "Tegnestue")),
    Industry("731100", "Reklamebureauer", 0.6, ("Reklamebureau", "Kommunikation", "Media")),
    Industry("782000", "Vikarbureauer", 0.6, ("Vikarservice", "Bemanding", "Rekruttering")),
    Industry("812100", "Almindelig rengøring i bygninger", 2, ("Rengøring", "Service", "Facility")),
    Industry("813000", "Landskabspleje", 1.2, ("Anlægsgartneri", "Have og Anlæg", "Grøn Service"),
             "Anlægsgartner"),
    Industry("841100", "Generelle offentlige tjenester", 0.3, ("Forsyning", "Kommunale Værker")),
    Industry("855900", "Anden undervisning", 0.6, ("Sprogskole", "Kursuscenter", "Akademi")),
    Industry("862100", "Almen lægepraksis", 0.6, ("Lægehus", "Lægerne"), "Læge"),
    Industry("862300", "Tandlægepraksis", 0.6, ("Tandklinik", "Tandlægerne"), "Tandlæge"),
    Industry("873000", "Plejehjem for ældre og personer med handicap", 0.5,
             ("Plejecenter", "Bosted", "Omsorg")),
    Industry("881000", "Sociale foranstaltninger uden institutionsophold for ældre og personer "
             "med handicap", 0.4, ("Hjemmepleje", "Omsorgsservice")),
    Industry("931100", "Drift af sportsanlæg", 0.5, ("Idrætscenter", "Fitness", "Svømmehal")),
    Industry("960200", "Frisørvirksomhed og anden skønhedspleje", 1.5,
             ("Frisørsalon", "Hår og Skønhed", "Klinik"), "Frisør"),
    Industry("970000", "Private husholdninger med ansat medhjælp", 0.1, ("Husholdning",)),
    Industry("990000", "Ekstraterritoriale organisationer og organer", 0.02, ("Repræsentation",)),
]  # fmt: skip

# (CVR's long form, name suffix, weight); sole traders and partnerships stay small.
COMPANY_FORMS = [
    ("Anpartsselskab", "ApS", 50),
    ("Aktieselskab", "A/S", 8),
    ("Enkeltmandsvirksomhed", "", 32),
    ("Interessentskab", "I/S", 7),
    ("Forening", "", 2),
    ("Andelsselskab (-forening)", "A.m.b.a.", 1),
]
SMALL_FORMS = {"Enkeltmandsvirksomhed", "Interessentskab", "Forening"}

# CVR employee bands, skewed to small as in the register (most units have 0-4).
EMPLOYEE_BANDS = [
    ("0", 20),
    ("1", 24),
    ("2-4", 22),
    ("5-9", 13),
    ("10-19", 9),
    ("20-49", 6.5),
    ("50-99", 2.6),
    ("100-199", 1.4),
    ("200-499", 0.9),
    ("500-999", 0.35),
    ("1000+", 0.15),
]

# seed 000: Struer's survey split of the companies over segments 1-4 (36/31/21/12).
DEFAULT_SEGMENT_SHARES = {1: 36, 2: 31, 3: 21, 4: 12}
# How much more often a relationship in a segment is contacted than one in segment 4.
SEGMENT_CONTACT_WEIGHT = {1: 4.0, 2: 3.0, 3: 1.5, 4: 1.0, None: 1.0}

OPT_OUT_REASONS = [
    "Ønsker ikke at blive kontaktet af jobcentret.",
    "Har ikke brug for medarbejdere; kontakt igen tidligst om et år.",
    "Samarbejder kun med et privat rekrutteringsfirma.",
    "Ejeren har frabedt sig opkald efter tidligere forløb.",
]
CHANNELS = [("phone", 55), ("email", 20), ("visit", 15), ("meeting", 10)]
SUMMARIES = {
    "phone": [
        "Drøftet behov for arbejdskraft i foråret.",
        "Opfølgning på praktikforløb; virksomheden er tilfreds.",
        "Fortalt om løntilskud og virksomhedspraktik.",
        "Ingen svar; lagt besked.",
        "Aftalt at sende relevante kandidater.",
        "Virksomheden søger to lagermedarbejdere.",
    ],
    "email": [
        "Sendt information om fleksjob.",
        "Sendt tre CV'er til stillingen.",
        "Bekræftet møde i næste uge.",
        "Svar på spørgsmål om voksenlærlinge.",
    ],
    "visit": [
        "Virksomhedsbesøg: rundvisning og snak om rekrutteringsbehov.",
        "Besøg sammen med borger i praktik; forløbet går godt.",
        "Besøg hos ny virksomhed i området.",
    ],
    "meeting": [
        "Møde om samarbejdsaftale.",
        "Møde om opkvalificering af medarbejdere.",
        "Opstartsmøde for jobrotation.",
    ],
}
AGREEMENTS = [
    ("Sende tre CV'er til stillingen som lagermedarbejder.", "jobcenter"),
    ("Følge op på praktikforløbet.", "jobcenter"),
    ("Afklare mulighed for løntilskud.", "jobcenter"),
    ("Sende materiale om fleksjob.", "jobcenter"),
    ("Aftale næste virksomhedsbesøg.", "jobcenter"),
    ("Virksomheden melder tilbage om ledige stillinger.", "company"),
    ("Virksomheden sender stillingsbeskrivelse.", "company"),
]


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


class _CopyTable:
    """Writes rows of one model's table with COPY; columns the generator does not set
    get the field's default, so a field added later does not break the generator."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = list(columns)
        extra: list[str] = []
        self.extra_text = ""
        for model_field in model._meta.concrete_fields:
            column = model_field.column
            assert column is not None  # set on every concrete field of a loaded model
            if column in self.columns or column == "id" and "id" not in self.columns:
                continue
            default = model_field.get_default()
            if isinstance(model_field, models.DateTimeField) and (
                model_field.auto_now or model_field.auto_now_add
            ):
                default = timezone.now()
            extra.append(column)
            self.extra_text += "\t" + _copy_value(default)
        self.all_columns = self.columns + extra
        self.buffer = io.StringIO()
        self.rows = 0

    def add(self, values: Iterable[str]) -> None:
        self.buffer.write("\t".join(values))
        self.buffer.write(self.extra_text)
        self.buffer.write("\n")
        self.rows += 1

    def flush(self, cursor: Any) -> int:
        written = self.rows
        if written:
            self.buffer.seek(0)
            columns = ", ".join(f'"{column}"' for column in self.all_columns)
            cursor.copy_expert(f"COPY {self.table} ({columns}) FROM STDIN", self.buffer)
        self.buffer = io.StringIO()
        self.rows = 0
        return written


def _copy_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, list | tuple):
        items = ",".join(
            '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"' for item in value
        )
        return _copy_text("{" + items + "}")
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return _copy_text(str(value))


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


def _allocate_ids(cursor: Any, model: type[models.Model], count: int) -> list[int]:
    """Ids from the table's own sequence, so rows written by COPY and by the ORM never
    collide (nextval is safe with concurrent writers)."""
    if count == 0:
        return []
    table = model._meta.db_table
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [table, count],
    )
    return [row[0] for row in cursor.fetchall()]


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

    def write_companies(self, count: int, report: GenerateReport) -> None:
        rng = self.rng
        cursor = self.cursor
        company_table = _CopyTable(
            Company,
            [
                "id", "code", "cvr", "name", "other_names", "address", "postal_code", "city",
                "municipality_id", "municipality_codes", "latitude", "longitude",
                "industry_code", "industry_text", "industry_section_id", "employee_band",
                "company_form", "ceased_on", "advertising_protected", "source", "search_text",
                "created_at", "updated_at",
            ],
        )  # fmt: skip
        workplace_table = _CopyTable(
            Workplace,
            [
                "company_id", "p_number", "name", "address", "postal_code", "city",
                "municipality_id", "latitude", "longitude", "industry_code", "employee_band",
                "is_main", "ceased_on",
            ],
        )  # fmt: skip
        relationship_table = _CopyTable(
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
            ids = _allocate_ids(cursor, Company, size)
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
                        str(company_id), self._uuid(), cvr, _copy_text(name),
                        _copy_value(other_names), _copy_text(address), postal_code,
                        _copy_text(town), str(place.municipality_id),
                        "{" + ",".join(municipality_codes) + "}", lat, lon, industry.code,
                        _copy_text(industry.text),
                        _copy_value(self._section_id(industry.code)), band, form,
                        _copy_value(ceased_on), "t" if rng.random() < 0.1 else "f", "cvr",
                        _copy_text(search_text), now, now,
                    )
                )  # fmt: skip
                ceased_text = _copy_value(ceased_on)
                workplace_table.add(
                    (
                        str(company_id), str(p_number), _copy_text(name), _copy_text(address),
                        postal_code, _copy_text(town), str(place.municipality_id), lat, lon,
                        industry.code, band, "t", ceased_text,
                    )
                )  # fmt: skip
                p_number += 1 + int(rng.random() < 0.3)
                for other in extra_places:
                    other_postal, other_town = rng.choice(other.towns)
                    other_lat, other_lon = self._point(other)
                    workplace_table.add(
                        (
                            str(company_id), str(p_number),
                            _copy_text(f"{base_name}, afd. {other_town}"),
                            _copy_text(self._address()), other_postal, _copy_text(other_town),
                            str(other.municipality_id), other_lat, other_lon, industry.code,
                            self.pick_small_band(), "f", ceased_text,
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

    def _add_relationship(self, table: _CopyTable, jobcenter_id: int, company_id: int) -> None:
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
                "t" if rng.random() < 0.35 else "f",
                _copy_value(self.segment_ids.get(segment_number)),
                _copy_value(responsible),
                _copy_value(opted_out_on),
                _copy_text(rng.choice(OPT_OUT_REASONS)) if opted_out else "",
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
        contact_table = _CopyTable(
            Contact,
            [
                "id", "code", "jobcenter_id", "relationship_id", "consultant_id", "channel",
                "direction", "status", "occurred_at", "summary", "created_at",
            ],
        )  # fmt: skip
        agreement_table = _CopyTable(
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
        summaries = {
            channel: [_copy_text(s) for s in texts] for channel, texts in SUMMARIES.items()
        }
        agreements = [(_copy_text(text), side) for text, side in AGREEMENTS]
        utc = datetime.UTC
        fromtimestamp = datetime.datetime.fromtimestamp
        bisect_right = bisect.bisect_right
        uniform = rng.random
        pick_channel = self.pick_channel
        consultants = self.consultants
        done = 0
        while done < count:
            size = min(CONTACT_CHUNK, count - done)
            ids = _allocate_ids(cursor, Contact, size)
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
