"""Chakma readings: the letters Chakma says as Chittagonian does."""

from canonym.romanization import brahmic_readings


def test_chakma_ca_and_ja_are_also_read_s_and_z() -> None:
    # Chakma says ca as s and ja as z, and has no letter of its own for z (Grierson,
    # Linguistic Survey of India V.1, on Chakma): a form with s and z beside ch and j.
    assert brahmic_readings("𑄌𑄚𑄴")[0] == "chan"  # CAA, NAA with the maayyaa
    assert "san" in brahmic_readings("𑄌𑄚𑄴")
    assert "zam" in brahmic_readings("𑄎𑄟𑄴")  # JAA, MAA with the maayyaa
    # Not in the other scripts: Bengali চন stays ch.
    assert "san" not in brahmic_readings("চন্")
