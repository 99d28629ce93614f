"""The two development sets (read-only, in ../shared/devset; never copied here) and how the
tool's quotes are scored against them. The rules here are the benchmark's own, small and
documented, never the product's: a bug in the product's cue reader or name matcher shows in
the figures instead of hiding in them.

- PolNeAR dev (84 US campaign articles): gold speakers are mentions ('Trump', 'he'); pronoun
  and nominal mentions are left out of speaker accuracy.
- GGT dev (58 Canadian articles): gold speakers are resolved names, so pronoun cues count.

Views of a direct quotation:
- ``attribution``: the annotators' unit (for mixed quotes the reported clause around the
  quoted words): the tool's quotes are grouped (fragments of one speaker) and widened to
  the reported clause they sit in (``widen_to_clause``).
- ``quoted words``: only the words inside quotation marks, on both sides: gold spans are cut to
  their quoted segments, the tool's quotes are grouped but not widened.
- Grouping follows each set's annotators: PolNeAR joins the fragments of one cue into one
  attribution ('"A," she said. "B."'), GGT keeps each quotation apart.
- ``as output`` (PolNeAR, kept for continuity with earlier reports): grouped quotes against
  the whole gold span.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.evaluate import THRESHOLDS, Counts, QuoteItem, QuoteScore, greedy_match, same_person, score_quotes

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"
SETS = {"polnear": DEVSET / "polnear_dev.jsonl", "ggt": DEVSET / "ggt_dev.jsonl"}

# English reporting words as the annotators of both sets mark them (their attribution cues),
# for the mapping only: which fragments start an attribution of their own, where a reported
# clause begins, and where a sentence's tail stops being the quotation's.
REPORTING = frozenset("""
    said says say saying told tells telling added adds adding wrote writes stated states noted notes
    explained explains asked asks asking argued argues arguing claimed claims claim claiming declared
    declares insisted insists insisting tweeted posted replied replies responded continued recalled
    warned warns warning acknowledged announced announcing reported reports urged urges urge urging
    suggested predicted promised promising vowed conceded admitted joked quipped shouted yelled
    remarked observed concluded testified countered complained lamented boasted emphasized stressed
    stressing agreed wondered mused recounted describing described describes describe called calls
    call calling dubbed branded labeled labelled accused accusing condemned denounced praised praising
    criticized criticizing mocked mocking blasted slammed touted pledged dismissed referred referring
    references alleged alleging contended contends maintained believes thinks thought hoped wants
    wanted credited blamed blaming compared comparing likened characterized painted decried decrying
    defended defending questioned questioning demanded demanding pounding recommended chants chanted
    chanting asserted asserts asserting proclaimed proclaims lauded lauds referenced ruled statement
""".split())
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "st", "jr", "sr", "lt", "gen", "u.s", "u.n"}
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019']?\s+(?=[\"\u201c\u2018'A-Z])")
_OPEN_MARKS = "\"\u201c\u2018'\u00ab"
_CLOSE_MARKS = "\"\u201d\u2019'\u00bb"
QUOTATION_MARK = re.compile(r"[\"\u201c\u201d\u00ab\u00bb\u2018]|''")


def load(name: str, limit: int | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in SETS[name].open(encoding="utf-8")]
    return rows[:limit] if limit else rows


# ---------------------------------------------------------------- gold


def is_direct(row: dict, as_distributed: bool = False) -> bool:
    """Attributions whose content holds a quotation mark. PolNeAR's conversion missed two marks,
    so unless ``as_distributed`` these count too: doubled apostrophes (''This isn't tax reform,''
    said ...; 86 items, all direct quotations) and single curly quotes (headlines; 14)."""
    if row["kind"] == "direct_or_mixed":
        return True
    return not as_distributed and bool(QUOTATION_MARK.search(row["text"]))


def mention_head(mention: str) -> str:
    """'Mr. King, 82,' -> 'Mr. King'; 'Sen. Harry Reid (D-Nev.)' -> 'Sen. Harry Reid'."""
    return " ".join(re.sub(r"\([^)]*\)", " ", mention).split(",")[0].split())


def names_someone(mention: str) -> bool:
    """A mention is a name when its head word is capitalized ('Sen. Harry Reid', 'The Hill');
    'The Indiana governor' is a nominal."""
    head = mention_head(mention).split()
    return bool(head) and head[-1][:1].isupper()


def gold_speaker(set_name: str, row: dict) -> tuple[str | None, bool]:
    """The gold speaker and whether it counts in speaker accuracy."""
    if set_name == "ggt":
        return row.get("speaker"), bool(row.get("speaker"))
    mention = row.get("speaker_mention")
    is_name = bool(mention) and not row.get("speaker_is_pronoun") and names_someone(mention)
    return (mention_head(mention) if is_name else mention), is_name


def _each_once(attributions: list[dict]):
    """Each attribution once: one GGT article lists every one twice (same spans, same speaker)."""
    seen = set()
    for a in attributions:
        key = (tuple(map(tuple, a["spans"])), a.get("speaker"))
        if key not in seen:
            seen.add(key)
            yield a


def gold_items(set_name: str, row: dict, view: str = "attribution", as_distributed: bool = False) -> list[QuoteItem]:
    """Direct attributions, each once (one GGT article lists every one twice)."""
    items = []
    for a in _each_once(row["attributions"]):
        if not is_direct(a, as_distributed or set_name == "ggt"):
            continue
        speaker, scored = gold_speaker(set_name, a)
        spans = [tuple(s) for s in a["spans"]]
        if view == "quoted words":
            spans = [seg for s in spans for seg in quoted_segments(row["text"], *s)] or spans
        items.append(QuoteItem(spans, a["text"], speaker, scored))
    return items


def statement_gold_items(set_name: str, row: dict, kinds: str = "indirect") -> list[QuoteItem]:
    """Reported speech without quotation marks (``kinds="indirect"``), or every attribution,
    direct and indirect together (``"all"``, as the Gender Gap Tracker scores them), each once."""
    items = []
    for a in _each_once(row["attributions"]):
        if kinds == "indirect" and is_direct(a, set_name == "ggt"):
            continue
        speaker, scored = gold_speaker(set_name, a)
        items.append(QuoteItem([tuple(s) for s in a["spans"]], a["text"], speaker, scored))
    return items


def quoted_segments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of a span inside quotation marks, marks included; an opening mark left open
    runs to the span's end (a quotation over paragraphs)."""
    segments, i = [], start
    while i < end:
        if text.startswith("''", i) or text[i] in "\"\u201c\u00ab" or (text[i] == "\u2018" and i < end - 1):
            mark = 2 if text.startswith("''", i) else 1
            closer = "''" if mark == 2 else {"\u201c": "\u201d", "\u00ab": "\u00bb", "\u2018": "\u2019"}.get(text[i], '"')
            j = text.find(closer, i + mark, end)
            if text[i] == '"' and j < 0:
                j = text.find("\u201d", i + 1, end)
            close = end if j < 0 else j + len(closer)
            segments.append((i, close))
            i = close
            continue
        i += 1
    return segments


def people(row: dict) -> list[str]:
    return list(row.get("people") or [])


# ---------------------------------------------------------------- predictions


@dataclass
class Predicted:
    text: str
    start: int
    end: int
    speaker: str


def find_in_original(original: str, quote: str, hint: int) -> tuple[int, int] | None:
    """The tool's offsets are in its normalized text (whitespace changed only): find the same
    words in the original, near the same place."""
    words = [re.escape(w) for w in quote.split()]
    if not words:
        return None
    pattern = re.compile(r"\s+".join(words))
    m = pattern.search(original, max(0, hint)) or pattern.search(original)
    return m.span() if m else None


# How each set's annotators cut direct speech into attributions: PolNeAR joins the fragments
# of one cue ('"A," she said. "B."' is one); GGT joins fragments within one sentence ('a "little
# sore" but "much better"') and keeps the quotations of two sentences apart.
GROUPS_FRAGMENTS = {"polnear": "cue", "ggt": "sentence"}


def predicted_items(row: dict, quotes: list, view: str = "attribution", group: str = "cue") -> list[QuoteItem]:
    """The tool's quotes in the original text's offsets, with their quotation marks (gold spans
    include them), grouped into attributions (``group``), and widened for the ``attribution``
    view."""
    original = row["text"]
    items: list[QuoteItem] = []
    for q in quotes:
        span = find_in_original(original, q.text, q.start - 200)
        if span is None:
            continue
        start, end = span
        if original[max(0, start - 2) : start] == "''":
            start -= 2
        elif start > 0 and original[start - 1] in _OPEN_MARKS:
            start -= 1
        if original[end : end + 2] == "''":
            end += 2
        elif end < len(original) and original[end] in _CLOSE_MARKS:
            end += 1
        items.append(QuoteItem([(start, end)], q.text, q.speaker))
    grouped = group_fragments(items, original, within_sentence=group == "sentence")
    return [widen_to_clause(i, original) for i in grouped] if view == "attribution" else grouped


def predicted_statements(row: dict, statements: list) -> list[QuoteItem]:
    """The tool's statements that hold no quotation (one that does is a mixed quote, which the
    annotators count as direct), in the original text's offsets."""
    items = []
    for s in statements:
        span = None if s.quotes else find_in_original(row["text"], s.text, s.start - 200)
        if span is not None:
            items.append(QuoteItem([span], s.text, s.speaker))
    return items


def sentence_ends(text: str) -> list[re.Match]:
    ends = []
    for m in _SENTENCE_END.finditer(text):
        word = re.search(r"([\w.]+)$", text[: m.start()])
        token = word.group(1).lower() if word else ""
        if text[m.start()] == "." and (token in _ABBREVIATIONS or len(token) == 1 or "." in token):
            continue
        ends.append(m)
    return ends


def sentence_before(text: str, start: int) -> str:
    before = text[text.rfind("\n", 0, start) + 1 : start]
    ends = sentence_ends(before)
    return before[ends[-1].end():] if ends else before


def sentence_after(text: str, end: int) -> str:
    """The rest of the sentence after ``end``; nothing when the quotation ended it ('... now."')."""
    if re.search(r"[.!?][\"\u201d\u2019'\u00bb]*$", text[max(0, end - 3) : end]):
        return ""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end].rstrip("\r")
    ends = sentence_ends(rest)
    return rest[: ends[0].start() + 1] if ends else rest


def has_cue_after(after: str) -> bool:
    """'..." Smith said', '..., he added', '..., said Mr. Smith': a reporting word among the
    first words right after the quotation."""
    lead = re.match(r"[^\w]*", after).group()
    if re.search(r"[A-Za-z0-9]", lead):
        return False
    words = re.findall(r"[A-Za-z][\w'\u2019.\-]*", after)[:6]
    return any(w.rstrip(".").lower() in REPORTING for w in words)


def group_fragments(items: list[QuoteItem], text: str, within_sentence: bool = False) -> list[QuoteItem]:
    """'"A," he said. "B."' is one attribution; so is a quotation running over paragraphs with
    the closing mark left off. '"A," she said. She added, "B."' is two. ``within_sentence``:
    only fragments of one sentence are one."""
    grouped: list[QuoteItem] = []
    for item in items:
        last = grouped[-1] if grouped else None
        if last and last.speaker == item.speaker:
            between = text[last.spans[-1][1] : item.spans[0][0]]
            if within_sentence and (sentence_ends(text[last.spans[-1][1] - 1 : item.spans[0][0] + 1])
                                    or "\n" in between):
                grouped.append(QuoteItem(list(item.spans), item.text, item.speaker))
                continue
            unclosed = text[last.spans[-1][1] - 1] not in _CLOSE_MARKS
            runs_on = unclosed and "\n" in between and not between.strip(" \r\n\"\u201c")
            if runs_on or ("\n" not in between and not _starts_own_attribution(text, between, item)):
                last.spans.extend(item.spans)
                last.text += " " + item.text
                continue
        grouped.append(QuoteItem(list(item.spans), item.text, item.speaker))
    return grouped


def _starts_own_attribution(text: str, between: str, item: QuoteItem) -> bool:
    verbs = [m for m in re.finditer(r"[a-z]+", between) if m.group() in REPORTING]
    ends = sentence_ends(between)
    in_own_sentence = bool(ends) and any(v.start() > ends[0].start() for v in verbs)
    return len(verbs) > 1 or in_own_sentence or has_cue_after(sentence_after(text, item.spans[-1][1]))


def widen_to_clause(item: QuoteItem, text: str) -> QuoteItem:
    """The annotators' content of a mixed attribution is the whole reported clause ('Cruz said
    he has had "areas of significant disagreement" with Trump'): from after the outermost
    reporting word (and 'that') to the end of the sentence; words continuing the sentence after
    a quotation with no cue of their own are part of it too. A headline's unit is the headline
    after its verb."""
    start, end = item.spans[0][0], item.spans[-1][1]
    line_start = text.rfind("\n", 0, start) + 1
    if line_start == 0:
        line_end = text.find("\n")
        verbs = [m for m in re.finditer(r"\b(\w+)\b", text[:start]) if m.group(1).lower() in REPORTING]
        return QuoteItem([(verbs[0].end() + 1 if verbs else 0, line_end)], item.text, item.speaker)
    before = sentence_before(text, start)
    sentence_start = start - len(before)
    verbs = [m for m in re.finditer(r"\b(\w+)\b", before) if m.group(1) in REPORTING]
    verbs = [v for v in verbs if re.search(r"[A-Za-z]", before[v.end():])]
    new_start = start
    if verbs:
        new_start = sentence_start + verbs[0].end()
        gap = re.match(r"\s*(?:that\s+|:\s*)?", text[new_start:])
        new_start += gap.end() if gap else 0
    after = sentence_after(text, end)
    new_end = end
    if re.search(r"[A-Za-z]", after) and not has_cue_after(after):
        new_end = end + len(_tail_without_attribution(after).rstrip().rstrip("."))
    if new_start >= line_start and (new_start, new_end) != (start, end):
        return QuoteItem([(new_start, new_end)], item.text, item.speaker)
    return item


def _tail_without_attribution(after: str) -> str:
    kept = ""
    for clause in re.split(r"(?=,)", after):
        words = set(re.findall(r"[a-z]+", clause))
        if kept and (words & REPORTING or words & {"according", "per", "put"}):
            break
        kept += clause
    return kept


# ---------------------------------------------------------------- scores


VIEWS = {"polnear": ("attribution", "quoted words", "as output", "distributed"), "ggt": ("attribution", "quoted words")}
# With statements: reported speech against the indirect attributions, and the direct view's
# quotes with the statements against every attribution (the tracker's one figure).
STATEMENT_VIEWS = ("statements", "direct + indirect")


@dataclass
class SetScore:
    """Quote scores per view and overlap threshold, people found (GGT), and the work done."""

    set_name: str
    measure: str = "coverage"
    articles: int = 0
    failed: int = 0
    computed: int = 0
    seconds: float = 0.0
    prompt_tokens: int = 0
    output_tokens: int = 0
    calls: int = 0
    reasks: int = 0

    def __post_init__(self):
        self.views = {v: {t: QuoteScore() for t in THRESHOLDS} for v in VIEWS[self.set_name] + STATEMENT_VIEWS}
        self.people = Counts()

    def add(self, row: dict, quotes: list, participants: list | None = None, notes: list | None = None,
            statements: list | None = None) -> None:
        """One article: the tool's quotes (text, start, speaker), participants (name, kind) and
        statements (text, start, speaker, quotes)."""
        self.articles += 1
        if statements is not None:
            self._add_statements(row, quotes, statements, notes)
        for view, table in self.views.items():
            if view in STATEMENT_VIEWS:
                continue
            gold = gold_items(self.set_name, row, "attribution" if view == "distributed" else view,
                              as_distributed=view == "distributed")
            pred = predicted_items(row, quotes, "attribution" if view in ("attribution", "distributed") else "grouped",
                                   GROUPS_FRAGMENTS[self.set_name])
            for t in THRESHOLDS:
                score, article_notes = score_quotes(gold, pred, t, self.measure)
                table[t].add(score)
                if notes is not None and view == "attribution" and t == 0.8:
                    notes += article_notes
        if self.set_name == "ggt" and participants is not None:
            found = [p.name for p in participants if p.kind == "person"]
            pairs, missed, extra = greedy_match(people(row), found, lambda g, p: float(same_person(g, p)), 1.0)
            self.people.add(Counts(len(pairs), len(extra), len(missed)))

    def _add_statements(self, row: dict, quotes: list, statements: list, notes: list | None) -> None:
        stated = predicted_statements(row, statements)
        direct = predicted_items(row, quotes, "attribution", GROUPS_FRAGMENTS[self.set_name])
        for view, gold, pred in (("statements", statement_gold_items(self.set_name, row), stated),
                                 ("direct + indirect", statement_gold_items(self.set_name, row, "all"), direct + stated)):
            for t in THRESHOLDS:
                score, article_notes = score_quotes(gold, pred, t, self.measure)
                self.views[view][t].add(score)
                if notes is not None and view == "statements" and t == 0.3:
                    notes += article_notes

    def add_work(self, meta: dict) -> None:
        usage = meta.get("usage") or {}
        self.computed += 1
        self.seconds += meta.get("seconds", 0.0)
        self.prompt_tokens += usage.get("prompt_tokens", 0)
        self.output_tokens += usage.get("completion_tokens", 0)
        self.calls += usage.get("calls", 0)
        self.reasks += usage.get("reasks", 0)

    def table(self) -> str:
        lines = [f"{'':22}{'P':>8}{'R':>8}{'F1':>8}{'speaker':>9}{'scored':>8}"]
        for view, table in self.views.items():
            for t, s in table.items():
                c = s.counts
                if view in STATEMENT_VIEWS and not c.tp + c.fp + c.fn:
                    continue
                lines.append(f"{view + ' @' + str(t):22}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}"
                             f"{s.speaker_accuracy:>9.3f}{s.speaker_scored:>8}")
        if self.set_name == "ggt" and self.people.tp + self.people.fn:
            c = self.people
            lines.append(f"{'people (named)':22}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}")
        if self.computed:
            n = self.computed
            lines.append(f"per article: {self.seconds / n:.1f} s, {self.calls / n:.1f} model calls, "
                         f"{self.prompt_tokens / n:.0f} prompt + {self.output_tokens / n:.0f} output tokens, "
                         f"{self.reasks / n:.2f} re-asks")
        lines.append(f"articles {self.articles}, failed {self.failed}")
        return "\n".join(lines)
