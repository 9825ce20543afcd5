"""The Sở ranks a province's communes on its own index: receive N yearly bundles that carry a self-assessment,
import the survey for all of them, rank, and write the ranking's Excel, PDF and Word.

python benchmarks/bench_ranking.py [--communes 200]

One commune takes the Sở's index package, scores every criterion it can and exports its yearly bundle; the
others are that bundle under their own name and bundle UUID, their scores shifted so the ranking has work to do
(the manifest is not among the hashed files, so each one stays valid). The largest provinces have 130–170
communes since 1/7/2025.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.enums import IndexLevel  # noqa: E402
from desktop.core.agencies import set_my_agency  # noqa: E402
from desktop.core.bundle.export import export_bundle  # noqa: E402
from desktop.core.bundle.receive import import_bundles  # noqa: E402
from desktop.core.periods import ensure_year  # noqa: E402
from desktop.core.progress import CancelToken, no_progress  # noqa: E402
from desktop.core.province_index.package import export_index_package, import_index_package  # noqa: E402
from desktop.core.province_index.ranking import ranking  # noqa: E402
from desktop.core.province_index.ranking_docs import texts_for, write_ranking  # noqa: E402
from desktop.core.province_index.run import import_index_file  # noqa: E402
from desktop.core.province_index.survey import import_survey  # noqa: E402
from desktop.core.scoring import resolve_framework, score_sheet, set_score  # noqa: E402
from desktop.core.workspace import open_workspace  # noqa: E402
from tests.fixtures.bundle_copies import sent_by_many  # noqa: E402
from tests.fixtures.province_index import write_survey, write_xlsx  # noqa: E402

TODAY = date(2025, 12, 20)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--communes", type=int, default=200)
    args = ap.parse_args()
    n = args.communes
    with tempfile.TemporaryDirectory(prefix="cchc-bench-rank-", dir=os.environ.get("BENCH_DIR")) as tmp:
        work = Path(tmp)
        so = open_workspace(work / "so")
        with so.session() as s:
            set_my_agency(s, "Sở Nội vụ tỉnh Tuyên Quang", "so", "")
        import_index_file(so, write_xlsx(work / "bo-chi-so.xlsx"), IndexLevel.COMMUNE, 2025)
        with so.session() as s:
            package = export_index_package(s, "CCHC_XA", work, 2025)
        commune = open_workspace(work / "xa")
        with commune.session() as s:
            set_my_agency(s, "UBND xã Mẫu", "xa", "")
            import_index_package(s, package)
            ensure_year(s, 2025)
            fw = resolve_framework(s, "CCHC_XA", 2025)
            for row in score_sheet(s, fw):
                if row.self_scored and row.max_score:
                    set_score(s, fw, row.code, row.max_score / 2, "Số liệu năm 2025")
        one = export_bundle(commune, "2025-Y", work / "out", TODAY, no_progress, CancelToken(), as_zip=True)

        def scored(k: int, manifest: dict[str, Any]) -> None:  # each commune its own self-assessment
            for sc in manifest["data"]["index_assessments"][0]["scores"]:
                if sc["leaf"] and sc["score"] is not None:
                    sc["score"] = round(sc["max"] * ((k * 7919) % 100) / 100, 2)

        names = [f"UBND xã Số {k:04d}" for k in range(n)]
        copies = ((work / "usb" / f"xa-{k:04d}.zip", name) for k, name in enumerate(names))
        paths = sent_by_many(one.path, copies, scored)
        survey = {
            name: {"2.4": 3, "4.3": 3, "5.4": 8, "6.4": 3, "7.5": 1, "8.1": round(5 + (k % 50) / 10, 1)}
            for k, name in enumerate(names)
        }
        t0 = time.perf_counter()
        outcomes = import_bundles(so, paths)
        received = time.perf_counter() - t0
        assert all(o.status == "accepted" for o in outcomes), {o.status for o in outcomes}
        survey_file = write_survey(work / "dieu-tra.xlsx", survey)
        t1 = time.perf_counter()
        with so.session(write=True) as s:
            import_survey(s, survey_file, "CCHC_XA", 2025)
        surveyed = time.perf_counter() - t1
        t2 = time.perf_counter()
        with so.session() as s:
            result = ranking(s, "CCHC_XA", 2025)
            texts = texts_for(s, result, TODAY)
        ranked = time.perf_counter() - t2
        assert sum(1 for r in result.rows if r.rank is not None) == n
        made = {}
        for suffix in ("xlsx", "pdf", "docx"):
            t3 = time.perf_counter()
            write_ranking(result, texts, work / f"xep-hang.{suffix}")
            made[suffix] = time.perf_counter() - t3
        print(f"\n{n} communes, one yearly bundle each with a self-assessment on the province's index\n")
        print("| what | time |\n|---|---|")
        print(f"| receive {n} yearly bundles | {received:.1f} s |")
        print(f"| import the survey for {n} communes (6 criteria) | {surveyed * 1000:.0f} ms |")
        print(f"| rank and classify (the Xếp hạng page's read) | {ranked * 1000:.0f} ms |")
        print(
            f"| ranking .xlsx / draft decision .pdf / .docx | {made['xlsx'] * 1000:.0f} / {made['pdf'] * 1000:.0f} / "
            f"{made['docx'] * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
