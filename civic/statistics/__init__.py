"""Public participation statistics and the participation report.

- ``selectors/participations.py``: who took part in which ended process, from the rolls
  (consultation participations, dialogue participants, the PB voter roll; never ballots).
- ``selectors/statistics.py``: every published figure of an organisation as a set of
  people, suppressed together (``suppression.py``), cached for an hour.
- ``selectors/report.py``: the participation report for a period, grouped by SDG goal.
- ``views.py`` / ``api/``: pages under /statistics/ and the API under /api/v1/statistics/.
- ``pdf.py``: the report as PDF with WeasyPrint.
"""
