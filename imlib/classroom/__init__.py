"""Teaching a class: personal variants, assigning labs to a roster, grading submissions.

- :func:`imlib.classroom.roster.variant_seed` derives a student's seed (HMAC-SHA256 of
  the student id under the course key);
- :func:`imlib.classroom.assign.assign` writes each student's bound student editions
  (``python -m imlib assign``);
- :func:`imlib.classroom.grade.grade` runs a folder of submissions in sandboxed kernels
  and judges the answers in the grader's process (``python -m imlib grade``).
"""

from imlib.classroom.roster import RosterError, read_roster, variant_seed

__all__ = ["RosterError", "read_roster", "variant_seed"]
