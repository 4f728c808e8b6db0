"""Propaganda techniques: the official measures, the PTC reader, and spans in the report."""

from __future__ import annotations

import copy

import pytest

import newsift
import newsift.propaganda.model as propaganda_model
from newsift.core import default_pipeline
from newsift.errors import InputError
from newsift.pipeline import Pipeline
from newsift.propaganda.model import PropagandaComponent, shipped_model
from newsift.propaganda.techniques import DEFINITIONS, TECHNIQUES
from newsift.propaganda.training.ptc import (
    merge_overlapping,
    read_ptc,
    si_scores,
    tc_scores,
)
from newsift.views.html import render_html


def test_si_is_the_character_overlap_measure_of_the_task():
    gold = {"1": [(0, 10), (20, 30)]}
    # One predicted span covers half of the first gold span and nothing else.
    half = si_scores({"1": [(0, 5)]}, gold)
    assert half["precision"] == pytest.approx(1.0)
    assert half["recall"] == pytest.approx(0.5 / 2)
    # A span twice as long as the gold it covers: precision halves, recall is full for it.
    long = si_scores({"1": [(20, 40)]}, gold)
    assert long["precision"] == pytest.approx(0.5) and long["recall"] == pytest.approx(0.5)
    assert si_scores({}, gold)["f1"] == 0.0


def test_overlapping_spans_are_merged_before_scoring():
    assert merge_overlapping([(5, 9), (0, 6), (12, 14)]) == [(0, 9), (12, 14)]


def test_tc_micro_f1_and_per_technique_f1():
    gold = ["Doubt", "Doubt", "Slogans", "Repetition"]
    pred = ["Doubt", "Slogans", "Slogans", "Repetition"]
    scores = tc_scores(gold, pred)
    assert scores["micro_f1"] == pytest.approx(0.75)
    assert scores["per_technique"]["Doubt"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["per_technique"]["Slogans"]["support"] == 1


def test_a_ptc_folder_is_read_and_a_wrong_one_refused(tmp_path):
    articles = tmp_path / "train-articles"
    articles.mkdir()
    (articles / "article42.txt").write_text("Title\n\nThey are traitors, all of them.\n")
    (tmp_path / "train-task1-SI.labels").write_text("42\t7\t23\n")
    (tmp_path / "train-task2-TC.labels").write_text("42\tName_Calling,Labeling\t16\t24\n")
    [article] = read_ptc(tmp_path)
    assert article.id == "42" and article.si == [(7, 23)]
    assert article.tc == [("Name_Calling,Labeling", 16, 24)]
    with pytest.raises(InputError, match="not a PTC folder"):
        read_ptc(tmp_path / "train-articles")


def test_every_technique_has_a_definition():
    assert len(TECHNIQUES) == 14 and all(DEFINITIONS[t] for t in TECHNIQUES)


RHETORIC = (
    "Traitors in the capital\n\n"
    "These corrupt, treacherous bureaucrats have betrayed every patriot in this great nation."
    " Only a fool would believe their lies. Stand up for your country before it is too late!"
    " The council approved the budget on Tuesday by a vote of 7 to 2."
)


def test_candidate_spans_are_spans_of_the_text_with_a_technique_definition_and_a_score():
    spans = shipped_model().predict(RHETORIC, shown_only=False)
    assert spans, "the tagger marks nothing in plainly loaded language"
    for span in spans:
        assert 0 <= span.start < span.end <= len(RHETORIC)
        assert RHETORIC[span.start].isalnum() and RHETORIC[span.end - 1].isalnum()
        assert span.label in TECHNIQUES and span.attrs["definition"] == DEFINITIONS[span.label]
        assert 0.0 <= span.score <= 1.0


def test_only_techniques_past_their_precision_threshold_are_shown():
    model = copy.deepcopy(shipped_model())
    candidates = model.predict(RHETORIC, shown_only=False)
    technique = candidates[0].label
    model.thresholds = dict.fromkeys(model.thresholds)  # none reached its precision
    assert model.predict(RHETORIC) == []
    model.thresholds[technique] = 0.0  # this one did
    shown = model.predict(RHETORIC)
    assert shown and {s.label for s in shown} == {technique}


def test_the_component_puts_spans_and_the_signal_in_the_report(monkeypatch):
    model = copy.deepcopy(shipped_model())
    model.thresholds = dict.fromkeys(model.thresholds, 0.0)
    monkeypatch.setattr(propaganda_model, "shipped_model", lambda: model)
    pipeline = Pipeline([*default_pipeline().components, PropagandaComponent()])
    report = newsift.analyze(RHETORIC, pipeline=pipeline)
    assert report.propaganda
    for span in report.propaganda:
        assert report.article.text[span.start : span.end] == span.text
        assert span.definition == DEFINITIONS[span.technique]
    signal = next(s for s in report.signals if s.name == "propaganda_techniques")
    assert signal.value == len({s.technique for s in report.propaganda})
    html = render_html(report)
    assert "Possible propaganda techniques" in html and report.propaganda[0].definition in html


def test_the_default_analysis_leaves_propaganda_out_until_a_technique_is_shown():
    assert "propaganda" not in default_pipeline().names
    assert all(cut is None for cut in shipped_model().thresholds.values())
