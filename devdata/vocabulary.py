"""The Danish vocabulary of the scale generator: municipalities with their towns and rough
population, surnames, streets, industries with name nouns, company forms, employee bands,
and the texts of generated contacts and agreements. Data only; `generator.py` draws from it.
"""

from dataclasses import dataclass

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
