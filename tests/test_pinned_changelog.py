"""The changelog pinned as a reader sees it (issue 14): the whole Markdown of two stored
releases, the order of added and removed rows, and exports read as text."""

import json

import pandas as pd
import pytest

from analysis import changelog


def store(releases, version, files):
    folder = releases / version
    folder.mkdir(parents=True)
    (folder / changelog.MANIFEST).write_text(json.dumps(
        {"version": version, "date": f"date of {version}", "commit": f"commit-{version}"}))
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text)


@pytest.fixture
def releases(tmp_path):
    store(tmp_path, "0.1.0", {"claims-ledger": "claim_id,verdict,value\nP2,weak,1\nP1,a,2\n"})
    store(tmp_path, "0.2.0", {"claims-ledger": "claim_id,verdict,value\nP1,b,2\n",
                              "key-numbers": "id,value,unit\nk1,5,GW\n"})
    return tmp_path


def test_changelog_markdown_in_full(releases):
    assert changelog.changelog_markdown(releases) == "\n\n".join([
        "## Release 0.2.0", "",
        "Cut on date of 0.2.0 from commit `commit-0.2.0`.",
        "\n".join(["Verdicts: changes since 0.1.0.", "",
                   "| claim | change | column | before | after | why |",
                   "|---|---|---|---|---|---|",
                   "| `P2` | removed |  |  |  | not recorded |",
                   "| `P1` | changed | Verdict | a | b | not recorded |"]),
        "Key numbers: first exported here (1 numbers; release 0.1.0 has no `key-numbers` "
        "export to compare with).",
        "## Release 0.1.0", "",
        "Cut on date of 0.1.0 from commit `commit-0.1.0`.",
        "First release: nothing earlier to compare with.",
        "Verdicts: 2 claims.",
        "Key numbers: not yet exported by the report.",
    ])


def test_nothing_stored_says_so(tmp_path):
    assert changelog.changelog_markdown(tmp_path / "none") == "No release has been stored yet."
    assert changelog.since_last_release(tmp_path, tmp_path / "none") == (
        "No release has been stored yet.")


def test_since_last_release_names_this_build(releases, tmp_path):
    built = tmp_path / "built"
    built.mkdir()
    (built / "claims-ledger.csv").write_text("claim_id,verdict,value\nP1,b,2\n")
    assert changelog.since_last_release(built, releases) == "\n\n".join([
        "Verdicts: no change since 0.2.0 (1 claims).",
        "Key numbers: not exported in this build."])


def test_rows_keep_the_order_of_the_exports():
    old = pd.DataFrame({"value": ["1", "2"]}, index=["z", "y"])
    new = pd.DataFrame({"value": ["3", "3"]}, index=["b", "a"])
    diff = changelog.diff_exports(old, new, ("value",))
    assert diff["key"].tolist() == ["b", "a", "z", "y"]
    both = pd.DataFrame({"value": ["1", "2"]}, index=["z", "y"])
    changed = changelog.diff_exports(both, both.assign(value=["5", "6"]), ("value",))
    assert changed["key"].tolist() == ["z", "y"]


def test_exports_are_read_as_text(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("id,value,unit\n007,1.50,NA\nnull,,n/a\n")
    frame = changelog.read_export(path, "Key")
    assert frame.index.tolist() == ["007", "null"]
    assert frame.loc["007"].tolist() == ["1.50", "NA"]
    assert frame.loc["null"].tolist() == ["", "n/a"]


def test_an_export_without_its_key_column_is_named(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("name,value\na,1\n")
    with pytest.raises(ValueError, match=r"k.csv: no key column 'Key'$"):
        changelog.read_export(path, "Key")


@pytest.mark.parametrize("old, new, same", [
    ("0.1", "0.10000000000000002", True), ("1", "1.0", True), ("1", "1.0000001", False),
    ("0", "0.0", True), ("0", "1e-300", False), ("a", "b", False), ("", "", True)])
def test_values_are_the_same_up_to_float_noise_only(old, new, same):
    assert changelog._same(old, new) is same
