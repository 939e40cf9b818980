"""Were a cycle's predictions written down before its test?

From the history: "yes" when every prediction the cycle holds now was already
committed before the commit in which its `do` section appeared (a prediction
edited only trivially since, spelling or whitespace, counts as the same one), or
when `plan.recorded_on` is before `do.actual_start`. Otherwise "unknown": teams
that plan on paper and commit later are doing honest work, so this is information
for the hub, never an error, and never "no".
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any

from nictools.history.blobs import BlobCache, classify
from nictools.history.git import Repository
from nictools.history.snapshots import Key, artifact_key

#: Two predictions whose normalised texts are at least this similar are the same prediction.
SAME_PREDICTION = 0.9
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", _PUNCT.sub("", text.lower())).strip()


def same_prediction(a: str, b: str) -> bool:
    """True when `b` is `a` up to trivial edits (case, punctuation, whitespace, a typo or two)."""
    na, nb = normalise(a), normalise(b)
    return na == nb or difflib.SequenceMatcher(None, na, nb).ratio() >= SAME_PREDICTION


def predictions(data: Any) -> list[str]:
    plan = data.get("plan") if isinstance(data, dict) else None
    questions = plan.get("questions") if isinstance(plan, dict) else None
    if not isinstance(questions, list):
        return []
    return [str(q["prediction"]) for q in questions if isinstance(q, dict) and q.get("prediction")]


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Provenance:
    key: Key
    recorded_before: str  # "yes", "unknown", or "not tested yet"
    how: str  # why, in words


def by_text(versions: list[Any]) -> str | None:
    """'yes' when the current predictions were all committed before `do` appeared."""
    first_do = next((i for i, d in enumerate(versions) if isinstance(d, dict) and d.get("do") is not None), None)
    if first_do is None:
        return None
    current = predictions(versions[-1])
    earlier = [p for d in versions[:first_do] for p in predictions(d)]
    if current and all(any(same_prediction(e, p) for e in earlier) for p in current):
        return "yes"
    return "unknown"


def cycle_provenance(key: Key, versions: list[Any]) -> Provenance:
    latest = versions[-1] if versions else None
    if not isinstance(latest, dict) or latest.get("do") is None:
        return Provenance(key, "not tested yet", "the cycle has no `do` section yet")
    if not predictions(latest):
        return Provenance(key, "unknown", "the plan holds no predictions")
    if by_text(versions) == "yes":
        return Provenance(key, "yes", "committed before the `do` section was")
    plan = latest.get("plan") if isinstance(latest.get("plan"), dict) else {}
    recorded, started = _date(plan.get("recorded_on")), _date((latest.get("do") or {}).get("actual_start"))
    if recorded and started and recorded < started:
        return Provenance(key, "yes", f"recorded on {recorded}, before the test started on {started}")
    return Provenance(key, "unknown", "plan and test were committed together, and no earlier `recorded_on`")


def provenance_at(repo: Repository, cache: BlobCache, until: str,
                  progress: Any = None) -> dict[Key, Provenance]:
    """Provenance of every cycle as of `until`, from all the versions of every PDSA file."""
    commits = repo.log(until, paths=("sites/",))
    wanted = [(c.new, c.path) for commit in commits for c in commit.changes
              if c.new and (classify(c.path) or ("", None))[0] == "pdsa"]
    parsed = cache.get(wanted, progress)
    versions: dict[Key, list[Any]] = {}
    for commit in commits:
        for change in commit.changes:
            where = classify(change.path)
            if not where or where[0] != "pdsa" or not change.new:
                continue
            data = parsed.get(change.new)
            versions.setdefault(artifact_key("pdsa", where[1], change.path, data), []).append(data)
    return {key: cycle_provenance(key, found) for key, found in versions.items()}
