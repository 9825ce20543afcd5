"""One plan everywhere, at province scale: a 5,000-row appendix imported, then an amendment of it (2 % of tasks
reworded, 1 % dropped, 1 % added) previewed and applied as version 2, then a bundle reporting on all 5,000 tasks
received by a focal point whose copy of the plan has other UUIDs (matched by key), beside the same bundle matched
by UUID — the two measured in one run.

python benchmarks/bench_plan_versions.py [--rows 5000]
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_tasks import big_workbook, timed
from desktop.core.agencies import set_my_agency
from desktop.core.bundle.matching import match_tasks
from desktop.core.plan_import import parse_grid, read_workbook
from desktop.core.plan_import.commit import commit_plan, preview_import
from desktop.core.workspace import open_workspace


def _amended(parsed, every: int = 50):  # type: ignore[no-untyped-def]
    out = copy.deepcopy(parsed)
    tasks = out.sheets[0].tasks
    for n, t in enumerate(tasks):
        if n % every == 1:
            t.content += " (sửa đổi)"
        if n % every == 7:
            t.lead = "Văn phòng UBND tỉnh"
    dropped = tasks[3::100]
    out.sheets[0].tasks = [t for t in tasks if t not in dropped]
    for i, t in enumerate(dropped):
        extra = copy.deepcopy(t)
        extra.code, extra.content = f"99.{i + 1}", f"Nhiệm vụ bổ sung số {i + 1}"
        out.sheets[0].tasks.append(extra)
    out.meta.number, out.meta.amends = "300/KH-UBND", "145/KH-UBND"
    out.file_sha256 = "amended"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-bench-versions-"))
    parsed = parse_grid(read_workbook(big_workbook(tmp / "phu-luc.xlsx", args.rows)))
    parsed.meta.number, parsed.meta.issuer = "145/KH-UBND", "UBND tỉnh Tuyên Quang"
    store = open_workspace(tmp / "so")
    with store.session() as s:
        set_my_agency(s, "Sở Nội vụ", "so")

    def first():  # type: ignore[no-untyped-def]
        with store.session() as s:
            return commit_plan(s, parsed)

    result, t_first = timed(first)
    amended = _amended(parsed)
    preview, t_preview = timed(lambda: preview_import(store, amended))

    def apply():  # type: ignore[no-untyped-def]
        with store.session() as s:
            return commit_plan(s, amended)

    applied, t_apply = timed(apply)
    assert preview.new_version and applied.version == 2 and applied.diff is not None

    with store.session() as s:
        from desktop.core.tasks import load_task_rows

        rows = load_task_rows(s)
        from sqlalchemy import select

        from db.models import Plan, PlanKey, Task

        plan = s.scalars(select(Plan)).one()
        keys = list(s.scalars(select(PlanKey.key)))
        ids = dict(s.execute(select(Task.uuid, Task.key)).tuples().all())
        fps = dict(s.execute(select(Task.uuid, Task.fingerprint)).tuples().all())
    tasks = [
        {
            "uuid": r.uuid,
            "plan_uuid": plan.uuid,
            "code": r.code,
            "framework": r.framework,
            "content": r.content,
            "key": ids[r.uuid],
            "fingerprint": fps[r.uuid],
        }
        for r in rows
    ]
    same = {"plans": [{"uuid": plan.uuid, "key": plan.key, "keys": keys}], "tasks": tasks}
    other_ids = {
        "plans": [{"uuid": "00000000-0000-4000-8000-000000000001", "key": plan.key, "keys": keys}],
        "tasks": [
            dict(t, uuid=f"00000000-0000-4000-8000-{n:012d}", plan_uuid="00000000-0000-4000-8000-000000000001")
            for n, t in enumerate(tasks)
        ],
    }

    def match(data):  # type: ignore[no-untyped-def]
        with store.session() as s:
            found = match_tasks(s, data, learn=False)
            s.rollback()
        return found

    match(same)  # warm-up: the first query of a session pays for its caches
    uuid_times, key_times = [], []
    for _ in range(5):  # alternated, median of each
        by_uuid, t = timed(lambda: match(same))
        uuid_times.append(t)
        by_key, t = timed(lambda: match(other_ids))
        key_times.append(t)
    t_uuid, t_key = statistics.median(uuid_times), statistics.median(key_times)
    assert all(m.known for m in by_uuid) and all(m.known for m in by_key)
    store.close()
    print(f"Nhập phụ lục {result.tasks:,} nhiệm vụ (chỉ phần ghi, có khoá và vân tay)        {t_first:.2f} s")
    print(f"Xem trước phiên bản 2 ({applied.diff.summary()})   {t_preview:.2f} s")
    print(f"Áp dụng phiên bản 2                                                  {t_apply:.2f} s")
    print(f"Đối chiếu gói {len(tasks):,} nhiệm vụ theo mã định danh (trung vị 5 lần)  {t_uuid:.2f} s")
    print(
        f"Đối chiếu cùng gói khi hai bên có mã định danh khác (theo khoá)       {t_key:.2f} s "
        f"({t_key / t_uuid:.2f}× so với theo mã định danh)"
    )


if __name__ == "__main__":
    main()
