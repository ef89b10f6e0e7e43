"""The ``canonym`` command: a thin layer over the library.

    canonym resolve [--aliases FILE]... [--json] [--top K] [--threshold T] [NAME ...]
    canonym explain [--aliases FILE]... [--json] NAME ...
    canonym check FILE ...
    canonym normalize [--aliases FILE]... [--json | --jsonl | --rewrite | --mark] [FILE | -]

With no NAME, ``resolve`` reads one name per line from standard input and writes exactly
one line per input line, in order, as each is read (so it works in a pipe).
Exit status: 0 when it ran (unknown names are not errors), 2 on a usage error or a bad
registry file, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from canonym import Match, Registry, RegistryError, Resolver, __version__
from canonym.importers import (
    FORMATS,
    ImportError_,
    from_geonames,
    from_table,
    from_wikidata,
    utf8_lines,
    write_registry,
)
from canonym.pipeline import annotate_records, load_resolver

__all__ = ["main"]

NO_MATCH_TEXT = "(unknown)"
THRESHOLD_ERROR = "--threshold must be a number from 0 to 1"
TOP_ERROR = "--top must be a whole number of at least 1"


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(THRESHOLD_ERROR) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(THRESHOLD_ERROR)
    return value


def _top(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(TOP_ERROR) from None
    if value < 1:
        raise argparse.ArgumentTypeError(TOP_ERROR)
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="canonym",
        description="Resolve names spelled by translation and transliteration to canonical entities.",
    )
    parser.add_argument("--version", action="version", version=f"canonym {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    registry = argparse.ArgumentParser(add_help=False)
    registry.add_argument(
        "--aliases",
        action="append",
        metavar="FILE",
        default=[],
        help="registry file to resolve against instead of the bundled one (repeat to merge several)",
    )
    registry.add_argument(
        "--lang", metavar="CODE", help="language the text was translated from (ISO 639-1, e.g. ar)"
    )

    resolve = commands.add_parser(
        "resolve",
        parents=[registry],
        help="resolve names to entities",
        description="Resolve each NAME (or each line of standard input) to an entity, or say it is unknown.",
    )
    resolve.add_argument("names", nargs="*", metavar="NAME", help="names to resolve; none: read stdin")
    resolve.add_argument("--json", action="store_true", help="write one JSON object per line")
    resolve.add_argument("--top", type=_top, metavar="K", help="also list the K best candidates")
    resolve.add_argument(
        "--threshold",
        type=_threshold,
        metavar="T",
        help="minimum confidence of an answer (default: the model's)",
    )

    explain = commands.add_parser(
        "explain",
        parents=[registry],
        help="show why a name resolves as it does",
        description="Show the evidence behind each NAME's best candidates: normalisation, word pairs "
        "and score terms.",
    )
    explain.add_argument("names", nargs="+", metavar="NAME")
    explain.add_argument(
        "--json", action="store_true", help="write the evidence as JSON, one object per line"
    )
    explain.add_argument("--top", type=_top, default=2, metavar="K", help="candidates to explain (default 2)")

    normalize = commands.add_parser(
        "normalize",
        parents=[registry],
        help="find and resolve every mention in running text",
        description="Find, resolve and optionally rewrite every entity mention in a text (FILE, or - for "
        "standard input), or in each record of a JSON Lines stream with --jsonl.",
    )
    normalize.add_argument("file", nargs="?", default="-", metavar="FILE", help="input file (default: stdin)")
    mode = normalize.add_mutually_exclusive_group()
    mode.add_argument(
        "--json",
        dest="mode",
        action="store_const",
        const="json",
        help='print {"text": ..., "mentions": [...]} (the default)',
    )
    mode.add_argument(
        "--jsonl",
        dest="mode",
        action="store_const",
        const="jsonl",
        help="JSON Lines in and out: add mentions to each record, one output line per input line",
    )
    mode.add_argument(
        "--rewrite",
        dest="mode",
        action="store_const",
        const="rewrite",
        help="print the text with every mention replaced by its canonical name",
    )
    mode.add_argument(
        "--mark",
        dest="mode",
        action="store_const",
        const="mark",
        help="print the text with every mention marked as [surface](id)",
    )
    normalize.add_argument(
        "--field", default="text", help="with --jsonl: the field holding the text (default: text)"
    )
    normalize.add_argument(
        "--workers",
        type=_top,
        default=1,
        metavar="N",
        help="with --jsonl: annotate in N processes, output order kept",
    )
    normalize.add_argument(
        "--evidence", action="store_true", help="with --json: include each mention's evidence"
    )
    normalize.set_defaults(mode="json")

    check = commands.add_parser(
        "check",
        help="validate registry files",
        description="Validate registry files; report their size and any name shared by several entities.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")

    importer = commands.add_parser(
        "import",
        help="build a registry file from a CSV/TSV table, Wikidata JSON or a GeoNames table",
        description="Build a registry file from a common source; it is written to standard output "
        "or to --output, and can be checked with `canonym check`.",
    )
    importer.add_argument("format", choices=FORMATS, help="what FILE is")
    importer.add_argument("file", metavar="FILE", help="the source file, or - for standard input")
    importer.add_argument("-o", "--output", metavar="OUT", help="write the registry here (default: stdout)")
    importer.add_argument(
        "--type", dest="default_type", metavar="TYPE", help="type of rows or items that do not say theirs"
    )
    importer.add_argument("--id-column", default="id", metavar="COL", help="csv/tsv: id column (default id)")
    importer.add_argument(
        "--name-column", default="name", metavar="COL", help="csv/tsv: canonical name column (default name)"
    )
    importer.add_argument("--type-column", default="type", metavar="COL", help="csv/tsv: type column")
    importer.add_argument(
        "--aliases-column", default="aliases", metavar="COL", help="csv/tsv: column of other names"
    )
    importer.add_argument(
        "--alias-separator", default="|", metavar="SEP", help="csv/tsv: separator of names (default |)"
    )
    importer.add_argument(
        "--prominence",
        dest="prominence_column",
        metavar="COL",
        help="csv/tsv: column of each entity's prominence, a number (e.g. population); see docs/registry.md",
    )
    importer.add_argument(
        "--languages",
        metavar="LIST",
        help="wikidata: comma-separated language codes to take names from, first preferred (default: all)",
    )
    return parser


def _lines(stream: TextIO) -> Iterator[str]:
    """Input lines without their line ends; a final line without a newline counts too."""
    for line in stream:
        yield line.rstrip("\r\n")


def _match_text(match: Match) -> str:
    e = match.entity
    flags = f" (suspicious: {', '.join(match.evidence.suspicious)})" if match.evidence.suspicious else ""
    return f"{e.canonical} [{e.id}, {e.type}] {match.score:.2f}{flags}"


def _resolve_record(resolver: Resolver, name: str, args: argparse.Namespace) -> str:
    found = resolver.candidates(name, limit=args.top or 1, source_lang=args.lang)
    best = found[0] if found and resolver.accepts(found[0], args.threshold) else None
    if args.json:
        record: dict[str, Any] = {"query": name, "match": None if best is None else best.as_dict()}
        if args.top:
            record["candidates"] = [m.as_dict() for m in found]
        return json.dumps(record, ensure_ascii=False)
    answer = NO_MATCH_TEXT if best is None else _match_text(best)
    if args.top:
        answer += "\t" + "; ".join(_match_text(m) for m in found)
    return f"{name}\t{answer}"


def _explain_text(resolver: Resolver, name: str, top: int, lang: str | None) -> str:
    found = resolver.candidates(name, limit=top, source_lang=lang)
    out = [f"{name!r}"]
    if not found:
        return f"{name!r}: no candidate shares a word or key with any registry name"
    first = found[0].evidence
    steps = ", ".join(first.normalization) or "none"
    out.append(f"  normalised: {first.query_normalized!r} (steps: {steps})")
    if first.ignored:
        out.append(f"  titles ignored: {', '.join(first.ignored)}")
    if first.suspicious:
        reasons = ", ".join(first.suspicious)
        out.append(f"  suspicious: {reasons} (confidence lowered, see docs/reliability.md)")
    best = found[0]
    limit = resolver.thresholds[best.entity.type]
    if resolver.accepts(best):
        out.append(
            f"  answer: {best.entity.canonical} (confidence {best.score:.3f} >= {best.entity.type} "
            f"threshold {limit:.2f})"
        )
    else:
        out.append(
            f"  answer: {NO_MATCH_TEXT} (best confidence {best.score:.3f} < {best.entity.type} "
            f"threshold {limit:.2f})"
        )
    for rank, match in enumerate(found, 1):
        ev = match.evidence
        e = match.entity
        out.append(f"  {rank}. {e.canonical} [{e.id}, {e.type}] confidence {match.score:.3f}")
        out.append(f"     via alias {ev.alias!r} -> {ev.alias_normalized!r}")
        for pair in ev.pairs:
            out.append(f"     {pair.query:>16} ~ {pair.alias:<16} {pair.similarity:.2f} {pair.how}")
        if ev.unmatched_query:
            out.append(f"     unmatched in the name: {', '.join(ev.unmatched_query)}")
        if ev.unmatched_alias:
            out.append(f"     unmatched in the alias: {', '.join(ev.unmatched_alias)}")
        terms = sorted(ev.contributions.items(), key=lambda t: -abs(t[1]))[:6]
        out.append("     largest score terms (log-odds): " + ", ".join(f"{k} {v:+.2f}" for k, v in terms))
    return "\n".join(out)


class _Interrupted(Exception):
    """SIGINT arrived after ``written`` records had their output line."""

    def __init__(self, written: int) -> None:
        super().__init__(written)
        self.written = written


class _RecordWriter:
    """Writes one output line per record and counts them, exactly even under Ctrl-C.

    A SIGINT that arrives while a line is being written takes effect right after it, so
    the output never ends in a torn line and ``written`` is the number of lines out.
    Leaving the ``with`` block on SIGINT raises :class:`_Interrupted`.
    """

    def __init__(self, out: TextIO, *, flush: bool = False) -> None:
        self.out, self.flush, self.written = out, flush, 0
        self._writing = self._pending = False
        self._installed = False

    def __enter__(self) -> _RecordWriter:
        # Only the default handler is replaced: an ignored SIGINT (nohup) stays ignored,
        # and outside the main thread no handler can be set.
        if (
            threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler
        ):
            signal.signal(signal.SIGINT, self._on_sigint)
            self._installed = True
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        if kind is KeyboardInterrupt:
            raise _Interrupted(self.written) from None

    def _on_sigint(self, _signum: int, _frame: object) -> None:
        if self._writing:
            self._pending = True
        else:
            raise KeyboardInterrupt

    def write(self, line: str) -> None:
        self._writing = True
        self.out.write(line + "\n")
        if self.flush:
            self.out.flush()
        self.written += 1
        self._writing = False
        if self._pending:
            raise KeyboardInterrupt


def _run_resolve(args: argparse.Namespace, out: TextIO) -> int:
    resolver = load_resolver(args.aliases)
    names: Iterator[str] = iter(args.names) if args.names else _lines(sys.stdin)
    with _RecordWriter(out, flush=True) as writer:
        for name in names:
            writer.write(_resolve_record(resolver, name, args))
    return 0


def _run_explain(args: argparse.Namespace, out: TextIO) -> int:
    resolver = load_resolver(args.aliases)
    for name in args.names:
        if args.json:
            found = resolver.candidates(name, limit=args.top, source_lang=args.lang)
            record = {
                "query": name,
                "thresholds": dict(resolver.thresholds),
                "candidates": [m.as_dict(evidence=True) for m in found],
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        else:
            out.write(_explain_text(resolver, name, args.top, args.lang) + "\n")
    return 0


def _read_input(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    with _open_lines(path) as handle:
        return handle.read()


class _InputError(Exception):
    """An input file that cannot be read: one line on stderr, exit 2."""


class _Progress:
    """Records and records/s on stderr, redrawn at most twice a second, only on a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.count = 0
        self.start = self.shown = time.monotonic()

    def tick(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.enabled and now - self.shown >= 0.5:
            self.shown = now
            rate = self.count / max(now - self.start, 1e-9)
            sys.stderr.write(f"\rcanonym: {self.count} records, {rate:,.0f} records/s")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.count:
            sys.stderr.write("\n")


def _run_normalize(args: argparse.Namespace, out: TextIO) -> int:
    if args.mode == "jsonl":
        lines = _lines(sys.stdin) if args.file == "-" else _lines(_open_lines(args.file))
        progress = _Progress()
        failed = False
        try:
            with _RecordWriter(out) as writer:
                for outcome in annotate_records(
                    lines, aliases=args.aliases, field=args.field, source_lang=args.lang, workers=args.workers
                ):
                    writer.write(outcome.line)
                    failed = failed or not outcome.ok
                    progress.tick()
        finally:
            progress.close()
        out.flush()
        return 1 if failed else 0
    resolver = load_resolver(args.aliases)
    text = _read_input(args.file)
    annotated = resolver.annotate(text, source_lang=args.lang)
    if args.mode == "rewrite":
        out.write(annotated.rewrite())
    elif args.mode == "mark":
        out.write(annotated.mark())
    else:
        out.write(json.dumps(annotated.as_dict(evidence=args.evidence), ensure_ascii=False) + "\n")
    out.flush()
    return 0


def _open_lines(path: str) -> TextIO:
    try:
        return open(path, encoding="utf-8", errors="replace")  # closed at exit; read lazily
    except OSError as exc:
        raise _InputError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def _run_check(args: argparse.Namespace, out: TextIO) -> int:
    for path in args.files:
        registry = Registry.from_files([path])
        names = sum(len(e.names) for e in registry.entities)
        out.write(f"{path}: ok, {len(registry)} entities, {names} names\n")
        for name, ids in sorted(registry.ambiguous.items()):
            out.write(f"{path}: note: {name!r} is a name of {len(ids)} entities: {', '.join(ids)}\n")
    return 0


def _run_import(args: argparse.Namespace, out: TextIO) -> int:
    source = "<stdin>" if args.file == "-" else args.file
    try:
        binary = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as exc:
        raise _InputError(f"{args.file}: cannot be read: {exc.strerror or exc}") from None
    lines = utf8_lines(binary, source)
    skipped: list[str] = []
    with binary:
        if args.format in ("csv", "tsv"):
            entities = from_table(
                lines,
                source=source,
                delimiter="," if args.format == "csv" else "\t",
                id_column=args.id_column,
                name_column=args.name_column,
                type_column=args.type_column,
                default_type=args.default_type,
                aliases_column=args.aliases_column,
                alias_separator=args.alias_separator,
                prominence_column=args.prominence_column,
            )
        elif args.format == "wikidata":
            languages = [x.strip() for x in args.languages.split(",")] if args.languages else None
            entities = from_wikidata(
                lines, source=source, languages=languages, default_type=args.default_type, skipped=skipped
            )
        else:
            entities = from_geonames(lines, source=source)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as target:
            count = write_registry(entities, target)
    else:
        count = write_registry(entities, out)
    print(f"canonym: imported {count} entities from {source}", file=sys.stderr)
    if skipped:
        print(
            f"canonym: left out {len(skipped)} items with no label or no known type "
            f"(give --type): {', '.join(skipped[:5])}{' ...' if len(skipped) > 5 else ''}",
            file=sys.stderr,
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    runners = {
        "resolve": _run_resolve,
        "explain": _run_explain,
        "check": _run_check,
        "normalize": _run_normalize,
        "import": _run_import,
    }
    # Names are UTF-8 whatever the locale; undecodable input bytes become U+FFFD rather
    # than stopping the stream, and \n, \r\n and a lone \r each end an input line.
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(encoding="utf-8", errors="replace", newline=None)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    try:
        return runners[args.command](args, sys.stdout)
    except (RegistryError, ImportError_, _InputError) as exc:
        print(f"canonym: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, without a second error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except _Interrupted as stop:
        sys.stdout.flush()
        print(
            f"canonym: interrupted: {stop.written} records written; "
            f"no output for input record {stop.written + 1} onward",
            file=sys.stderr,
        )
        return 130
    except KeyboardInterrupt:
        return 130
