"""Coverage-guided fuzzing of canonym's importers with atheris.

    python -m pip install -e ".[fuzz]"
    cp -r fuzz/corpus-import /tmp/corpus-import    # libFuzzer adds what it finds to the first folder
    python fuzz/fuzz_import.py /tmp/corpus-import -max_total_time=600

The first input byte picks the format (csv, tsv, wikidata, geonames) and, for csv and tsv,
whether the table has an id column; the rest is the file's bytes. Each input either imports,
and then the registry written from it loads back as exactly the entities imported, or fails
with the importer's :class:`canonym.importers.ImportError_`, in one line. Anything else (an
exception of another type, a registry that does not load or loads differently) is a crash,
saved by libFuzzer as ``crash-*``: add it to tests/test_registry_hostile.py.
"""

from __future__ import annotations

import io
import sys

import atheris

with atheris.instrument_imports():
    from canonym import Registry
    from canonym.importers import (
        FORMATS,
        ImportError_,
        binary_lines,
        from_geonames,
        from_table,
        from_wikidata,
        utf8_lines,
        write_registry,
    )


def run_import(fmt: str, with_id: bool, data: bytes) -> list[object]:
    lines = utf8_lines(binary_lines(io.BytesIO(data), "<fuzz>"), "<fuzz>")
    if fmt in ("csv", "tsv"):
        return list(
            from_table(
                lines,
                source="<fuzz>",
                delimiter="," if fmt == "csv" else "\t",
                id_column="id" if with_id else "no id column",
                default_type="place",
            )
        )
    if fmt == "wikidata":
        return list(from_wikidata(lines, source="<fuzz>", default_type="person" if with_id else None))
    return list(from_geonames(lines, source="<fuzz>"))


def test_one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    with_id = bool(data[0] & 0x80)
    try:
        entities = run_import(fmt, with_id, data[1:])
    except ImportError_ as exc:
        assert "\n" not in str(exc), "an import error must be one line"
        return
    out = io.StringIO()
    assert write_registry(entities, out) == len(entities)  # type: ignore[arg-type]
    loaded = Registry.from_text(out.getvalue(), "<written>")  # raises if the file is refused
    assert loaded.entities == tuple(entities), (loaded.entities, entities)


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
