"""The Danish text rules of the matching engine, checked on generated variants."""

import pytest

from matching.engine import phrases
from matching.engine.text import fold, phrase_key, stem
from matching.engine.vocabulary import shipped


def level(asked: str, held: str) -> float:
    vocabulary = shipped()
    return phrases.match_level(
        phrases.analyse(asked, vocabulary), phrases.analyse(held, vocabulary), vocabulary
    )


@pytest.mark.parametrize(
    ("word", "variants"),
    [
        ("svejser", ["svejsere", "svejseren", "svejserne", "Svejsning", "svejsningen"]),
        ("pædagog", ["pædagoger", "pædagogen", "pædagogerne", "PÆDAGOG"]),
        ("maskiningeniør", ["maskiningeniører", "maskiningeniøren", "Maskiningeniørerne"]),
        ("sygeplejerske", ["sygeplejersker", "sygeplejersken", "sygeplejerskerne"]),
        ("tømrer", ["tømrere", "tømreren", "tømrerne"]),
    ],
)
def test_inflections_share_one_stem(word, variants):
    for variant in variants:
        assert phrase_key(variant) == phrase_key(word), variant
        assert level(word, variant) == 1.0


@pytest.mark.parametrize(
    ("danish", "old"),
    [
        ("maskiningeniør", "maskiningenioer"),
        ("smørrebrødsjomfru", "smoerrebroedsjomfru"),
        ("sjællænder", "sjaellaender"),
        ("Århus", "Aarhus"),
        ("Århus", "AARHUS"),
        ("Ærø", "Aeroe"),
        ("å", "aa"),
    ],
)
def test_old_spellings_of_æøå_are_the_same_word(danish, old):
    assert fold(danish) == fold(old)
    assert phrase_key(danish) == phrase_key(old)


@pytest.mark.parametrize(
    ("compound", "head"),
    [
        ("maskiningeniør", "ingeniør"),
        ("elektroingeniører", "ingeniør"),
        ("rørsvejser", "svejser"),
        ("lagerarbejdere", "arbejder"),
        ("butiksassistenter", "assistent"),
        ("hovedkok", "kok"),
    ],
)
def test_a_compound_is_its_head_but_the_head_is_not_the_compound(compound, head):
    assert level(head, compound) >= phrases.SPECIALISATION
    assert level(compound, head) < phrases.SPECIALISATION


def test_seed_003_design_technologist_is_not_a_mechanical_engineer():
    assert level("maskiningeniør", "designteknolog") == 0.0
    assert level("maskiningeniør", "designteknologer") == 0.0
    assert level("maskiningeniør", "Designteknolog, maskinbygning") < phrases.RELATED


def test_another_engineer_is_only_weakly_a_mechanical_engineer():
    assert 0 < level("maskiningeniør", "elektroingeniør") < level("maskiningeniør", "ingeniør")


@pytest.mark.parametrize(
    ("asked", "held"),
    [
        ("Maskiningeniør", "Mechanical engineer"),
        ("Maskiningeniør", "civilingeniør, maskin"),
        ("Lagerarbejder", "lagermedarbejdere"),
        ("Lagerarbejder", "Pluk og pak"),
        ("Social- og sundhedshjælper", "SOSU-hjælper"),
        ("Rengøringsassistent", "rengøringsmedarbejder"),
        ("Truckcertifikat", "truckkort"),
        ("Kok", "køkkenchef"),
    ],
)
def test_synonyms_from_the_shipped_file_match_fully(asked, held):
    assert level(asked, held) == 1.0


def test_related_occupations_match_partly():
    assert level("Sygeplejerske", "Social- og sundhedsassistent") == phrases.RELATED
    assert level("Maskiningeniør", "Maskintekniker") == phrases.RELATED


def test_an_admin_synonym_extends_the_shipped_vocabulary():
    vocabulary = shipped().extended([("occupation", "Klejnsmed-lærling", "Smed")])
    asked = phrases.analyse("Smed", vocabulary)
    held = phrases.analyse("klejnsmed-lærling", vocabulary)
    assert phrases.match_level(asked, held, vocabulary) == 1.0
    assert phrases.match_level(asked, held, shipped()) < 1.0


def test_the_verbal_noun_keeps_a_short_stem_whole():
    # "-ning" is taken off only when a real word remains.
    assert stem("svejsning") == "svejs"
    assert stem("ning") == "ning"


@pytest.mark.parametrize(
    ("trade", "trainee"),
    [
        ("Kok", "Kokkeelev"),
        ("Tømrer", "Tømrerlærling"),
        ("Tømrer", "TOEMRERLAERLING"),
        ("Svejser", "Svejseelev"),
        ("Sygeplejerske", "Sygeplejerskestuderende"),
        ("Ingeniør", "Ingeniørpraktikant"),
    ],
)
def test_a_trainee_is_related_to_the_trade_not_of_it(trade, trainee):
    assert level(trade, trainee) == phrases.TRAINEE < phrases.SPECIALISATION
    # The trainee asked for is not answered by any other trade's trainee.
    assert level("Bager", trainee) == 0.0
