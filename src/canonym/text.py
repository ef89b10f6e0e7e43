"""Find, resolve and rewrite every entity mention in running text, using the document.

Three passes over a text:

1. **Spans.** :mod:`canonym.mentions` finds runs of capitalised words; each run is split
   into the spans that resolve best (longest accepted span first, so "Chacalluta–Santa
   Rosa" becomes two mentions and "La Yarada-Los Palos" stays one). Leading titles are
   reported in ``Mention.title`` and left out of the span. A known name next to a
   capitalised word that names nothing is not a span ("Melania Trump", "Lima Barreto"),
   and a span holding a word that resembles no word of the registry is never resolved.
2. **Names.** A span whose own confidence reaches its type's threshold is linked
   (``via="name"``), unless it is a word of the language rather than a name ("Us", a
   capitalised "On") or, where its capital says nothing, resembles only a foreign-script
   spelling of an entity the registry also spells in the text's script. These entities are
   what the document is about.
3. **Document.** A span below the threshold (a surname alone, a variant spelling) is
   linked when one of its candidates is an entity the document already names
   (``via="document"``: "Gehry" after "José Gehry"), preferring the one named most often;
   or when enough of a candidate's registry ``context`` words occur in the document and its
   own confidence is at least :data:`CONTEXT_FLOOR` (``via="context"``: "Cast" in an
   article about Chile's election). A capitalised word at the start of a sentence is only
   linked through the document, never through context alone.

Text without capitals (Arabic, Hebrew, Korean, Chinese, Japanese, Thai...) is read by
:func:`_caseless_split` (word n-grams without their clitics; registry names inside runs of
scripts written without spaces), and a Russian or Ukrainian name with a case ending is also
looked up by its nominative (:func:`_inflected`); see docs/text-pipeline.md.

``Mention.score`` is always the span's own confidence from the resolver; ``via`` says what
else was needed. Nothing below :data:`CANDIDATE_FLOOR` is linked whatever the document says.

The resolver is used only through :class:`TextResolver`; the work per document is bounded
(see :class:`_Budget` and docs/text-pipeline.md).
"""

from __future__ import annotations

import datetime
import functools
import itertools
import unicodedata
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, runtime_checkable

import regex

from canonym.cache import collector_paused
from canonym.features import CLOSE_PAIR
from canonym.lexicon import Lexicon
from canonym.mentions import Run, Token, candidate_runs, caseless_runs, tokenize
from canonym.models import Entity, Match
from canonym.normalize import normalize_text
from canonym.roles import as_day, find_role_mentions, usual_title
from canonym.scripts import char_script, clitic_splits, cyrillic_stems, romanizations
from canonym.surnames import surname_word

if TYPE_CHECKING:
    from canonym.registry import Registry

__all__ = ["CANDIDATE_FLOOR", "CONTEXT_FLOOR", "Annotated", "Mention", "TextResolver", "annotate"]


@runtime_checkable
class TextResolver(Protocol):
    """What the text layer needs from a resolver (:class:`canonym.Resolver` is one): the
    dependency runs one way, from this module to that interface.

    Two more methods are used where a resolver has them, to spare work: ``span_candidates``
    (as ``candidates_cached``, but ``()`` for a span no candidate can explain, compared not
    at all) and ``has_alias`` (whether an alias is written exactly as a given word). A
    resolver with ``span_candidates`` is taken to answer each span the same way every time
    (canonym's does): the runs of words it has split are kept and not split again (see
    :func:`_split_once`)."""

    @property
    def lexicon(self) -> Lexicon:
        """The name knowledge the resolver analyses names with."""

    def accepts(self, match: Match, threshold: float | None = None) -> bool:
        """Whether ``match`` reaches its type's threshold."""

    @property
    def registry(self) -> Registry:
        """The registry the resolver answers from (its people's roles name office holders);
        used when a text is annotated with a date, and to screen spans (a resolver without
        one has its function words looked up)."""

    def candidates_cached(
        self, surface: str, source_lang: str | None = None, date: datetime.date | None = None
    ) -> tuple[Match, ...]:
        """The three best candidates for ``surface`` by name, best first (memoised), titles
        weighed on ``date``."""

    def word_weight(self, word: str) -> float:
        """Rarity weight of a normalised word in (0, 1]."""

    def resembles(self, word: str) -> bool:
        """False only when no word of the registry can pair closely with ``word``."""

    def names_in_script(self, script: str) -> frozenset[str]:
        """The registry's names written in ``script`` (a Unicode script name such as "Han")."""


Via = Literal["name", "document", "context", "role"]
CANDIDATE_FLOOR = 0.3
"""Below this name-level confidence a span is never linked, whatever the document says."""
CONTEXT_FLOOR = 0.5
"""Context words alone can link a span whose own confidence is at least this."""
_CONTEXT_WORDS = 2
_MAX_SPAN = 6
# A document may look up _BUDGET_BASE + len(text) // _BUDGET_CHARS distinct spans of two
# words or more (see _Budget).
_BUDGET_BASE = 64
_BUDGET_CHARS = 16


@dataclass(frozen=True)
class Mention:
    """One linked mention: ``text[start:end]`` is its surface form."""

    start: int
    end: int
    text: str
    entity: Entity
    score: float
    via: Via
    title: str = ""
    match: Match | None = field(default=None, repr=False, compare=False)

    def as_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """A JSON-ready view."""
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "id": self.entity.id,
            "canonical": self.entity.canonical,
            "type": self.entity.type,
            "score": round(self.score, 4),
            "via": self.via,
        }
        if self.title:
            out["title"] = self.title
        if self.match is not None and self.match.evidence.suspicious:
            out["suspicious"] = list(self.match.evidence.suspicious)
        if evidence and self.match is not None:
            out["evidence"] = self.match.evidence.as_dict()
            # The title a false friend of the person's office stands for (rewrite(titles=True)).
            usual = _usual_title(self)
            if usual is not None:
                out["evidence"]["usual_title"] = usual
        return out


@dataclass(frozen=True)
class Annotated:
    """A text and the mentions found in it, in order of position."""

    text: str
    mentions: tuple[Mention, ...]

    def rewrite(self, *, titles: bool = False) -> str:
        """The text with every mention replaced by its entity's canonical name; with
        ``titles``, also a title that translation got wrong replaced by the usual one
        where the person's office is known (*Peruvian Chancellor* for Peru's foreign
        minister becomes *Peruvian Foreign Minister*; see :func:`canonym.roles.usual_title`).

        >>> from canonym import Resolver
        >>> Resolver.default().annotate("Janet Jara met José Gehry in Lima.").rewrite()
        'Jeannette Jara met José Jerí in Lima.'
        """
        names = _rewrites(self.text, self.mentions)
        if not titles:
            return self._splice(names.__getitem__)
        return _rewrite_titles(self.text, self.mentions, names)

    def mark(self) -> str:
        """The text with every mention marked inline as ``[surface](id)``.

        >>> from canonym import Resolver
        >>> Resolver.default().annotate("Gehry spoke.").mark()
        'Gehry spoke.'
        >>> Resolver.default().annotate("José Gehry spoke; Gehry left.").mark()
        '[José Gehry](jose-jeri) spoke; [Gehry](jose-jeri) left.'
        """
        return self._splice(lambda m: f"[{m.text}]({m.entity.id})")

    def _splice(self, replace: Callable[[Mention], str]) -> str:
        parts: list[str] = []
        position = 0
        for mention in self.mentions:
            parts.append(self.text[position : mention.start])
            parts.append(replace(mention))
            position = mention.end
        parts.append(self.text[position:])
        return "".join(parts)

    def as_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """A JSON-ready view: ``{"text": ..., "mentions": [...]}``."""
        return {"text": self.text, "mentions": [m.as_dict(evidence=evidence) for m in self.mentions]}


_GLOSS_OPEN = regex.compile(r"[ \t\u00a0]*\([ \t\u00a0]*\Z")
_GLOSS_CLOSE = regex.compile(r"[ \t\u00a0]*\)")


def _rewrites(text: str, mentions: tuple[Mention, ...]) -> dict[Mention, str]:
    """What :meth:`Annotated.rewrite` puts in place of each mention: its entity's canonical
    name, except where two mentions of one entity stand in apposition, the second in
    parentheses ("International Organization for Migration (IOM)"): the pair names the
    entity once, with its acronym or long form as a gloss, so the gloss is left as written,
    and so is the first mention if rewriting it would repeat the gloss.
    """
    # A role mention ("Peru's interim president") stays as written: it names the person
    # by office, which the text means to say.
    out = {m: m.text if m.via == "role" else m.entity.canonical for m in mentions}
    for first, second in itertools.pairwise(mentions):
        if (
            first.entity.id == second.entity.id
            and _GLOSS_OPEN.match(text, first.end, second.start) is not None
            and _GLOSS_CLOSE.match(text, second.end) is not None
        ):
            out[second] = second.text
            if _fold(first.entity.canonical) == _fold(second.text):
                out[first] = first.text
    return out


class _Span(NamedTuple):
    """A resolved span: token range, surface and the resolver's candidates for it (a named
    tuple: a document makes one for each span it keeps, and a tuple is quick to make)."""

    first: int
    last: int  # exclusive
    start: int
    end: int
    title: str
    candidates: tuple[Match, ...]
    sentence_start: bool
    headline: bool
    caseless: bool = False  # found in text without capitals (see _caseless_split)


def _shifted(span: _Span, by: int) -> _Span:
    """``span`` with its offsets moved by ``by`` characters (a run memo moves a few spans
    per run)."""
    return _Span(
        span.first,
        span.last,
        span.start + by,
        span.end + by,
        span.title,
        span.candidates,
        span.sentence_start,
        span.headline,
        span.caseless,
    )


def _explained(match: Match) -> bool:
    """Whether every word of the span (but its titles) pairs closely with the alias: a span
    with a leftover word ("Chile and", "Chacalluta–Santa") is not one mention."""
    ev = match.evidence
    return not ev.unmatched_query and all(p.similarity >= CLOSE_PAIR for p in ev.pairs)


def _split(
    text: str,
    run: Run,
    resolver: TextResolver,
    cache: Callable[[str], tuple[Match, ...]],
    budget: _Budget,
) -> list[_Span]:
    """Split a run into the spans that resolve best, left to right: at each position the
    longest accepted, fully explained span; else the best-scoring explained one.

    A known name is not linked where the run goes on, or began, with a capitalised word that
    names nothing: the name is part of a longer one the registry does not hold (see
    :func:`_unknown`).
    """
    spans: list[_Span] = []
    tokens = run.tokens
    lexicon = resolver.lexicon
    # A span holding a word that resembles no word of the registry cannot be explained:
    # it is never resolved (this bounds the work on text where every word is capitalised).
    plausible = [resolver.resembles(t.text) for t in tokens]
    found_at: dict[int, tuple[int, tuple[Match, ...]] | None] = {}

    def best_at(i: int) -> tuple[int, tuple[Match, ...]] | None:
        if i not in found_at:
            found_at[i] = _best_span(
                text, tokens, i, plausible=plausible, resolver=resolver, cache=cache, budget=budget
            )
        return found_at[i]

    i = 0
    unknown_before = False  # the previous word is a capitalised word that names nothing
    while i < len(tokens):
        best = best_at(i)
        if best is None or _is_demonym(tokens[i : best[0]], lexicon):
            unknown_before = _unknown(run, i, lexicon)
            i += 1
            continue
        j, found = best
        titled = bool(found[0].evidence.ignored)
        # After an unknown capitalised word the name is someone else's ("Melania Trump"),
        # unless a title stands between them ("Chilian Security Minister Luis Cordero");
        # before one, the name is part of a longer name ("Santiago Bernabéu" the stadium,
        # "Lima Barreto" the writer), unless the word is a title ("Lima Mayor ...").
        after = unknown_before and not run.dash_before[i] and not tokens[i].headline and not titled
        before = (
            j < len(tokens)
            and not run.dash_before[j]
            and not tokens[j].headline
            and _fold(tokens[j].text) not in lexicon.titles
            and best_at(j) is None
            and _unknown(run, j, lexicon)
        )
        if not (after or before):
            spans.append(_trim(text, tokens, i, j, found))
        unknown_before = False
        i = j
    return spans


def _best_span(
    text: str,
    tokens: tuple[Token, ...],
    i: int,
    *,
    plausible: list[bool],
    resolver: TextResolver,
    cache: Callable[[str], tuple[Match, ...]],
    budget: _Budget,
) -> tuple[int, tuple[Match, ...]] | None:
    """The span starting at token ``i`` that resolves best: (end, candidates), or None."""
    lexicon = resolver.lexicon
    best: tuple[int, tuple[Match, ...]] | None = None
    best_score = CANDIDATE_FLOOR
    # A span starting with "and", "of" or a capitalised "In" must be a whole accepted
    # name ("The Clinic", "La Yarada-Los Palos"); otherwise the word is skipped.
    small_word = tokens[i].text.lower() in lexicon.function_words
    reach = i
    while reach < min(len(tokens), i + _MAX_SPAN) and plausible[reach]:
        reach += 1
    for j in range(reach, i, -1):
        if tokens[j - 1].text.lower() in lexicon.particles and j - 1 > i:
            continue  # nor ends with one
        surface = text[tokens[i].start : tokens[j - 1].end]
        if j - i > 1 and not budget.allows(surface):
            continue
        if j == i + 1 and best is None and _screened(tokens[i], surface, resolver):
            continue
        found = cache(surface)
        if not found or not _explained(found[0]):
            continue
        top = found[0]
        if resolver.accepts(top):
            return j, found
        if top.score > best_score and not small_word:
            best, best_score = (j, found), top.score
    return best


SCREEN = True
"""Whether :func:`_screened` spans are skipped (the tests compare both ways)."""


def _screened(token: Token, surface: str, resolver: TextResolver) -> bool:
    """Whether a one-word span, tried when no longer span from its word was kept, can be
    skipped unresolved because whatever the resolver answers, the text layer would drop it.

    Sound by construction, since its answer could change nothing:

    - a nationality word ("Chilean"): :func:`_split` treats a best span that ends in one
      as no span, and with no longer span kept the word alone would be the best;
    - a function word ("The", "However"): a span starting with one counts only when
      accepted, and :func:`_not_a_name` then drops a function word unless its match is
      an alias written exactly as the span, so the word is resolved only where the
      registry has a name written so (an alias the resolver matches against, where it
      can say: :meth:`canonym.Resolver.has_alias`). Either way :func:`_unknown` is False for the word,
      so the words around it are read alike.

    No bound on the confidence is involved: see docs/performance.md for why none from
    the index's cheap facts holds.
    """
    if not SCREEN:
        return False
    lexicon = resolver.lexicon
    if _is_demonym((token,), lexicon):
        return True
    if not (
        token.text.lower() in lexicon.function_words
        and _fold(surface) in lexicon.function_words
        and len(surface) <= _function_word_chars(lexicon)
    ):
        return False
    # A resolver that can say whether an alias is written as the span (Resolver.has_alias:
    # a best match's alias can equal it only then) answers in one look-up; otherwise the
    # registry's names are read once. A resolver written before this screen may give no
    # registry (it was needed only with a date): its function words are looked up as before.
    has_alias = getattr(resolver, "has_alias", None)
    if has_alias is not None:
        return not has_alias(surface)
    registry = getattr(resolver, "registry", None)
    return registry is not None and surface not in _function_word_names(registry, lexicon)


@functools.lru_cache(maxsize=4)
def _function_word_chars(lexicon: Lexicon) -> int:
    """How long a name folding to a function word may be and still be screened: the
    longest function word plus room for accents and punctuation that fold away."""
    return 2 * max(map(len, lexicon.function_words), default=0) + 4


_NAMES_OF_WORDS: dict[int, tuple[weakref.ref[Registry], frozenset[str]]] = {}
_NAMES_OF_WORDS_KEPT = 8


def _function_word_names(registry: Registry, lexicon: Lexicon) -> frozenset[str]:
    """The registry's names that are a function word (an entity named "The", "As"), as
    written: one pass over the names per registry, kept for the last few registries
    (weakly, so a registry still goes when its resolver does)."""
    kept = _NAMES_OF_WORDS.get(id(registry))
    if kept is not None and kept[0]() is registry:
        return kept[1]
    # Only spans up to this long are screened, so only names up to this long can equal
    # one: the length test spares folding every name.
    longest = _function_word_chars(lexicon)
    names = frozenset(
        name
        for entity in registry.entities
        for name in entity.names
        if len(name) <= longest and _fold(name) in lexicon.function_words
    )
    if len(_NAMES_OF_WORDS) >= _NAMES_OF_WORDS_KEPT:
        _NAMES_OF_WORDS.clear()
    _NAMES_OF_WORDS[id(registry)] = (weakref.ref(registry), names)
    return names


# The cases a Russian or Ukrainian name is declined in end in these letters (see
# canonym.scripts.cyrillic_stems); a span ending in one is also looked up as its stem.
def _inflected(
    surface: str,
    resolver: TextResolver,
    cache: Callable[[str], tuple[Match, ...]],
    explained: Callable[[str], tuple[Match, ...]],
) -> tuple[Match, ...]:
    """The candidates for ``surface``, or, when they are not accepted and its last word is a
    Cyrillic word with a case ending, those of the form with the nominative ending that
    scores best ("Хосе Антонио Кастом" is looked up as "Хосе Антонио Каст"; "Кастом"
    alone as "Каст", which the document may then link). Every word of a declined name may
    carry an ending ("Габриэлем Боричем"): the form with every word stemmed is tried too.

    The caller keeps the answer only if its best candidate is explained (:func:`_explained`):
    ``explained`` answers () for a span none can explain, ``cache`` always the candidates.
    A span with a case ending is looked up with ``cache``, since its own best candidate,
    explained or not, decides whether a stem's replaces it.
    """
    words = surface.split(" ")
    stems = cyrillic_stems(words[-1])
    if not stems:
        return explained(surface)
    found = cache(surface)
    if found and resolver.accepts(found[0]):
        return found
    forms = [" ".join([*words[:-1], stem]) for stem in stems]
    if len(words) > 1:
        forms.append(" ".join(next(iter(cyrillic_stems(w)), w) for w in words))
    best = found
    for form in forms:
        candidates = explained(form)
        if candidates and _explained(candidates[0]) and (not best or candidates[0].score > best[0].score):
            best = candidates
            if resolver.accepts(candidates[0]):
                break
    return best


_MAX_CASELESS_SPAN = 4


def _caseless_split(
    text: str,
    run: Run,
    resolver: TextResolver,
    cache: Callable[[str], tuple[Match, ...]],
    *,
    explained: Callable[[str], tuple[Match, ...]],
    budget: _Budget,
) -> list[_Span]:
    """The spans of a run of caseless words (see :func:`canonym.mentions.caseless_runs`)
    that name something, left to right.

    No capital marks a name here, so a span must earn its place: word n-grams of up to
    four words whose words all resemble a registry word, longest first, each also tried
    without the clitics its first word may carry before it (Hebrew ב, Arabic وال) or its
    last word after it (Korean 의); the first accepted, fully explained reading is a span.
    A single word below the threshold is kept as a span only for the document to link
    (a surname named in full before). A piece of a script written without spaces (Han,
    kana, Thai) is searched for the registry's names in that script, longest first, and a
    katakana piece (a transcribed foreign name) is read whole.
    """
    spans: list[_Span] = []
    tokens = run.tokens
    if tokens[0].unspaced:
        for k, token in enumerate(tokens):
            spans.extend(_unspaced_names(token, resolver, cache))
            if not regex.match(r"[\p{Script=Katakana}\u30fc]", token.text):
                continue
            # Katakana words joined by name dots are one transcribed name at most.
            if k and regex.match(r"[\p{Script=Katakana}\u30fc]", tokens[k - 1].text):
                continue
            last = k + 1
            while (
                last < len(tokens)
                and last - k < _MAX_CASELESS_SPAN
                and regex.match(r"[\p{Script=Katakana}\u30fc]", tokens[last].text)
            ):
                last += 1
            for j in range(last, k, -1):
                surface = text[token.start : tokens[j - 1].end]
                if j - k > 1 and not budget.allows(surface):
                    continue
                found = explained(surface)
                if (
                    found
                    and _explained(found[0])
                    and _caseless_evidence(found[0], resolver)
                    and (resolver.accepts(found[0]) or j - k == 1)
                ):
                    if found[0].score >= CANDIDATE_FLOOR:
                        spans.append(
                            _Span(0, j - k, token.start, tokens[j - 1].end, "", found, True, False, True)
                        )
                    break
        return sorted(spans, key=lambda s: s.start)
    plausible = [_plausible(t.text, resolver) for t in tokens]
    i = 0
    while i < len(tokens):
        found_span = None
        reach = i
        while reach < min(len(tokens), i + _MAX_CASELESS_SPAN) and plausible[reach]:
            reach += 1
        fallback: _Span | None = None
        for j in range(reach, i, -1):
            # Of the readings accepted, the best scoring; on a tie the one with fewer
            # letters, the name without its clitic (페루의 and 페루 both read as Peru).
            accepted: list[_Span] = []
            for start, end, surface in _readings(text, tokens[i:j]):
                if j - i > 1 and not budget.allows(surface):
                    continue
                found = explained(surface)
                if not found or not _explained(found[0]) or not _caseless_evidence(found[0], resolver):
                    continue
                span = _Span(0, j - i, start, end, "", found, True, False, True)
                if resolver.accepts(found[0]):
                    accepted.append(span)
                elif j - i == 1 and fallback is None and found[0].score >= CANDIDATE_FLOOR:
                    fallback = span
            if accepted:
                found_span = max(accepted, key=lambda s: (round(s.candidates[0].score, 3), s.start - s.end))
                break
        chosen = found_span or fallback
        if chosen is None:
            i += 1
            continue
        spans.append(chosen)
        i += chosen.last
    return spans


def _caseless_evidence(match: Match, resolver: TextResolver) -> bool:
    """Whether a span of caseless text matched enough of the name to stand for it: the
    alias's most distinctive word, closely, and more than an initial (one letter read as
    the *J.* of *Donald J. Trump* is not), and not an initialism: one is spelt letter by letter, so in these
    scripts it is written in capitals (Latin or Cyrillic) or by the names of its letters, and a short
    word that resembles it (Arabic نت, *net*, against NYT) is a word of the language."""
    letters = [c for c in match.alias if c.isalpha()]
    # Capitals of any cased script: NYT, and США (USA in Russian) alike.
    if 2 <= len(letters) <= 5 and " " not in match.alias.strip() and all(c.isupper() for c in letters):
        return False
    # Nor an initial: these scripts do not shorten a name to one letter.
    pairs = match.evidence.pairs
    return any(len(p.query) > 1 and len(p.alias) > 1 for p in pairs) and _distinctive(match, resolver)


def _plausible(word: str, resolver: TextResolver) -> bool:
    """Whether a caseless word, or the name in it without its clitics, resembles a registry
    word under one of its romanisations: the first romanisation may read a four-syllable
    Korean word as surname and given name (안토니오 as "ahn tonio"), the others as one."""
    return any(
        resolver.resembles(w)
        for form in (word, *(f for _, _, f in clitic_splits(word)))
        for w in (form, *romanizations(form)[1:_PLAUSIBLE_FORMS])
    )


_PLAUSIBLE_FORMS = 4


def _readings(text: str, tokens: tuple[Token, ...]) -> list[tuple[int, int, str]]:
    """(start, end, surface to look up) of the ways a run of caseless words may be a name:
    as written, then without the clitics of its first word, then of its last."""
    start, end = tokens[0].start, tokens[-1].end
    out = [(start, end, text[start:end])]
    first = tokens[0]
    for lo, hi, form in clitic_splits(first.text):
        if lo > 0 and hi == len(first.text):
            out.append((first.start + lo, end, form + text[first.end : end]))
    last = tokens[-1]
    for lo, hi, form in clitic_splits(last.text):
        if lo == 0 and hi < len(last.text):
            out.append((start, last.start + hi, text[start : last.start] + form))
    return out


def _unspaced_names(
    token: Token, resolver: TextResolver, cache: Callable[[str], tuple[Match, ...]]
) -> list[_Span]:
    """The registry's names in the token's script found inside it, longest first where
    they overlap, each accepted for its own entity: a name the registry writes in this
    script is the strongest evidence there is where no space says where a word begins.
    Each position is tried with the lengths of those names (at most
    :data:`_MAX_UNSPACED_NAME` characters): the work grows with the text, not the registry.
    """
    script = char_script(token.text[0])
    if script is None:
        return []
    names = resolver.names_in_script(script)
    if not names:
        return []
    lengths = _name_lengths(names)
    piece = token.text
    found = [
        (length, at)
        for at in range(len(piece))
        for length in lengths
        if at + length <= len(piece) and piece[at : at + length] in names
    ]
    taken = [False] * len(piece)
    out: list[_Span] = []
    for length, at in sorted(found, key=lambda f: (-f[0], f[1])):
        if any(taken[at : at + length]):
            continue
        name = piece[at : at + length]
        candidates = cache(name)
        if candidates and resolver.accepts(candidates[0]) and _fold(candidates[0].alias) == _fold(name):
            start = token.start + at
            out.append(_Span(0, 1, start, start + length, "", candidates, True, False, True))
            taken[at : at + length] = [True] * length
    return sorted(out, key=lambda s: s.start)


_MAX_UNSPACED_NAME = 16


@functools.lru_cache(maxsize=16)
def _name_lengths(names: frozenset[str]) -> tuple[int, ...]:
    """The lengths the names have, up to :data:`_MAX_UNSPACED_NAME`, longest first."""
    return tuple(sorted({len(n) for n in names if len(n) <= _MAX_UNSPACED_NAME}, reverse=True))


class _Budget:
    """How many distinct spans of two words or more one document may still look up.

    Prose looks up about one such span per two hundred characters (the seed articles, each
    a document), the same articles in capitals one per sixteen to twenty: the budget of one
    per sixteen and 64 more leaves both whole. Text in which every word is capitalised
    could otherwise look up five or six per word, each a full resolution. Once the budget
    is spent, only single words are looked up (spans already looked up in the document
    still are): a document costs at most a constant times its length, whatever its case.
    """

    def __init__(self, limit: int) -> None:
        self._left = limit
        self._seen: set[str] = set()

    def allows(self, surface: str) -> bool:
        if surface in self._seen:
            return True
        if self._left <= 0:
            return False
        self._left -= 1
        self._seen.add(surface)
        return True

    def has_room(self, surfaces: tuple[str, ...]) -> bool:
        """Whether :meth:`allows` would allow every one of ``surfaces`` (asking changes
        nothing here)."""
        return len(set(surfaces) - self._seen) <= self._left


RUN_MEMO = True
"""Whether a run seen before is split from its kept answer (the tests compare both ways)."""
_RUNS_KEPT = 2048
_MEMOS_KEPT = 4
# The runs each resolver has split lately, per language and day (see _split_once): at most
# _RUNS_KEPT runs for each of the last _MEMOS_KEPT languages and days. A run's spans hold the
# candidates the resolver's span memo holds (shared while both keep them). Weakly keyed, so
# a memo goes with its resolver.
_RUNS: weakref.WeakKeyDictionary[Any, dict[tuple[object, ...], _RunMemo]] = weakref.WeakKeyDictionary()


class _RunMemo:
    """The runs one resolver split lately (for one language and day), least recently used
    first out: each run's spans, offsets from the run's start, and the spans of two words
    or more it asked the budget for, in order."""

    def __init__(self) -> None:
        self.kept: dict[tuple[object, ...], tuple[tuple[_Span, ...], tuple[str, ...]]] = {}

    def get(self, key: tuple[object, ...]) -> tuple[tuple[_Span, ...], tuple[str, ...]] | None:
        found = self.kept.pop(key, None)
        if found is not None:
            self.kept[key] = found  # now the most recently used
        return found

    def put(self, key: tuple[object, ...], value: tuple[tuple[_Span, ...], tuple[str, ...]]) -> None:
        while len(self.kept) >= _RUNS_KEPT:
            self.kept.pop(next(iter(self.kept)), None)
        self.kept[key] = value


def _runs_seen(resolver: TextResolver, source_lang: str | None, day: datetime.date | None) -> _RunMemo | None:
    """The run memo of ``resolver`` for this language and day, or None where runs are not
    kept: for a resolver other than canonym's (its answers are not known to stay the same;
    canonym's ``span_candidates`` marks one whose are), or one that cannot be weakly kept."""
    if not RUN_MEMO or getattr(resolver, "span_candidates", None) is None:
        return None
    try:
        memos = _RUNS.setdefault(resolver, {})
    except TypeError:
        return None
    # SCREEN is part of the key so that the tests' passes with and without it each split.
    key = (source_lang, day, SCREEN)
    memo = memos.get(key)
    if memo is None:
        # A stream may give each record its own day: only the latest few keep a memo.
        while len(memos) >= _MEMOS_KEPT:
            memos.pop(next(iter(memos)), None)
        memo = memos[key] = _RunMemo()
    return memo


class _Asking(_Budget):
    """A budget that records what it is asked of another, and whether that one ever refused."""

    def __init__(self, budget: _Budget) -> None:  # it keeps no budget of its own
        self._budget = budget
        self.asked: list[str] = []
        self.refused = False

    def allows(self, surface: str) -> bool:
        self.asked.append(surface)
        allowed = self._budget.allows(surface)
        self.refused = self.refused or not allowed
        return allowed


def _split_once(
    text: str,
    run: Run,
    resolver: TextResolver,
    cache: Callable[[str], tuple[Match, ...]],
    budget: _Budget,
    *,
    runs: _RunMemo | None,
) -> list[_Span]:
    """:func:`_split` of ``run``, from the memo when the same run (the same text, the same
    words read the same way: sentence starts, headlines, dashes) was split before, for the
    same resolver, language and day, and the budget allows again every span it asked for.

    Sound by construction: :func:`_split` reads nothing but the run's own text and tokens,
    the resolver's answers, which for canonym's resolver depend on the span alone, and the
    budget; when the budget allowed every span it was asked for, it will again exactly when
    it has room for those it has not seen in this document, and they are then taken from
    it as :func:`_split` would have. Running text repeats its runs (a name, a title, an
    organisation named again in each article), and the split of one costs a dozen look-ups
    in memos and the rules of :func:`_split` around them.
    """
    if runs is None:
        return _split(text, run, resolver, cache, budget)
    base = run.start
    key = (
        text[base : run.end],
        tuple([(t.start - base, t.end - base, t.sentence_start, t.headline) for t in run.tokens]),
        run.dash_before,
    )
    found = runs.get(key)
    if found is not None and budget.has_room(found[1]):
        spans, asked = found
        for surface in asked:
            budget.allows(surface)
        return [_shifted(s, base) for s in spans]
    asking = _Asking(budget)
    out = _split(text, run, resolver, cache, asking)
    if not asking.refused:
        relative = tuple(_shifted(s, -base) for s in out)
        runs.put(key, (relative, tuple(asking.asked)))
    return out


def _unknown(run: Run, i: int, lexicon: Lexicon) -> bool:
    """Whether token ``i``, which starts no span that resolves, is a capitalised word that
    names nothing known (not a function word, not after a dash, not a nationality)."""
    tokens = run.tokens
    return (
        tokens[i].text.lower() not in lexicon.function_words
        and not run.dash_before[i]
        and not _is_demonym(tokens[i : i + 1], lexicon)
    )


def _is_demonym(tokens: tuple[Token, ...], lexicon: Lexicon) -> bool:
    """A span ending in a nationality word ("Chilean", "Venezuelans", "South American")
    describes people or things, not the country or region."""
    word = _fold(tokens[-1].text)
    return word in lexicon.demonyms or (word.endswith("s") and word[:-1] in lexicon.demonyms)


def _trim(text: str, tokens: tuple[Token, ...], i: int, j: int, found: tuple[Match, ...]) -> _Span:
    """Leave leading titles (reported) and a leading "The" the alias lacks out of the span."""
    top = found[0]
    first = i
    if (
        first < j - 1
        and _fold(tokens[first].text) == "the"
        and not top.evidence.alias_normalized.startswith("the ")
    ):
        first += 1
    title_start = first
    ignored = list(top.evidence.ignored)
    while first < j - 1 and ignored and _fold(tokens[first].text) == ignored[0]:
        ignored.pop(0)
        first += 1
    title = text[tokens[title_start].start : tokens[first - 1].end] if first > title_start else ""
    return _Span(
        first,
        j,
        tokens[first].start,
        tokens[j - 1].end,
        title,
        found,
        tokens[i].sentence_start,
        tokens[i].headline,
    )


def annotate(
    text: str,
    resolver: TextResolver,
    *,
    source_lang: str | None = None,
    date: datetime.date | str | None = None,
) -> Annotated:
    """Every mention in ``text`` that resolves, by name or through the document, and, when
    ``date`` (a day or ``YYYY-MM-DD``) says when the text was written, by role.

    The garbage collector is paused while the document is annotated (and left as it was
    found): annotating makes many short-lived objects and no reference cycles, which the
    collector, run every few hundred allocations, only walked again and again (about 8 %
    of the CPU on text whose names vary). Memory is freed by reference counting as before;
    a cycle, should one be made, is collected once the document is done, so memory per
    document stays bounded."""
    with collector_paused():
        return _annotate(text, resolver, source_lang, date)


def _annotate(
    text: str, resolver: TextResolver, source_lang: str | None, date: datetime.date | str | None
) -> Annotated:
    day = None if date is None else as_day(date)

    def cache(surface: str) -> tuple[Match, ...]:
        # Without a date, the call a resolver written before dates existed still answers.
        if day is None:
            return resolver.candidates_cached(surface, source_lang)
        return resolver.candidates_cached(surface, source_lang, day)

    # A resolver that can tell a span no candidate explains before comparing any
    # (canonym.Resolver.span_candidates) is asked so wherever only an explained best
    # candidate counts; another resolver's candidates are checked here as before.
    span_candidates = getattr(resolver, "span_candidates", None)

    def explained(surface: str) -> tuple[Match, ...]:
        if span_candidates is None:
            return cache(surface)
        if day is None:
            return span_candidates(surface, source_lang)  # type: ignore[no-any-return]
        return span_candidates(surface, source_lang, day)  # type: ignore[no-any-return]

    def inflected(surface: str) -> tuple[Match, ...]:
        return _inflected(surface, resolver, cache, explained)

    tokens = tokenize(text, resolver.lexicon.particles)
    budget = _Budget(_BUDGET_BASE + len(text) // _BUDGET_CHARS)
    runs = _runs_seen(resolver, source_lang, day)
    spans = [
        s
        for run in candidate_runs(text, tokens, resolver.lexicon)
        for s in _split_once(text, run, resolver, inflected, budget, runs=runs)
    ]
    spans = [s for s in spans if not _not_a_name(text, s, resolver.lexicon)]
    caseless = [
        s
        for run in caseless_runs(text)
        for s in _caseless_split(text, run, resolver, cache, explained=explained, budget=budget)
    ]
    if caseless:
        # A word may be read both ways (a capital of one script run into a caseless
        # letter of another): the capitalised span stands, and a caseless one that
        # overlaps it is dropped, so that mentions never overlap.
        covered = bytearray(len(text) + 1)
        for span in spans:
            covered[span.start : span.end] = b"\x01" * (span.end - span.start)
        free = [c for c in caseless if not any(covered[c.start : c.end])]
        spans = sorted(spans + free, key=lambda s: s.start)
    by_name = [_named(text, span, resolver) for span in spans]
    named = Counter(span.candidates[0].entity.id for span, ok in zip(spans, by_name, strict=True) if ok)
    words = _DocumentWords(text)
    mentions = []
    for span, ok in zip(spans, by_name, strict=True):
        linked: tuple[Match, Via] | None = (
            (span.candidates[0], "name") if ok else _link(text, span, named, words, resolver)
        )
        if linked is not None:
            match, via = linked
            mentions.append(
                Mention(
                    span.start,
                    span.end,
                    text[span.start : span.end],
                    match.entity,
                    match.score,
                    via,
                    span.title,
                    match,
                )
            )
    if day is not None:
        mentions = _with_roles(text, resolver, mentions, day)
    return Annotated(text, tuple(mentions))


def _usual_title(mention: Mention) -> str | None:
    """The mention's title (or, for a role mention, its phrase) with a false friend of the
    person's office replaced (:func:`canonym.roles.usual_title`), or None."""
    match = mention.match
    if match is None or match.evidence.role is None:
        return None
    written = mention.text if mention.via == "role" else mention.title
    return usual_title(written, match.evidence.role.office) if written else None


def _rewrite_titles(text: str, mentions: tuple[Mention, ...], names: dict[Mention, str]) -> str:
    """:meth:`Annotated.rewrite` with ``titles``: each mention replaced as by ``names``, a
    role mention by its phrase with the usual title, and a title before a name by its
    usual form."""
    edits: list[tuple[int, int, str]] = []
    for mention in mentions:
        usual = _usual_title(mention)
        if mention.via == "role":
            edits.append((mention.start, mention.end, usual or mention.text))
            continue
        if usual is not None:
            at = text.rfind(mention.title, 0, mention.start)
            if at >= 0 and (not edits or edits[-1][1] <= at):
                edits.append((at, at + len(mention.title), usual))
        edits.append((mention.start, mention.end, names[mention]))
    parts, position = [], 0
    for start, end, replacement in edits:
        parts.append(text[position:start])
        parts.append(replacement)
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _with_roles(
    text: str, resolver: TextResolver, mentions: list[Mention], day: datetime.date
) -> list[Mention]:
    """``mentions`` with the text's role mentions (:func:`canonym.roles.find_role_mentions`)
    added, ``via="role"``. A place named inside a role phrase ("Peru's interim president")
    is part of the role mention; a role phrase that overlaps any other mention is left out.
    """
    found = find_role_mentions(text, resolver.registry, day, [(m.start, m.entity) for m in mentions])
    if not found:
        return mentions
    out = list(mentions)
    for role in found:
        inside = [m for m in out if m.start < role.end and role.start < m.end]
        if any(m.entity.type != "place" or m.start < role.start or m.end > role.end for m in inside):
            continue
        out = [m for m in out if m not in inside]
        match = role.match
        out.append(Mention(role.start, role.end, match.query, match.entity, match.score, "role", "", match))
    return sorted(out, key=lambda m: m.start)


@functools.lru_cache(maxsize=1 << 16)
def _fold(word: str) -> str:
    return normalize_text(word)


class _DocumentWords:
    """The document's normalised words, computed only if a context check needs them."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._words: set[str] | None = None

    def get(self) -> set[str]:
        if self._words is None:
            words: set[str] = set()
            for word in set(self._text.split()):
                # Most words are ASCII letters and digits, at most between marks that
                # normalisation makes spaces: folded, they are those letters lower-cased.
                core = word.strip(_EDGE_MARKS)
                if core.isascii() and core.isalnum():
                    words.add(core.lower())
                else:
                    words.update(_fold(word).split())
            self._words = words
        return self._words


# ASCII marks that normalisation makes spaces at a word's edge (a dot joins an initialism
# only between two letters; "-" and "'", which Wade-Giles reads, are not among them).
_EDGE_MARKS = '.,;:!?"()[]'


def _link(
    text: str, span: _Span, named: Counter[str], words: _DocumentWords, resolver: TextResolver
) -> tuple[Match, Via] | None:
    """How a span that its own confidence does not link (see :func:`_named`) may still be:
    through the document, or through context words."""
    top = span.candidates[0]
    usable = [m for m in span.candidates if m.score >= CANDIDATE_FLOOR and _distinctive(m, resolver)]
    if span.caseless:
        # Without capitals every word is a candidate: only a person's surname, the usual
        # short form of a name mentioned in full before, links through the document (a
        # place or an organisation is named in full each time).
        usable = [m for m in usable if m.entity.type == "person"]
    in_document = [m for m in usable if named[m.entity.id]]
    if in_document:
        # A person's surname alone is the usual short form of a name the document gave in
        # full: it comes before an entity the span reaches only as a variant of its whole
        # name, however often that one is named (Jerí after José Jerí, not Chile's Hiri).
        best = max(
            in_document,
            key=lambda m: (surname_word(m, resolver.lexicon) is not None, named[m.entity.id], m.score),
        )
        return best, "document"
    if span.sentence_start or not usable or usable[0] is not top or top.score < CONTEXT_FLOOR:
        return None
    if _part_of_a_name(span, top) or _foreign_spelling(text, span, top):
        return None
    context = {w for phrase in top.entity.context for w in normalize_text(phrase).split()}
    if len(context & words.get()) >= _CONTEXT_WORDS:
        return top, "context"
    return None


def _named(text: str, span: _Span, resolver: TextResolver) -> bool:
    """Whether the span's own confidence links it: its best candidate is accepted, and is
    neither a part of a longer name nor reached only through a foreign spelling."""
    top = span.candidates[0]
    return resolver.accepts(top) and not _part_of_a_name(span, top) and not _foreign_spelling(text, span, top)


def _not_a_name(text: str, span: _Span, lexicon: Lexicon) -> bool:
    """A single word that is a word of the language, not the name its best match has:

    - an initialism of two or three letters is spelt letter by letter and so always written
      in capitals: a word with lower-case letters is not one ("Us" is not *US*, "Un" not
      *UN*). Longer acronyms are pronounced as words, and many house styles write them so
      ("Nato", "Unesco"): those keep their match;
    - a function word ("In", "The", "On" capitalised where a sentence or headline starts)
      is a name only if the registry lists it written exactly so.

    Such a span is linked neither by name nor through the document.
    """
    if span.last - span.first != 1:
        return False
    surface = text[span.start : span.end]
    alias = span.candidates[0].alias
    letters = [c for c in alias if c.isalpha()]
    if 2 <= len(letters) <= 3 and all(c.isupper() for c in letters) and not surface.isupper():
        return True
    return _fold(surface) in lexicon.function_words and surface != alias


def _foreign_spelling(text: str, span: _Span, match: Match) -> bool:
    """Whether a single word whose capital says nothing (the first of a sentence, a word of
    a headline) matched best an alias in another script, although the registry also
    spells the entity in the word's own script: "Lemma" starting a sentence pairs best with
    a romanisation of the Chinese name of Lima. There the word is far more often a word of
    the language that happens to resemble a romanisation; it is linked only when the
    document names the entity otherwise. Where a capital marks a name ("in Takna") the
    word keeps its match; an entity the registry spells in no script of the text can only
    be reached through transliteration, and is not affected either.
    """
    if span.last - span.first != 1 or not (span.sentence_start or span.headline):
        return False
    own = _scripts(text[span.start : span.end])
    if own & _scripts(match.alias):
        return False
    native = [name for name in match.entity.names if own & _scripts(name)]
    # A native name that romanises as the foreign alias does matched equally well ("Лима"
    # and "Lima" are both "lima"): the tie went to the other script by order alone.
    return bool(native) and all(_fold(name) != match.evidence.alias_normalized for name in native)


@functools.lru_cache(maxsize=1 << 14)
def _scripts(name: str) -> frozenset[str]:
    """The scripts of a name's letters, from their Unicode names ("LATIN", "CYRILLIC",
    "CJK", "ARABIC", "HIRAGANA", ...).

    >>> sorted(_scripts("Lima 利马"))
    ['CJK', 'LATIN']
    """
    return frozenset(unicodedata.name(c, "?").split(" ", 1)[0] for c in name if c.isalpha())


def _part_of_a_name(span: _Span, match: Match) -> bool:
    """A single word that is only part of an organisation's or place's name ("Migration",
    "Police"): in running text, and in title-case headlines above all, such a word is far
    more often a common noun than the name, so it links only through the document. A
    person's surname alone ("Cordero") is the usual way to name a person again."""
    if span.last - span.first != 1 or match.entity.type == "person":
        return False
    return any(w for w in match.evidence.unmatched_alias if w not in ("the",))


def _distinctive(match: Match, resolver: TextResolver) -> bool:
    """Whether the span matched the alias's most distinctive word (its rarest), closely:
    "Gehry" for "José Jerí" does, "Border" for "Chacalluta Border Crossing" would not."""
    alias_words = match.evidence.alias_normalized.split()
    if not alias_words:
        return False
    rarest = max(alias_words, key=resolver.word_weight)
    return any(p.similarity >= CLOSE_PAIR and rarest in p.alias.split() for p in match.evidence.pairs)
