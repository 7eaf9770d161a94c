"""The checker mould: one answer reader, one naming rule, declared mistakes, labs with
prefixes, discovery without an import list, and feedback that never shows a checker's crash."""

import html
import importlib
import sys

import pandas as pd
import pytest

import imlib.exercises as ex
from imlib.exercises import (
    Feedback,
    Lab,
    Mistake,
    Verdict,
    _core,
    check,
    judge_choice,
    judge_number,
)
from imlib.exercises._answers import (
    AnswerForm,
    as_name_set,
    name_key,
    read_name,
    read_name_set,
    read_number,
    read_series,
)


@pytest.fixture
def demo_lab(monkeypatch):
    """A throwaway lab whose registrations vanish after the test."""
    monkeypatch.setattr(_core, "_CHECKERS", dict(_core._CHECKERS))
    monkeypatch.setattr(_core, "_LABS", dict(_core._LABS))
    monkeypatch.setattr(_core, "_RESULTS", {})
    return Lab("demo")


@pytest.mark.parametrize(
    "spelling",
    ["supplier-alliance", "Supplier alliance", "supplier_alliance", " SUPPLIER  - alliance "],
)
def test_one_naming_rule_for_every_spelling(spelling):
    assert name_key(spelling) == "supplier_alliance"
    assert read_name(spelling, choices=["supplier_alliance", "customer_service"]) == (
        "supplier_alliance"
    )
    # the same rule for a hyphenated canonical choice
    assert (
        read_name(spelling.replace("_", " "), choices=["supplier-alliance"]) == "supplier-alliance"
    )


def test_name_readers_return_canonical_choices_and_reject_unknown_names():
    assert read_name_set(["Customer Service", "price"], choices=["customer_service", "price"]) == {
        "customer_service",
        "price",
    }
    with pytest.raises(AnswerForm, match="'prise' is not a mix element"):
        read_name("prise", choices=["price"], what="mix element")
    with pytest.raises(AnswerForm, match="single name in quotes"):
        read_name(3, choices=["price"])
    names, problem = as_name_set(
        "Reliability", choices=["reliability"], noun="dimension", what="a SERVQUAL dimension"
    )
    assert names == {"reliability"} and problem is None
    names, problem = as_name_set(
        "speed", choices=["reliability"], noun="dimension", what="a SERVQUAL dimension"
    )
    assert names is None and "'speed' is not a SERVQUAL dimension" in problem


@pytest.mark.parametrize("bad", [True, "7", float("inf"), float("nan"), [1, 2], None])
def test_number_reader_refuses_what_is_not_one_finite_number(bad):
    with pytest.raises(AnswerForm):
        read_number(bad)


def test_series_reader_refuses_booleans_and_repeated_keys():
    with pytest.raises(AnswerForm, match="not numbers"):
        read_series(pd.Series([True, False], index=["a", "b"]), keys=["k"], value="v")
    with pytest.raises(AnswerForm, match="repeated rows"):
        read_series(pd.Series([1.0, 2.0], index=["a", "a"]), keys=["k"], value="v")
    frame = pd.DataFrame({"k": ["a", "b"], "v": [1, 2]})
    assert read_series(frame, keys=["k"], value="v").to_dict() == {"a": 1.0, "b": 2.0}


def test_a_lab_prefixes_its_labels_and_reads_the_answer(demo_lab):
    @demo_lab.exercise("half", reads=read_number)
    def _half(value):
        return judge_number(
            value,
            0.5,
            tol=0.01,
            right="Half.",
            otherwise="Not half.",
            mistakes=[Mistake(50, "That is a percentage; give a fraction.")],
        )

    assert demo_lab.labels == ["demo-half"]
    assert check("demo-half", 0.5) and check("demo-half", 0.5).message == "Half."
    wrong = check("demo-half", 50)
    assert not wrong and wrong.status == "wrong" and "percentage" in wrong.message
    malformed = check("demo-half", "a half")
    assert malformed.status == "wrong" and "Give a single number" in malformed.message
    assert check("demo-half", ...).status == "not attempted"
    assert _core.results()["demo-half"] == ["correct", "correct", "wrong", "wrong", "not attempted"]


def test_a_checker_never_shows_its_own_exception(demo_lab):
    @demo_lab.exercise("fragile")
    def _fragile(answer):
        return Verdict(answer.strip() == "x", "ok")  # AttributeError on a number

    feedback = check("demo-fragile", 3)
    assert feedback.status == "error" and not feedback
    assert "AttributeError" not in feedback.text and "strip" not in feedback.text
    assert "could not be checked" in feedback.text

    @demo_lab.exercise("not-a-verdict")
    def _nothing(answer):
        return True

    assert check("demo-not-a-verdict", 1).status == "error"


def test_prefix_is_declared_once(demo_lab):
    elsewhere = compile("Lab('demo')", "another_lab.py", "exec")
    with pytest.raises(ValueError, match="declared twice"):
        exec(elsewhere, {"Lab": Lab})


def test_a_checker_module_imported_twice_registers_again_without_error():
    # pytest's importlib mode imports a module file a second time to collect its doctests
    import importlib.util

    from imlib.exercises import quality_gaps

    before = ex.labels()
    spec = importlib.util.spec_from_file_location("second_copy_of_lab", quality_gaps.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert ex.labels() == before
    assert check(before[0], ...).status == "not attempted"


def test_judge_choice_names_the_misconception():
    verdict = judge_choice(
        "price",
        "people",
        right="Yes.",
        otherwise="Look again.",
        mistakes={"price": "Price is the 4P answer; the gap is in people."},
    )
    assert not verdict.correct and "4P" in verdict.message
    assert judge_choice("place", "people", right="Yes.", otherwise="Look again.").message == (
        "Look again."
    )
    assert judge_choice({"a", "b"}, {"b", "a"}, right="Yes.", otherwise="No.").correct


def test_feedback_is_styled_and_never_a_bare_bool():
    feedback = Feedback("demo-x", "wrong", "Use <P/E>.")
    assert not feedback and repr(feedback).startswith("❌ [demo-x] Not yet.")
    page = feedback._repr_html_()
    assert 'role="status"' in page and html.escape("Use <P/E>.") in page and "<P/E>" not in page
    assert "Not yet" in page
    for status in ("correct", "wrong", "not attempted", "error"):
        assert (
            f"imlib-feedback-{status.replace(' ', '-')}" in Feedback("l", status, "m")._repr_html_()
        )


def test_every_checker_module_is_found_without_an_import_list():
    modules = ex.checker_modules()
    assert len(modules) >= 9
    for name in modules:
        assert f"imlib.exercises.{name}" in sys.modules


def test_a_new_checker_module_is_discovered(tmp_path, monkeypatch):
    import imlib.exercises

    (tmp_path / "zz_demo_lab.py").write_text("X = 1\n")
    monkeypatch.setattr(imlib.exercises, "__path__", [*imlib.exercises.__path__, str(tmp_path)])
    assert "zz_demo_lab" in imlib.exercises.checker_modules()


def test_every_declared_lab_prefixes_all_its_labels():
    for prefix, lab in ex.labs().items():
        assert lab.labels, prefix
        for label in lab.labels:
            assert label.startswith(f"{prefix}-"), label


def test_unknown_label_suggests_the_closest():
    feedback = check("quality-index-by-han", 1)
    assert feedback.status == "error" and "quality-index-by-hand" in feedback.message
    importlib.import_module("imlib.exercises")


def test_every_registered_label_comes_from_a_lab_mould():
    # the older @checker form is kept for outside code; the kit's own labs all use Lab
    from_labs = {label for lab in ex.labs().values() for label in lab.labels}
    assert set(ex.labels()) == from_labs
    assert len(ex.labs()) >= 11
