import json
import shutil
from pathlib import Path

from sqlalchemy import select

from db.models import Criterion, Framework
from db.store import Store
from desktop.core.catalog import load_catalogs
from desktop.core.resources import resources_dir


def _fw(store: Store, code: str, year: int = 2025) -> Framework:
    with store.session() as s:
        fw = s.scalars(select(Framework).where(Framework.code == code, Framework.year == year)).one()
        s.expunge(fw)
        return fw


def test_par_index_2025(store: Store) -> None:
    with store.session() as s:
        fw = s.scalars(select(Framework).where(Framework.code == "PAR_INDEX")).one()
        top = [c for c in fw.criteria if c.parent_id is None]
        assert [c.code for c in top] == [str(i) for i in range(1, 9)]
        assert sum(c.max_score or 0 for c in top) == 100
        by_code = {c.code: c for c in fw.criteria}
        assert by_code["2"].max_score == 10 and by_code["2"].self_assessed_max == 6 and by_code["2"].survey_max == 4
        assert by_code["1"].self_assessed_max is None  # the seed gives no split: none stored
        assert by_code["8"].max_score == 16.5
        assert by_code["1.3.1"].name.startswith("Tỷ lệ cơ quan chuyên môn")
        assert by_code["1.3.1"].parent is not None and by_code["1.3.1"].parent.code == "1.3"
        assert len(fw.criteria) == 101


def test_sipas_and_papi(store: Store) -> None:
    with store.session() as s:
        papi = s.scalars(select(Framework).where(Framework.code == "PAPI")).one()
        assert [(c.code, c.max_score) for c in papi.criteria] == [(str(i), 10) for i in range(1, 9)]
        sipas = s.scalars(select(Framework).where(Framework.code == "SIPAS")).one()
        assert [c.code for c in sipas.criteria] == [
            "A",
            "A.I",
            "A.II",
            "A.III",
            "B",
            "B.I",
            "B.II",
            "B.III",
            "B.IV",
            "B.V",
        ]
        assert all(c.max_score is None for c in sipas.criteria)


def test_reloading_is_a_no_op(store: Store) -> None:
    with store.session() as s:
        assert load_catalogs(s) == 0
        assert s.query(Criterion).count() == 101 + 10 + 8


def test_a_later_year_is_data_only(store: Store, tmp_path: Path) -> None:
    root = tmp_path / "res"
    shutil.copytree(resources_dir() / "catalogs", root / "catalogs")
    new = root / "catalogs" / "2026"
    new.mkdir()
    data = json.loads((root / "catalogs" / "2025" / "papi.json").read_text(encoding="utf-8"))
    data["year"] = 2026
    data["criteria"][0]["name"] = "Tham gia của người dân ở cấp cơ sở (2026)"
    (new / "papi.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with store.session() as s:
        assert load_catalogs(s, root) == 1
    fw = _fw(store, "PAPI", 2026)
    assert fw.year == 2026
    with store.session() as s:
        names = [c.name for c in s.scalars(select(Criterion).where(Criterion.framework_id == fw.id))]
    assert names[0].endswith("(2026)")
