"""Readings of the syllabaries and abugidas of issue 13's second group (Cherokee, Burmese,
Thai and Lao), on hand-made syllables: each test names the orthographic rule it checks."""

from __future__ import annotations

from canonym.romanization import (
    adlam_readings,
    cherokee_readings,
    ethiopic_readings,
    khmer_readings,
    myanmar_readings,
    nko_readings,
    thai_lao_readings,
)
from canonym.scripts import romanizations


def test_cherokee_e_also_writes_english_short_i_and_w_writes_v() -> None:
    # Cherokee has six vowels (a e i o u v) and no lax i or consonant v: a foreign short i is
    # written with the e-syllables, a v with the w-syllables (Ꮺ we).
    assert "bid" in cherokee_readings("ᏇᏗ")  # be-di
    assert "vin" in cherokee_readings("ᏪᏂ")  # we-ni


def test_cherokee_w_syllables_also_write_f() -> None:
    # Cherokee has no labiodental fricative, voiced or voiceless: a foreign f is written with
    # the w-syllables as a v is (ᏐᏩ so-wa, sofa; ᏩᏘᎹ wa-ti-ma, Fatma), and the reading with
    # f is among the forms a name is looked up by.
    assert "sofa" in romanizations("ᏐᏩ")
    assert "fatma" in romanizations("ᏩᏘᎹ")
    # The w that writes the glide between u and another vowel is no consonant of the name.
    assert not any("f" in form for form in romanizations("ᏚᏩᏂ"))  # du-wa-ni, Duane


def test_cherokee_wi_after_u_is_no_diphthong() -> None:
    # da-wi is *dau*, but du-wi has no second half of a diphthong to write: its i stays.
    assert "dau" in cherokee_readings("ᏓᏫ")
    readings = cherokee_readings("ᏚᏫ")
    assert "duu" not in readings and "duwi" in readings


def test_cherokee_ts_series_also_writes_ch() -> None:
    # The ts series writes English j and ch alike; the voiceless reading gives ch.
    assert "chat" in cherokee_readings("ᏣᏗ")  # tsa-di


def test_myanmar_ph_writes_f_in_a_foreign_name() -> None:
    assert "fan" in myanmar_readings("ဖန်")
    assert "bak" in myanmar_readings("ဘက်")  # and a foreign ak keeps its a (said et in Burmese)
    assert myanmar_readings("ဘက်")[0] == "bek"


def test_myanmar_rhymes_ac_and_uik() -> None:
    # MLCTS -ac is said it (ချစ်, chit), -uik is said aik (ဗိုက်, baik).
    assert myanmar_readings("ကစ်")[0] == "kis"
    assert myanmar_readings("ဗိုက်")[0] == "baik"


def test_myanmar_no_nasal_voicing_in_a_foreign_name() -> None:
    readings = myanmar_readings("အင်တာ")
    assert readings[0] == "inda" and "inta" in readings


def test_thai_lao_final_stops_are_voiceless() -> None:
    # RTGS and BGN/PCGN Lao: a syllable-final ด บ ດ ບ is t, p (สุด sut, ລາດ lat).
    assert thai_lao_readings("สุด")[0] == "sut"
    assert thai_lao_readings("ລາດ")[0] == "lat"
    assert thai_lao_readings("ดี")[0] == "di"  # an initial d stays


def test_thai_lao_an_initial_after_a_syllable_stays_voiced() -> None:
    # After a tone mark, before a vowel or the vowel carrier อ, or after ะ, which ends its
    # syllable, ด บ begin the next syllable (หมู่บ้าน mu-ban, village; แม่ดอน, สะดวก sa-duak).
    assert thai_lao_readings("หมู่บ้าน")[0] == "muban"
    assert "maeton" not in thai_lao_readings("แม่ดอน")
    assert thai_lao_readings("สะดวก")[0] == "saduak"


def test_thai_lao_open_ua_and_eo() -> None:
    assert thai_lao_readings("ຕົວ")[0] == "tua"
    assert thai_lao_readings("ตัว")[0] == "tua"
    assert thai_lao_readings("เลว")[0] == "leo"


def test_nko_unwritten_vowel_dotted_consonants_and_nasal() -> None:
    # Two successive syllables with one vowel write it once: ߓߙߊ is ba-ra.
    assert nko_readings("ߓߙߊ")[0] == "bara"
    # The dagbasinna keeps a consonant vowel-less; a final consonant has none.
    assert nko_readings("ߛߑߞߊߟ")[0] == "skal"
    # The dot on ߖ and ߝ writes z and v; ߲ nasalises (an n).
    assert nko_readings("ߖ߭ߊ߲ߝ߭ߋ")[0] == "zanve"
    assert romanizations("ߓߙߊ")[0] == "bara"


def test_ethiopic_first_cluster_without_epenthetic_i() -> None:
    # ስታ: s with the sixth order, then ta: an Amharic word says sita, a foreign name st.
    readings = ethiopic_readings("ስታር")
    assert readings[0] == "sitar" and "star" in readings
    assert ethiopic_readings("እስያ") == ("isya",)  # the vowel carrier keeps its i


def test_khmer_loan_writes_english_er_with_oe() -> None:
    # ឺ writes the vowel of English *burger* (ប៊ឺហ្គឺ), which English spells with an r.
    assert "berger" in khmer_readings("ប៊ឺហ្គឺ")


def test_cherokee_glide_after_i_or_u_writes_a_hiatus() -> None:
    # Every Cherokee syllable starts with its consonant or is a bare vowel written alone; two
    # vowels in a row (the i-a of Amelia, the u-i of Louise) are written with the glide of the
    # first, a y-syllable after i and a w-syllable after u (ᎠᎻᎵᏯ a-mi-li-ya, ᏚᏩᏂ du-wa-ni):
    # read without it, the vowel before it is said, not the i Cherokee adds to a bare consonant.
    assert "amilia" in cherokee_readings("ᎠᎻᎵᏯ")
    assert "duan" in cherokee_readings("ᏚᏩᏂ")  # Duane


def test_cherokee_ts_series_reads_ch_with_the_other_letters_as_written() -> None:
    # ch alone, the d and g series kept voiced and a vowel the name says inside the word kept:
    # ᏥᏂᎦᏙ tsi-ni-ga-do read *chinigado*, not only the voiceless *chinkato*.
    assert "chinigado" in cherokee_readings("ᏥᏂᎦᏙ")


def test_thai_leading_vowel_is_said_after_an_initial_cluster() -> None:
    # A vowel written before its consonant precedes the whole initial cluster (kr, kl, pr,
    # pl, phr, phl, tr, and br, bl, fr, fl, dr in loans): เพลง *phleng* (song), ไกล *klai*
    # (far), โปรแกรม *prokraem* (program); a consonant that forms no cluster with l or r
    # is followed by its vowel (เมล *mel*, mail).
    assert thai_lao_readings("เพลง")[0] == "phleng"
    assert thai_lao_readings("ไกล")[0] == "klai"
    assert thai_lao_readings("โปรแกรม")[0] == "prokraem"
    assert thai_lao_readings("เมล")[0] == "mel"


def test_cherokee_final_i_syllable_may_write_english_final_y() -> None:
    # The i Cherokee adds to a bare consonant is left out before another consonant, while a
    # final i-syllable also writes the -y, -ie, -ey of English names: ᎭᏗᎵ ha-di-li, Hadley.
    assert "hadli" in cherokee_readings("ᎭᏗᎵ")


def test_cherokee_s_also_writes_z() -> None:
    # Cherokee has no voiced sibilant: a foreign z (and the z-sound English spells s) is
    # written with the s-syllables (ᏉᏏ kwo-si, Boz).
    assert "boz" in cherokee_readings("ᏉᏏ")


def test_cherokee_e_also_writes_the_vowel_of_english_cat() -> None:
    # English æ (cat) is a front vowel Cherokee lacks; its nearest is e (Ꭸ ge): ᎨᎾᏓ ge-na-da,
    # Canada, read with a.
    assert "ganada" in romanizations("ᎨᎾᏓ")


def test_cherokee_foreign_reading_with_r_and_voiceless_stops_at_once() -> None:
    # A foreign name needs both substitutions at once: l for r and the unaspirated g for k
    # (ᎦᎳ ga-la, Kara).
    assert "kara" in romanizations("ᎦᎳ")


def test_adlam_loan_reading_drops_the_vowels_fula_adds() -> None:
    # The letters as anyascii gives them first; then as a loan: chi and kha as ch and kh, the
    # class suffix Fula gives a borrowed noun (Arabic kitab, book: Fula kitaabu) and the vowel
    # that parts an initial cluster (si-portu, sport) left out.
    assert adlam_readings("𞤑𞤭𞤼𞤢𞥄𞤦𞤵") == ("kitabu", "kitab")
    assert adlam_readings("𞤅𞤭𞤨𞤮𞤪𞤼𞤵")[1] == "sport"
    assert adlam_readings("𞤕𞤢𞥄𞤣") == ("cad", "chad")  # Chad, Fula Caad
    assert adlam_readings("Lima") == ()
    assert romanizations("𞤅𞤭𞤨𞤮𞤪𞤼𞤵") == ("siportu", "sport")


def test_thai_lao_split_vowel_surrounds_the_whole_cluster() -> None:
    # เ-ีย and เ-ือ are written around a cluster, not its first letter (RTGS: kriang, plueak).
    assert thai_lao_readings("เกรียง")[0] == "kriang"
    assert thai_lao_readings("เปลือก")[0] == "plueak"
    # Lao's subscript l makes the cluster the split vowel surrounds.
    assert thai_lao_readings("ເກຼີ")[0] == "kloe"
    assert thai_lao_readings("ຫຼວງ")[0] == "luang"  # ຼ under the tone-marking h: l


def test_thai_o_ang_before_o_ang_is_the_carrier() -> None:
    # ทาง-ออก (thang-ok, exit): the first อ carries the syllable, the second is its vowel o.
    assert thai_lao_readings("ทางออก")[0] == "thangok"


def test_khmer_loan_reads_uy_as_french_u() -> None:
    # ប៊ុយរ៉ូ (bureau): ុយ writes French u; the loan reading gives u, the others uy.
    readings = khmer_readings("ប៊ុយរ៉ូ")
    assert readings[0] == "buyro" and "buro" in readings


def test_cherokee_tl_series_also_writes_th_with_the_l_series_as_r() -> None:
    # The lateral series writes the fricatives Cherokee lacks, th among them, and a final
    # fricative has no vowel of its own: ge-li-tla is also *gerth* (made up to show the rule),
    # among the forms that are looked up (th is the one English names end in most often).
    assert "gerth" in cherokee_readings("ᎨᎵᏝ")
    assert "gelsh" in cherokee_readings("ᎨᎵᏝ")
    assert "gerth" in romanizations("ᎨᎵᏝ")
    # Inside the word the tl-syllable keeps its vowel (tla-li: *shal*).
    assert "shal" in cherokee_readings("ᏝᎵ")
