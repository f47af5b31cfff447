"""User school tables: every bad input is one clear error naming file, line, row and field."""

import csv
import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.assessment.balance import county_reports
from sim.data.errors import InputError
from sim.data.schooltable import MAX_PUPILS, read_school_table

EXAMPLE = Path(__file__).resolve().parents[1] / "experiments" / "data" / "example_county.csv"


def write(tmp_path, text, name="county.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def example_lines():
    return EXAMPLE.read_text(encoding="utf-8").splitlines()


def replace_field(line_no, field, value, tmp_path):
    """The example table with one field of one line (1 = header) changed."""
    rows = list(csv.reader(example_lines()))
    rows[line_no - 1][rows[0].index(field)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return write(tmp_path, buf.getvalue())


def test_example_table_reads():
    county = read_school_table(EXAMPLE)
    assert len(county) == 8
    assert county.school.count("West Nine-Year School") == 2
    assert county.counts["teachers"].sum() == 95 + 30 + 7 + 2 + 104 + 24 + 28 + 22


@pytest.mark.parametrize("line, field, value, message", [
    (3, "enrollment", "-5", ":3: row 2 (East Township Central Primary), field 'enrollment': must be positive"),
    (3, "enrollment", "0", "must be positive"),
    (4, "enrollment", "12.5", "whole number"),
    (2, "books", "many", "not a number"),
    (5, "sports_area_m2", "-1", "must not be negative"),
    (2, "stage", "senior", "must be one of primary / 小学, junior / 初中"),
    (6, "location", "suburb", "field 'location'"),
    (2, "backbone_teachers", "500", "more than the"),
    (2, "equipment_yuan", "nan", "finite"),
])
def test_bad_field_names_file_line_row_and_field(tmp_path, line, field, value, message):
    path = replace_field(line, field, value, tmp_path)
    with pytest.raises(InputError) as err:
        read_school_table(path)
    text = str(err.value)
    assert str(path) in text and f"row {line - 1} (" in text and f"'{field}'" in text
    assert message in text
    assert "\n" not in text


def test_wrong_number_of_fields(tmp_path):
    lines = example_lines()
    lines[3] = lines[3].rsplit(",", 2)[0]
    path = write(tmp_path, "\n".join(lines))
    with pytest.raises(InputError, match=r":4: row 3: expected 18 fields as in the header, found 16"):
        read_school_table(path)


def test_unknown_column_suggests_the_close_one(tmp_path):
    lines = example_lines()
    lines[0] = lines[0].replace("enrollment", "enrolment")
    with pytest.raises(InputError, match=r"missing column\(s\) enrollment / 在校生数; ignored columns: "
                                         r"'enrolment' \(did you mean 'enrollment'\?\)"):
        read_school_table(write(tmp_path, "\n".join(lines)))


def test_missing_required_column(tmp_path):
    rows = [r[:3] for r in csv.reader(example_lines())]
    text = "\n".join(",".join(r) for r in rows)
    with pytest.raises(InputError, match="missing column.*teachers_above_degree"):
        read_school_table(write(tmp_path, text))


def test_duplicate_school_and_stage(tmp_path):
    lines = example_lines()
    path = write(tmp_path, "\n".join(lines + [lines[1]]))
    with pytest.raises(InputError, match=r"already given at .*county.csv:2: row 1 \(Town No.1 Primary\)"):
        read_school_table(path)


@pytest.mark.parametrize("text, message", [("", "no header row found"), ("school,stage,enrollment\n", "missing column")])
def test_empty_inputs(tmp_path, text, message):
    with pytest.raises(InputError, match=message):
        read_school_table(write(tmp_path, text))


def test_missing_file_and_binary_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_school_table(tmp_path / "nope.csv")
    path = tmp_path / "bin.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="neither a CSV in UTF-8 or GBK/GB18030 nor an .xlsx workbook"):
        read_school_table(path)


def test_basic_columns_are_optional_for_balance(tmp_path):
    rows = [r[:10] for r in csv.reader(example_lines())]  # school .. multimedia_rooms
    county = read_school_table(write(tmp_path, "\n".join(",".join(r) for r in rows)))
    (stage, rep), _ = county_reports(county)[0]
    assert rep.composite_cv is None and rep.basic_pass is None
    assert rep.indicators["teachers_above_degree"]["cv"] > 0


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="-0123456789.eabc ", min_size=1, max_size=6))
def test_any_enrollment_text_is_accepted_only_if_a_positive_whole_number(tmp_path, text):
    path = replace_field(2, "enrollment", text, tmp_path)
    try:
        value = float(text)
        valid = np.isfinite(value) and 0 < value <= MAX_PUPILS and value == int(value)
    except ValueError:
        valid = False
    if valid:
        assert read_school_table(path).enrollment[0] == float(text)
    else:
        with pytest.raises(InputError, match=r":2: row 1 \(Town No.1 Primary\), field 'enrollment'"):
            read_school_table(path)
