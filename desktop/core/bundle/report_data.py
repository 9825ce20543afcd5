"""What a received bundle's report needs from its manifest, in the form kept with the receipt: the consolidated
report of thousands of bundles then reads the database, not thousands of manifests from the inbox."""

from __future__ import annotations

from typing import Any

REPORTED = ("result", "difficulties", "proposals")  # kept only when the agency wrote something


def receipt_entry(t: dict[str, Any], local_uuid: str | None, match: str) -> dict[str, Any]:
    """One task of the bundle as the receipt keeps it."""
    progress = t.get("progress") or {}
    entry: dict[str, Any] = {
        "uuid": t.get("uuid"),
        "local_uuid": local_uuid,  # the focal point's task it reports on, or None
        "match": match,
        "code": t.get("code"),
        "framework": t.get("framework"),
        "status": progress.get("status"),
        "percent": progress.get("percent"),
        "evidence": len(t.get("evidence_refs") or []),
    }
    entry.update({name: str(progress[name]) for name in REPORTED if progress.get(name)})
    if local_uuid is None and t.get("content"):  # a task of no plan here: its text is only in the bundle
        entry["content"] = str(t["content"])
    return entry


def unproven_scores(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The leaf criteria the bundle self-scored without any evidence linked to them: {framework, code, score},
    the framework as the bundle names it («PAR_INDEX 2025»)."""
    scored = str(data.get("score_framework") or "")
    proven = {
        str(link.get("criterion_code"))
        for e in data.get("evidence", [])
        if isinstance(e, dict)
        for link in e.get("links", [])
        if isinstance(link, dict) and link.get("criterion_code")
    }
    # Evidence of a task linked to the criterion proves it too, as on the sender's scoring page.
    proven |= {
        str(t.get("criterion_code"))
        for t in data.get("tasks", [])
        if isinstance(t, dict) and t.get("criterion_code") and t.get("evidence_refs")
    }
    gaps = []
    for s in data.get("scores", []):
        if not isinstance(s, dict) or not s.get("leaf") or s.get("score") is None:
            continue
        code = str(s.get("code") or "")
        if code and code not in proven:
            gaps.append({"framework": scored, "code": code, "score": s.get("score")})
    return gaps
