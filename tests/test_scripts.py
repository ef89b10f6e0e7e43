"""Names in other scripts: script detection, the romanisations of each script, and
resolution of Hangul, Hebrew, Arabic and Cyrillic names against Latin registry names.

The names are public figures' names as newspapers print them in each script, chosen by
hand; none comes from an evaluation set.
"""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from canonym import Registry, Resolver
from canonym.normalize import normalize_text
from canonym.scripts import check_language, implied_language, romanizations, word_scripts

REGISTRY = """
version: 1
entities:
  - {id: ehud-olmert, canonical: Ehud Olmert, type: person}
  - {id: ehud-barak, canonical: Ehud Barak, type: person}
  - {id: benjamin-netanyahu, canonical: Benjamin Netanyahu, type: person}
  - {id: shimon-peres, canonical: Shimon Peres, type: person}
  - {id: golda-meir, canonical: Golda Meir, type: person}
  - {id: moon-jae-in, canonical: Moon Jae-in, type: person}
  - {id: kim-jong-un, canonical: Kim Jong-un, type: person}
  - {id: kim-dae-jung, canonical: Kim Dae-jung, type: person}
  - {id: park-geun-hye, canonical: Park Geun-hye, type: person}
  - {id: lee-myung-bak, canonical: Lee Myung-bak, type: person}
  - {id: ban-ki-moon, canonical: Ban Ki-moon, type: person}
  - {id: steven-spielberg, canonical: Steven Spielberg, type: person}
  - {id: michael-jackson, canonical: Michael Jackson, type: person}
  - {id: gennady-zyuganov, canonical: Gennady Zyuganov, type: person}
  - {id: mahmoud-abbas, canonical: Mahmoud Abbas, type: person}
  - {id: hassan-rouhani, canonical: Hassan Rouhani, type: person}
  - {id: gamal-abdel-nasser, canonical: Gamal Abdel Nasser, type: person}
  - {id: shinzo-abe, canonical: Shinzo Abe, type: person}
  - {id: haruki-murakami, canonical: Haruki Murakami, type: person}
  - {id: jose-jeri, canonical: José Jerí, type: person}
"""


@pytest.fixture(scope="module")
def scripts_resolver() -> Resolver:
    return Resolver(Registry.from_text(REGISTRY))


def top(resolver: Resolver, name: str, lang: str | None = None) -> str | None:
    found = resolver.candidates(name, limit=1, source_lang=lang)
    return found[0].entity.id if found else None


# -- script detection ---------------------------------------------------------------


def test_each_word_is_given_the_script_of_its_letters() -> None:
    assert word_scripts("Ehud אולמרט 문재인 Зюганов محمد 東京") == (
        ("Ehud", "Latin"),
        ("אולמרט", "Hebrew"),
        ("문재인", "Hangul"),
        ("Зюганов", "Cyrillic"),
        ("محمد", "Arabic"),
        ("東京", "Han"),
    )


def test_a_hebrew_geresh_stays_inside_its_word() -> None:
    assert word_scripts("ג'ורג' בוש") == (("ג'ורג'", "Hebrew"), ("בוש", "Hebrew"))


def test_abjad_scripts_imply_their_language() -> None:
    assert implied_language("שמעון פרס") == "he"
    assert implied_language("حسن روحاني") == "ar"
    assert implied_language("문재인") is None
    assert implied_language("Shimon Peres") is None


# -- Hangul -------------------------------------------------------------------------


def test_a_one_block_korean_name_is_surname_and_one_given_name_word() -> None:
    # 문 is customarily spelt Moon (Revised Romanisation: Mun); 재인 is one given name.
    forms = romanizations("문재인")
    assert forms[0] == "moon jaein"
    assert "moon jae-in" in forms  # the syllables apart, paired only in their order


def test_customary_surname_spellings_are_offered() -> None:
    assert romanizations("이명박")[0].split()[0] == "lee"
    assert any(f.split()[0] == "yi" for f in romanizations("이명박") + romanizations("이"))
    assert romanizations("박근혜")[0].split()[0] == "park"


def test_hangul_syllables_are_decomposed_algorithmically() -> None:
    # 한 = ㅎ + ㅏ + ㄴ, 글 = ㄱ + ㅡ + ㄹ: Revised Romanisation han, geul.
    assert "han geul" in romanizations("한글", "ko") or "hangeul" in romanizations("한글", "ko")


def test_the_vowel_korean_adds_after_a_foreign_consonant_is_dropped() -> None:
    # 스티븐 is Steven: 스 writes a bare s.
    assert romanizations("스티븐 스필버그")[0].startswith("stibn ")


def test_japanese_names_in_hangul_keep_their_vowels() -> None:
    # 무라카미 하루키: Japanese su, tsu and initial k are written 스, 쓰 and ㄱ/ㅋ.
    assert romanizations("무라카미 하루키", "ja")[0] == "murakami haruki"
    assert romanizations("가메시마", "ja")[0] == "kameshima"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("문재인", "moon-jae-in"),
        ("반기문", "ban-ki-moon"),
        ("스티븐 스필버그", "steven-spielberg"),
        ("마이클 잭슨", "michael-jackson"),
    ],
)
def test_hangul_names_rank_their_latin_registry_name_first(
    scripts_resolver: Resolver, query: str, expected: str
) -> None:
    assert top(scripts_resolver, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("김정은", "kim-jong-un"),  # unidecode: gimjeongeun
        ("박근혜", "park-geun-hye"),  # baggeunhye
        ("이명박", "lee-myung-bak"),  # imyeongbag
        ("아베 신조", "shinzo-abe"),  # abe sinjo
    ],
)
def test_hangul_names_resolve_to_their_latin_registry_name(
    scripts_resolver: Resolver, query: str, expected: str
) -> None:
    match = scripts_resolver.resolve(query)
    assert match is not None
    assert match.entity.id == expected


def test_korean_given_name_syllables_keep_their_order(scripts_resolver: Resolver) -> None:
    # 김중대 (given name Jung-dae) is not Kim Dae-jung: the syllables are swapped.
    assert scripts_resolver.resolve("김중대") is None
    assert top(scripts_resolver, "김대중") == "kim-dae-jung"


# -- Hebrew and Arabic ----------------------------------------------------------------


def test_hebrew_vowel_letters_are_read_as_vowels_and_geresh_as_its_sound() -> None:
    assert romanizations("אהוד אולמרט")[0] == "ehod olmrt"
    assert normalize_text("ג'ורג'") == "jorj"
    assert normalize_text("ז'אק") == "zhak"
    assert normalize_text("צ'רצ'יל") == "chrchil"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("אהוד ברק", "ehud-barak"),
        ("בנימין נתניהו", "benjamin-netanyahu"),
        ("שמעון פרס", "shimon-peres"),
        ("סטיבן ספילברג", "steven-spielberg"),
        ("מחמוד עבאס", "mahmoud-abbas"),
    ],
)
def test_hebrew_names_rank_their_latin_registry_name_first(
    scripts_resolver: Resolver, query: str, expected: str
) -> None:
    assert top(scripts_resolver, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("אהוד אולמרט", "ehud-olmert"),  # unidecode: ahvd avlmrt
        ("גולדה מאיר", "golda-meir"),  # gvldh mayr
        ("حسن روحاني", "hassan-rouhani"),  # hsn rwhny
    ],
)
def test_abjad_names_resolve_to_their_latin_registry_name(
    scripts_resolver: Resolver, query: str, expected: str
) -> None:
    match = scripts_resolver.resolve(query)
    assert match is not None
    assert match.entity.id == expected


def test_a_begadkefat_letter_is_a_stop_after_a_consonant() -> None:
    # ספילברג: פ after ס is p (Spielberg); פ after a vowel letter is f (יוסף, Yosef).
    assert romanizations("ספילברג")[0] == "spilbrg"
    assert romanizations("יוסף")[0] == "yosf"


def test_a_foreign_name_may_start_with_f_written_pe() -> None:
    # פרנץ: Franz. Hebrew writes no dagesh, and foreign names start with f or p alike.
    forms = romanizations("פרנץ")
    assert forms[0] == "prnts"
    assert "frnts" in forms


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("محمود عباس", "mahmoud-abbas"),
        ("حسن روحاني", "hassan-rouhani"),
        ("جمال عبد الناصر", "gamal-abdel-nasser"),
    ],
)
def test_arabic_names_rank_their_latin_registry_name_first(
    scripts_resolver: Resolver, query: str, expected: str
) -> None:
    assert top(scripts_resolver, query) == expected


def test_a_consonant_skeleton_match_is_not_reported_as_exact(scripts_resolver: Resolver) -> None:
    match = scripts_resolver.candidates("אהוד אולמרט", limit=1)[0]
    hows = {pair.alias: pair.how for pair in match.evidence.pairs}
    assert hows["olmert"] != "exact"
    assert match.evidence.features["exact"] == 0.0


def test_a_namesake_in_hebrew_is_not_the_other_ehud(scripts_resolver: Resolver) -> None:
    # Ehud Olmert and Ehud Barak share a given name: each Hebrew name finds its own.
    assert top(scripts_resolver, "אהוד ברק") == "ehud-barak"
    match = scripts_resolver.resolve("אהוד גולדוסר")  # Ehud Goldwasser: not in the registry
    assert match is None


# -- Cyrillic -------------------------------------------------------------------------


def test_cyrillic_press_transcriptions_are_offered() -> None:
    assert romanizations("Зюганов") == ("zyuganov", "sjuganow", "ziouganov", "zjuganov")


def test_the_language_hint_puts_its_transcription_first() -> None:
    assert romanizations("Зюганов", "de")[0] == "sjuganow"
    assert romanizations("Зюганов", "fr")[0] == "ziouganov"


def test_a_cyrillic_name_finds_a_german_registry_spelling() -> None:
    resolver = Resolver(
        Registry.from_text(
            "version: 1\nentities:\n"
            "  - {id: sjuganow, canonical: Gennadi Sjuganow, type: person}\n"
            "  - {id: jose-jeri, canonical: José Jerí, type: person}\n"
        )
    )
    found = resolver.candidates("Геннадий Зюганов", limit=1)
    assert found
    assert found[0].entity.id == "sjuganow"
    assert "sjuganow" in found[0].evidence.query_normalized


# -- the language hint ------------------------------------------------------------------


def test_an_unknown_language_code_is_a_clear_error(scripts_resolver: Resolver) -> None:
    with pytest.raises(ValueError, match="unknown language code 'hebrew'"):
        scripts_resolver.resolve("אהוד אולמרט", source_lang="hebrew")
    with pytest.raises(ValueError, match="ISO 639-1"):
        scripts_resolver.candidates("Kast", source_lang="xx")
    assert check_language("He") == "he"


def test_language_codes_the_loan_rules_know_are_accepted(scripts_resolver: Resolver) -> None:
    # Hawaiian, Kaingang, Ga and Cherokee have no ISO 639-1 code; canonym has rules keyed by
    # their ISO 639-3 codes (loan phonology, the syllabary), which the hint once rejected.
    for code in ("haw", "kgp", "gaa", "chr"):
        assert check_language(code.upper()) == code
        scripts_resolver.candidates("Kast", source_lang=code)
    # A BCP 47 tag is read by its language subtag.
    assert check_language("pt-BR") == "pt"
    assert check_language("zh_Hant") == "zh"
    with pytest.raises(ValueError, match="unknown language code 'kor'"):
        check_language("kor")


def test_the_language_hint_is_accepted_for_latin_text(scripts_resolver: Resolver) -> None:
    assert top(scripts_resolver, "José Gehry", "es") == "jose-jeri"


def test_latin_text_has_one_form() -> None:
    assert romanizations("José Jerí") == ("José Jerí",)
    assert romanizations("José Jerí", "es") == ("José Jerí",)


# -- data ----------------------------------------------------------------------------


def test_every_table_value_is_text() -> None:
    # YAML reads a bare no, on or off as a boolean: a Korean surname spelt No, or the
    # language code of Norwegian, must stay text.
    raw = yaml.safe_load(resources.files("canonym").joinpath("data/scripts.yaml").read_text("utf-8"))

    def leaves(node: object) -> list[object]:
        if isinstance(node, dict):
            return [x for k, v in node.items() for x in [k, *leaves(v)]]
        if isinstance(node, list):
            return [x for v in node for x in leaves(v)]
        return [node]

    assert all(isinstance(leaf, str) for leaf in leaves(raw))
    assert "no" in raw["languages"]
    assert "no" in raw["korean_surnames"]["노"]


# -- Chinese, Japanese and the scripts unidecode drops ------------------------------------


def test_a_chinese_name_is_offered_as_pinyin_words() -> None:
    # 习近平: Xi Jinping, surname apart and the given name as one word.
    assert "xi jinping" in romanizations("习近平")


def test_japanese_kanji_are_read_in_japanese_with_the_hint() -> None:
    pytest.importorskip("pykakasi")
    assert romanizations("東京", "ja")[0] == "tokyo"
    assert "tokyo" in romanizations("東京")


def test_kana_are_read_in_hepburn() -> None:
    # Hepburn first; the l reading of the one Japanese liquid second (リマ: Lima).
    assert romanizations("ムラカミ") == ("murakami", "mulakami")


def test_scripts_unidecode_drops_are_read_by_anyascii() -> None:
    pytest.importorskip("anyascii")
    # Deseret and Adlam: unidecode returns nothing for either.
    assert normalize_text("𐐔𐐯𐑅𐐨𐑉𐐯𐐻") == "deseret"
    assert normalize_text("𞤀𞤣𞤤𞤢𞤥") == "adlam"


def test_the_reading_tables_leave_the_collector_once_loaded() -> None:
    # pypinyin's phrases and pykakasi's dictionaries are some 475,000 objects that live as
    # long as the process: every full collection after their load walked them all (a tenth
    # of the resolving time once loaded). Loaded, they are frozen out of the collector.
    pytest.importorskip("pypinyin")
    pytest.importorskip("pykakasi")
    script = (
        "import gc\n"
        "from canonym.scripts import _kakasi, _pinyin\n"
        "before = len(gc.get_objects())\n"
        "assert _pinyin() is not None and _kakasi() is not None\n"
        "print(before, len(gc.get_objects()))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    before, after = map(int, out.stdout.split())
    assert after < before + 10_000  # was about 475,000 more


def test_load_readers_loads_them_before_the_first_name_that_needs_one() -> None:
    # In a fresh process: after load_readers, reading a Han name and a kana name loads
    # nothing more (each reader's loader has run once, at load_readers).
    pytest.importorskip("pypinyin")
    pytest.importorskip("pykakasi")
    script = (
        "from canonym import scripts\n"
        "print(' '.join(scripts.load_readers()))\n"
        "loaders = (scripts._pinyin, scripts._kakasi, scripts._anyascii)\n"
        "print(*[f.cache_info().misses for f in loaders])\n"
        "scripts.romanizations('漢字'), scripts.romanizations('カナ'), scripts.romanizations('𞤀𞤣')\n"
        "print(*[f.cache_info().misses for f in loaders])\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    names, loaded, after = out.stdout.splitlines()
    assert names.split() == ["pypinyin", "pykakasi", "anyascii"]
    assert loaded.split() == after.split() == ["1", "1", "1"]


def test_the_collector_is_paused_while_a_reader_loads_and_left_as_found() -> None:
    import gc  # noqa: PLC0415

    from canonym.cache import collector_paused  # noqa: PLC0415

    assert gc.isenabled()
    seen = []

    def load() -> None:
        with collector_paused():
            seen.append(gc.isenabled())
            raise LookupError("a reader that fails to load")

    with pytest.raises(LookupError, match="fails to load"):
        load()
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller that disabled it keeps it so
    finally:
        gc.enable()


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_the_script_of_ascii_text_is_latin_where_it_holds_a_letter(text: str) -> None:
    # first_script answers ASCII text without asking each letter's script: the same as
    # asking it, letter by letter.
    from canonym import scripts  # noqa: PLC0415

    asked = next((s for s in map(scripts._letter_script, filter(str.isalpha, text)) if s), "Other")
    assert scripts.first_script(text) == asked
    assert asked == ("Latin" if any(c.isalpha() for c in text) else "Other")
