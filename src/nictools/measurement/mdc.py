"""NHS England's Making Data Count icons, computed from the one assessment.

*Variation*: common cause, or special cause improving / concerning (by the measure's
direction; both ways when the current phase has signals in each direction).
*Assurance*: where the goal sits against the process limits at the latest point: inside
them the process will hit and miss the goal at random; beyond them it consistently
meets it, or consistently fails it. No limits (a run chart) or no goal: no assurance icon.
Source: NHS England, *Making Data Count* (2019), "variation and assurance icons".
"""

from __future__ import annotations

from dataclasses import dataclass

from nictools.measurement.assessment import Assessment

VARIATION_WORDS = {
    "common": "common cause variation",
    "improving": "special cause variation, improving",
    "concerning": "special cause variation, concerning",
    "both": "special cause variation in both directions",
    "change": "special cause variation, neither improving nor concerning (no direction of improvement)",
    "too-few": "too few points to judge variation",
}
ASSURANCE_WORDS = {
    "pass": "consistently meets the goal",
    "fail": "consistently fails the goal",
    "hit-and-miss": "will hit and miss the goal at random",
}


@dataclass(frozen=True)
class Icons:
    variation: str  # a key of VARIATION_WORDS
    assurance: str | None  # a key of ASSURANCE_WORDS, or None (no limits or no goal)

    @property
    def words(self) -> str:
        text = VARIATION_WORDS[self.variation]
        if self.assurance:
            text += "; " + ASSURANCE_WORDS[self.assurance]
        return text


def icons(assessment: Assessment, goal: float | None) -> Icons:
    """The two icons for one assessment (goal in the measure's natural units)."""
    variation = {"improvement": "improving", "concern": "concerning", "both": "both", "none": "common",
                 "too-few-points": "too-few", "change": "change"}[assessment.signal]
    assurance = None
    lcl, ucl = assessment.lcl, assessment.ucl
    if goal is not None and lcl is not None and ucl is not None and assessment.direction in ("up", "down"):
        if lcl <= goal <= ucl:
            assurance = "hit-and-miss"
        elif (lcl > goal) == (assessment.direction == "up"):
            assurance = "pass"
        else:
            assurance = "fail"
    return Icons(variation, assurance)


__all__ = ["ASSURANCE_WORDS", "Icons", "VARIATION_WORDS", "icons"]
