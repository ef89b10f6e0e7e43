"""Arabic-script orthographies that write their vowels, the hamza's vowel seats, and the
readings of the Brahmic scripts that foreign names take (issue 13).

The words are place and personal names chosen by hand from the Kazakh, Uyghur, Urdu,
Tamil, Marathi and Gujarati orthographies' own descriptions; none comes from an
evaluation set.
"""

from __future__ import annotations

import pytest

from canonym.romanization import brahmic_readings
from canonym.scripts import romanizations


@pytest.mark.parametrize(
    ("name", "form"),
    [
        # Kazakh (tote jazuw): ۋ is u (and w), ۆ is v, ى is the vowel y/i, ە is e.
        ("شىمكەنت", "shimkent"),  # Шымкент, Shymkent
        ("ۋفا", "ufa"),  # Уфа, Ufa
        ("ۆلاديمير", "vladimir"),  # Владимир, Vladimir
        # Uyghur (UEY): ئ only starts a vowel, ۈ is ü, ۇ u, ى i, ە e.
        ("ئۈرۈمچى", "urumchi"),  # Ürümchi
        ("قەشقەر", "qeshqer"),  # Qeshqer, Kashgar
        ("تۇرپان", "turpan"),  # Turpan
    ],
)
def test_arabic_script_orthographies_that_write_every_vowel_get_no_guessed_vowel(
    name: str, form: str
) -> None:
    forms = romanizations(name)
    assert forms[0] == form
    assert len(forms) <= 5


def test_a_vowel_writing_orthography_is_read_both_as_kazakh_and_as_uyghur() -> None:
    # ۋ is a consonant v/w in Uyghur (ۋاشىنگتون, Washington) and the vowel u in Kazakh.
    forms = romanizations("ۋاشىنگتون")
    assert "vashington" in forms


def test_an_arabic_word_without_those_letters_is_read_as_before() -> None:
    assert romanizations("محمد")[0] == "mahamad"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("لوئيس", "luis"),  # Luis: the hamza on a yā' seat carries an i
        ("كوئٹہ", "kuita"),  # Urdu Quetta
    ],
)
def test_a_hamza_seat_after_a_vowel_writes_its_vowel(name: str, form: str) -> None:
    assert form in romanizations(name)


def test_a_zero_width_non_joiner_between_persian_words_is_a_word_break() -> None:
    # Persian writes the parts of a compound name with a half space (سن‌خوزه, San José).
    assert romanizations("سن‌خوزه")[0].split() == ["san", "khuza"]


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("காந்தி", "gandi"),  # Tamil Gandhi: one letter for k and g
        ("டெல்லி", "delli"),  # Tamil Delhi
        ("பம்பாய்", "bambay"),  # Tamil Bombay
    ],
)
def test_a_tamil_stop_at_the_start_of_a_name_is_also_read_voiced(name: str, form: str) -> None:
    assert form in brahmic_readings(name)


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("झेब्रा", "zebra"),  # Marathi zebra: jha writes z
        ("ઝીલ", "zil"),  # Gujarati: jha writes z
    ],
)
def test_marathi_and_gujarati_jha_is_also_read_z(name: str, form: str) -> None:
    assert form in brahmic_readings(name)


def test_a_hamza_before_a_vowel_letter_only_marks_the_hiatus() -> None:
    # Urdu پائوں (paon, foot): ئ between two vowels; the و after it is the vowel u.
    assert "paun" in romanizations("پائوں")


def test_the_malayalam_au_length_mark_alone_writes_au() -> None:
    # കൗമാരം (kaumaram): the reformed spelling writes au with ൗ alone after the consonant.
    assert brahmic_readings("കൗമാരം")[0] == "kaumaram"


@pytest.mark.parametrize(("name", "form"), [("بھارت", "bharat"), ("پھول", "phul")])
def test_urdu_two_eyed_he_aspirates_the_consonant_before_it(name: str, form: str) -> None:
    # Urdu بھارت (Bharat) and پھول (phul, flower): بھ is bh and پھ ph, one sound.
    assert romanizations(name)[0] == form


def test_a_first_alef_before_persian_ye_is_only_its_seat() -> None:
    # Persian ایران (Iran): the alef carries the vowel ی writes.
    assert romanizations("ایران")[0] == "iran"


def test_tamil_aytham_before_pa_writes_f() -> None:
    # ஃபிஜி (Fiji): the aytham before ப writes f.
    assert brahmic_readings("ஃபிஜி")[0] == "fiji"


@pytest.mark.parametrize(("name", "form"), [("బస్సు", "bass"), ("மக்காவு", "makkau")])
def test_dravidian_loans_are_also_read_without_the_enunciative_u(name: str, form: str) -> None:
    # Telugu బస్సు (bus) ends in the vowel u Dravidian languages add after a final
    # consonant; Tamil மக்காவு (a city on the Pearl River delta) writes the diphthong au as long a and v.
    assert form in brahmic_readings(name)


@pytest.mark.parametrize(("word", "form"), [("ઍડમ", "edam"), ("ઑસ્કર", "oskar")])
def test_gujarati_independent_candra_vowels_are_read(word: str, form: str) -> None:
    # Unicode names Gujarati's ઍ and ઑ VOWEL CANDRA E and VOWEL CANDRA O, not LETTER; they
    # write the vowels of English *cat* and *cot* at the start of a word (ઍડમ Adam, ઑસ્કર Oscar),
    # read like their vowel signs ૅ and ૉ.
    assert brahmic_readings(word)[0] == form


@pytest.mark.parametrize(
    ("typed", "letter", "form"),
    [
        ("अॅडम", "ॲडम", "adam"),  # Marathi: अ + ॅ is ॲ (Adam)
        ("अ\u200dॅडम", "ॲडम", "adam"),  # the same, with the ZWJ Marathi keyboards put between
        ("आॅस्कर", "ऑस्कर", "oskar"),  # आ + ॅ is ऑ (Oscar)
        ("अॉस्कर", "ऑस्कर", "oskar"),  # and so is अ + ॉ
        ("અૅડમ", "ઍડમ", "edam"),  # Gujarati: અ + ૅ is ઍ (read as its sign ૅ is)
    ],
)
def test_a_vowel_letter_with_a_candra_sign_reads_as_the_candra_letter(
    typed: str, letter: str, form: str
) -> None:
    # Keyboards without a key for the candra vowel letters type them as the vowel letter and
    # the candra sign: one vowel, not two (अॅडम read aedam).
    assert brahmic_readings(typed) == brahmic_readings(letter)
    assert brahmic_readings(typed)[0] == form


@pytest.mark.parametrize(
    ("joined", "plain"),
    [
        ("हिन्\u200dदी", "हिन्दी"),  # Devanagari, virama + ZWJ: a half form (Hindi)
        ("ସ୍\u200dକୁଲ", "ସ୍କୁଲ"),  # Oriya, virama + ZWJ (skul, school)
        ("উত্\u200cপল", "উত্পল"),  # Bengali, virama + ZWNJ: an explicit virama (Utpal)
        ("ශ්\u200dරී", "ශ්රී"),  # Sinhala, virama + ZWJ: the rakaransaya (Sri)
    ],
)
def test_joiners_inside_an_indic_word_change_only_its_rendering(joined: str, plain: str) -> None:
    # The Unicode Standard (ch. 12): a ZWJ or ZWNJ after a virama chooses how a conjunct is
    # drawn, not what is read; the word stays one word.
    assert romanizations(joined) == romanizations(plain)
    assert not any(c in "".join(romanizations(joined)) for c in "\u200c\u200d")


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("మరియా", "maria"),  # Telugu Maria: the y between i and a is the glide the script writes
        ("ಲೂಯಿಸ್", "luis"),  # Kannada Luis: y between u and i
        ("ಜೋವಾನ್", "joan"),  # Kannada Joan: v between o and a
        ("मारियो", "mario"),  # Hindi Mario
    ],
)
def test_the_glide_written_between_two_vowels_is_also_read_away(word: str, form: str) -> None:
    forms = brahmic_readings(word)
    assert form in forms
    assert forms[0] != form  # the glide stays in the first reading


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("ಜೈದ್", "zaid"),  # Kannada, the name Zaid
        ("ଜାହିଦ", "zahid"),  # Oriya, the name Zahid
        ("జాకీర్", "zakir"),  # Telugu, the name Zakir
    ],
)
def test_ja_is_also_read_z_in_the_indic_scripts_without_a_z(word: str, form: str) -> None:
    forms = brahmic_readings(word)
    assert form in forms
    assert forms[0].startswith("j")  # ja is j first


def test_hindi_ja_without_its_nukta_is_also_read_z() -> None:
    # Hindi writes z as ज़ but the nukta is often left out (जैद for the name Zaid): the
    # reading with z is among the forms, after the one with j.
    forms = brahmic_readings("जैद")
    assert forms[0] == "jaid"
    assert "zaid" in forms


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("पिनस्क", "pinsk"),  # Pinsk: Devanagari avoids a three-consonant conjunct (न्स्क)
        ("पिन्स्क", "pinsk"),  # Pinsk, with the conjunct written: unchanged
        ("स्मोलेनस्क", "smolensk"),  # Smolensk
        ("কুর্স্ক", "kursk"),  # Bengali Kursk, the conjunct written
    ],
)
def test_the_schwa_before_a_word_final_conjunct_is_also_read_unsaid(word: str, form: str) -> None:
    assert form in brahmic_readings(word)


def test_a_schwa_before_a_final_conjunct_stays_in_the_first_form() -> None:
    # The form without it comes after: पिनस्क reads pinask first; नमस्ते keeps its vowels.
    assert brahmic_readings("पिनस्क")[0] == "pinask"
    assert brahmic_readings("नमस्ते")[0] == "namaste"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("اسمیت", "smit"),  # Persian/Urdu Smith: alef-sin before a consonant is a prothetic e-
        ("استيفن", "stifn"),  # Stephen
        ("اسکات", "skat"),  # Scott
        ("اشتاین", "shtayn"),  # Stein, with shin (ی after a vowel is y)
    ],
)
def test_a_prothetic_alef_before_an_initial_s_cluster_is_also_read_away(name: str, form: str) -> None:
    forms = romanizations(name)
    assert form in forms
    assert forms[0] != form  # the alef is read first


def test_an_alef_sin_before_a_vowel_is_not_a_prothesis() -> None:
    # اسامه, Usama: the sin has a vowel after it (alef), so the alef is the name's own vowel.
    assert not any(f.startswith("sam") for f in romanizations("اسامه"))


def test_kashmiri_yeh_is_read_as_a_vowel() -> None:
    # Kashmiri's ؠ (ARABIC LETTER KASHMIRI YEH) stands where no other letter writes the vowel
    # after a palatalised consonant: read e, not the consonant y (پؠٹر, Peter, spelt with it).
    forms = romanizations("پؠٹر")
    assert any(f.startswith("pet") for f in forms)
    assert not any("y" in f for f in forms)


@pytest.mark.parametrize(
    ("word", "form"),
    [
        ("ஹார்பர்", "harbar"),  # harbour: the b after r
        ("ஜிப்ரால்டர்", "jibraldar"),  # Gibraltar: the b before r
    ],
)
def test_a_tamil_loan_is_also_read_with_its_stops_voiced(word: str, form: str) -> None:
    # A word with a grantha letter is a loan, whose b, d, g Tamil writes with p, t, k.
    assert form in romanizations(word)


def test_a_tamil_stop_stays_voiceless_in_a_word_initial_s_cluster_and_in_native_words() -> None:
    # ஸ்டாலின், Stalin: st starts the word; மதுரை has no grantha letter and no loan form.
    assert not any("sd" in f for f in romanizations("ஸ்டாலின்"))
    assert romanizations("மதுரை") == ("madurai", "maturai")
