"""How well the cleaner removes boilerplate, measured on the line-labelled gold set.

Each gold line is *removed* when its whole character range lies inside the union of the
cleaner's boilerplate spans; character-weighted figures count the removed characters exactly,
so a line cut in half counts half. Recall is the share of boilerplate removed, content loss the
share of content removed, precision the share of removed lines (or characters) that were
boilerplate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsift.article import Span
from newsift.clean.training.goldset import (
    BOILERPLATE,
    CONTENT,
    DEFAULT_GOLD,
    SPLIT_ROLES,
    GoldArticle,
    load_gold,
)

#: What the cleaner must reach on the held-out test split (issue 2).
TARGET_RECALL = 0.95
TARGET_CONTENT_LOSS = 0.02

Cleaner = Callable[[str], Sequence[Span]]


@dataclass(frozen=True, slots=True)
class LineOutcome:
    dataset: str
    ref: str
    site: str
    n: int
    label: str
    reason: str | None
    chars: int
    removed_chars: int
    removed: bool
    text: str


@dataclass
class Counts:
    """Tallies from which every figure is computed."""

    lines: int = 0
    boilerplate_lines: int = 0
    content_lines: int = 0
    boilerplate_removed: int = 0
    content_removed: int = 0
    content_touched: int = 0  # content lines that lost some characters
    boilerplate_chars: int = 0
    content_chars: int = 0
    boilerplate_chars_removed: int = 0
    content_chars_removed: int = 0

    def add(self, line: LineOutcome) -> None:
        self.lines += 1
        if line.label == BOILERPLATE:
            self.boilerplate_lines += 1
            self.boilerplate_removed += line.removed
            self.boilerplate_chars += line.chars
            self.boilerplate_chars_removed += line.removed_chars
        else:
            self.content_lines += 1
            self.content_removed += line.removed
            self.content_touched += line.removed_chars > 0
            self.content_chars += line.chars
            self.content_chars_removed += line.removed_chars

    def figures(self) -> dict[str, float | int | None]:
        return {
            "n_lines": self.lines,
            "n_boilerplate_lines": self.boilerplate_lines,
            "n_content_lines": self.content_lines,
            "boilerplate_recall": _ratio(self.boilerplate_removed, self.boilerplate_lines),
            "content_loss": _ratio(self.content_removed, self.content_lines),
            "precision": _ratio(
                self.boilerplate_removed, self.boilerplate_removed + self.content_removed
            ),
            "boilerplate_recall_chars": _ratio(
                self.boilerplate_chars_removed, self.boilerplate_chars
            ),
            "content_loss_chars": _ratio(self.content_chars_removed, self.content_chars),
            "precision_chars": _ratio(
                self.boilerplate_chars_removed,
                self.boilerplate_chars_removed + self.content_chars_removed,
            ),
            "content_lines_touched": self.content_touched,
        }


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class BoilerplateReport:
    split: str
    n_articles: int
    n_sites: int
    overall: dict[str, Any]
    per_reason: dict[str, dict[str, Any]]
    per_dataset: dict[str, dict[str, Any]]
    errors: list[LineOutcome] = field(default_factory=list)

    @property
    def meets_targets(self) -> bool:
        recall, loss = self.overall["boilerplate_recall"], self.overall["content_loss"]
        return (
            recall is not None
            and loss is not None
            and recall >= TARGET_RECALL
            and loss <= TARGET_CONTENT_LOSS
        )

    def to_dict(self, with_errors: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "split": self.split,
            "n_articles": self.n_articles,
            "n_sites": self.n_sites,
            **self.overall,
            "targets": {"boilerplate_recall": TARGET_RECALL, "content_loss": TARGET_CONTENT_LOSS},
            "meets_targets": self.meets_targets,
            "per_reason": self.per_reason,
            "per_dataset": self.per_dataset,
        }
        if with_errors:
            data["errors"] = [
                {
                    "kind": _error_kind(e),
                    "dataset": e.dataset,
                    "ref": e.ref,
                    "site": e.site,
                    "line": e.n,
                    "reason": e.reason,
                    "chars": e.chars,
                    "removed_chars": e.removed_chars,
                    "text": e.text,
                }
                for e in self.errors
            ]
        return data

    def to_markdown(self, command: str | None = None) -> str:
        """A section for docs/benchmarks.md; ``command`` is how the figures were produced."""
        o = self.overall
        lines = [
            f"### Boilerplate removal, gold set, split `{self.split}`"
            + (f" ({SPLIT_ROLES[self.split]})" if self.split in SPLIT_ROLES else ""),
            "",
        ]
        if command:
            lines += [f"Produced by `{command}`.", ""]
        lines += [
            f"{self.n_articles} articles from {self.n_sites} sites, {o['n_lines']} lines "
            f"({o['n_boilerplate_lines']} boilerplate, {o['n_content_lines']} content). "
            f"Targets: boilerplate recall >= {TARGET_RECALL:.0%}, content loss <= "
            f"{TARGET_CONTENT_LOSS:.0%} (met: {'yes' if self.meets_targets else 'no'}).",
            "",
            "| measure | lines | characters |",
            "|---|---|---|",
            f"| boilerplate recall | {_pct(o['boilerplate_recall'])} | "
            f"{_pct(o['boilerplate_recall_chars'])} |",
            f"| content loss | {_pct(o['content_loss'])} | {_pct(o['content_loss_chars'])} |",
            f"| precision of removal | {_pct(o['precision'])} | {_pct(o['precision_chars'])} |",
            "",
            "| reason | lines | recall |",
            "|---|---|---|",
        ]
        for reason, row in sorted(self.per_reason.items(), key=lambda kv: -kv[1]["n_lines"]):
            lines.append(f"| {reason} | {row['n_lines']} | {_pct(row['recall'])} |")
        lines += [
            "",
            "| dataset | articles | lines | recall | content loss | precision |",
            "|---|---|---|---|---|---|",
        ]
        for dataset, row in sorted(self.per_dataset.items()):
            lines.append(
                f"| {dataset} | {row['n_articles']} | {row['n_lines']} | "
                f"{_pct(row['boilerplate_recall'])} | {_pct(row['content_loss'])} | "
                f"{_pct(row['precision'])} |"
            )
        return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _error_kind(line: LineOutcome) -> str:
    return "boilerplate_missed" if line.label == BOILERPLATE else "content_removed"


def merge_spans(spans: Iterable[Span]) -> list[tuple[int, int]]:
    """The union of the spans as sorted, disjoint (start, end) ranges."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((s.start, s.end) for s in spans if s.end > s.start):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def line_outcomes(article: GoldArticle, spans: Sequence[Span]) -> list[LineOutcome]:
    """Which of the article's gold lines the spans remove, wholly or in part."""
    ranges = merge_spans(spans)
    outcomes = []
    for line in article.lines:
        covered = sum(max(0, min(end, line.end) - max(start, line.start)) for start, end in ranges)
        whole = any(start <= line.start and line.end <= end for start, end in ranges)
        outcomes.append(
            LineOutcome(
                dataset=article.dataset,
                ref=article.ref,
                site=article.site,
                n=line.n,
                label=line.label,
                reason=line.reason,
                chars=line.end - line.start,
                removed_chars=covered,
                removed=whole,
                text=line.text,
            )
        )
    return outcomes


def default_cleaner(source: str) -> Sequence[Span]:
    """The shipped cleaner: rules and the line classifier."""
    from newsift.clean.cleaner import clean_text
    from newsift.sources.outlets import is_outlet_name

    return clean_text(source, is_outlet_name).boilerplate


def rules_only_cleaner(source: str) -> Sequence[Span]:
    """The cleaner's rules without the line classifier (trained on the dev and train splits)."""
    from newsift.clean.cleaner import clean_text
    from newsift.sources.outlets import is_outlet_name

    return clean_text(source, is_outlet_name, line_model=None).boilerplate


def model_cleaner(folder: str) -> Cleaner:
    """The rules with the line model in ``folder``: an earlier or a retrained model scored on
    the same lines as the shipped one."""
    from newsift.clean.cleaner import clean_text
    from newsift.clean.lineclass import load_model
    from newsift.sources.outlets import is_outlet_name

    model = load_model(folder)
    return lambda source: clean_text(source, is_outlet_name, model).boilerplate


def score(
    articles: Iterable[GoldArticle], cleaner: Cleaner = default_cleaner, split: str = "all"
) -> BoilerplateReport:
    """Run ``cleaner`` on each article's input and compare its spans with the gold lines."""
    overall = Counts()
    by_reason: dict[str, Counts] = defaultdict(Counts)
    by_dataset: dict[str, Counts] = defaultdict(Counts)
    articles_per_dataset: dict[str, int] = defaultdict(int)
    sites: set[str] = set()
    errors: list[LineOutcome] = []
    n_articles = 0
    for article in articles:
        n_articles += 1
        sites.add(article.site)
        articles_per_dataset[article.dataset] += 1
        for line in line_outcomes(article, cleaner(article.text)):
            overall.add(line)
            by_dataset[line.dataset].add(line)
            if line.label == BOILERPLATE and line.reason:
                by_reason[line.reason].add(line)
            missed = line.label == BOILERPLATE and not line.removed
            lost = line.label == CONTENT and line.removed_chars > 0
            if missed or lost:
                errors.append(line)
    # Worst first: lost content before missed boilerplate, longest lines first.
    errors.sort(key=lambda e: (e.label != CONTENT, -e.chars))
    per_reason = {
        reason: {
            "n_lines": c.boilerplate_lines,
            "removed": c.boilerplate_removed,
            "recall": _ratio(c.boilerplate_removed, c.boilerplate_lines),
        }
        for reason, c in sorted(by_reason.items())
    }
    per_dataset = {
        dataset: {"n_articles": articles_per_dataset[dataset], **c.figures()}
        for dataset, c in sorted(by_dataset.items())
    }
    return BoilerplateReport(
        split=split,
        n_articles=n_articles,
        n_sites=len(sites),
        overall=overall.figures(),
        per_reason=per_reason,
        per_dataset=per_dataset,
        errors=errors,
    )


def evaluate_boilerplate(
    data_dir: Path,
    gold_path: Path = DEFAULT_GOLD,
    split: str = "all",
    cleaner: Cleaner = default_cleaner,
) -> BoilerplateReport:
    """Score ``cleaner`` (the shipped one by default) on the gold set's ``split``."""
    return score(load_gold(Path(data_dir), Path(gold_path), split), cleaner, split)


def print_report(report: BoilerplateReport, console: Console, errors_per_kind: int = 0) -> None:
    """The figures as terminal tables; with ``errors_per_kind`` the worst errors of each kind."""
    o = report.overall
    console.print(
        f"[bold]Boilerplate gold set[/], split {report.split}"
        + (f" ({SPLIT_ROLES[report.split]})" if report.split in SPLIT_ROLES else "")
        + f": {report.n_articles} articles, "
        f"{report.n_sites} sites, {o['n_lines']} lines ({o['n_boilerplate_lines']} boilerplate)"
    )
    table = Table("measure", "lines", "characters")
    table.add_row(
        f"boilerplate recall (target >= {TARGET_RECALL:.0%})",
        _pct(o["boilerplate_recall"]),
        _pct(o["boilerplate_recall_chars"]),
    )
    table.add_row(
        f"content loss (target <= {TARGET_CONTENT_LOSS:.0%})",
        _pct(o["content_loss"]),
        _pct(o["content_loss_chars"]),
    )
    table.add_row("precision of removal", _pct(o["precision"]), _pct(o["precision_chars"]))
    console.print(table)
    console.print(
        f"content lines partly cut: {o['content_lines_touched']}; targets met: "
        + ("[green]yes[/]" if report.meets_targets else "[red]no[/]")
    )
    reasons = Table("reason", "lines", "removed", "recall")
    for reason, row in sorted(report.per_reason.items(), key=lambda kv: -kv[1]["n_lines"]):
        reasons.add_row(reason, str(row["n_lines"]), str(row["removed"]), _pct(row["recall"]))
    console.print(reasons)
    datasets = Table("dataset", "articles", "lines", "recall", "content loss", "precision")
    for dataset, row in report.per_dataset.items():
        datasets.add_row(
            dataset,
            str(row["n_articles"]),
            str(row["n_lines"]),
            _pct(row["boilerplate_recall"]),
            _pct(row["content_loss"]),
            _pct(row["precision"]),
        )
    console.print(datasets)
    if not errors_per_kind:
        return
    for kind, title in (
        ("content_removed", "content removed (whole or in part)"),
        ("boilerplate_missed", "boilerplate kept"),
    ):
        chosen = [e for e in report.errors if _error_kind(e) == kind][:errors_per_kind]
        errors = Table("article", "line", "reason", "text", title=title, show_lines=False)
        for e in chosen:
            errors.add_row(
                f"{e.dataset}:{e.ref}", str(e.n), e.reason or "", e.text[:100].replace("\n", " ")
            )
        console.print(errors)


def print_cross_validation(figures: dict[str, Any], console: Console) -> None:
    """The site-grouped cross-validated figures of ``newsift.clean.training.lineclass_train.cross_validate``."""
    rules, both = figures["rules_only"], figures["rules_and_model"]
    console.print(
        f"[bold]Site-grouped {figures['folds']}-fold cross-validation[/], split {figures['split']}"
        f": {figures['articles']} articles, {figures['sites']} sites, {figures['lines']} lines "
        f"({figures['boilerplate_lines']} boilerplate); classifier threshold "
        f"{both['threshold']:.2f}"
    )
    table = Table("", "recall", "content loss", "content loss (article mean)")
    for name, row in (("rules only", rules), ("rules + classifier", both)):
        table.add_row(
            name,
            _pct(row["boilerplate_recall"]),
            _pct(row["content_loss"]),
            _pct(row["content_loss_article_mean"]),
        )
        for split, part in row["per_split"].items():
            table.add_row(
                f"  {split}", _pct(part["boilerplate_recall"]), _pct(part["content_loss"]), ""
            )
    console.print(table)
    if rules["word_f1"]:
        f1 = Table("rendered pages", "word F1, rules only", "word F1, rules + classifier")
        for split, value in rules["word_f1"].items():
            f1.add_row(split, f"{value:.3f}", f"{both['word_f1'][split]:.3f}")
        console.print(f1)
    reasons = Table("reason", "lines", "recall, rules only", "recall, rules + classifier")
    for reason, row in sorted(both["per_reason"].items(), key=lambda kv: -kv[1]["n_lines"]):
        reasons.add_row(
            reason,
            str(row["n_lines"]),
            _pct(rules["per_reason"][reason]["recall"]),
            _pct(row["recall"]),
        )
    console.print(reasons)
