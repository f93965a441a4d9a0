"""The page budgets of issue 18, measured on a built output folder (no Pelican, no build).

Each module measures one thing and returns `Finding`s (findings.py):
sizes.py (CSS, JavaScript and article HTML read from the files), browser.py
(every request of every page, axe-core and the focus ring of focus.py, in
Debian's Chromium served by a local HTTP server), vnu.py (the Nu HTML Checker
over every page in one Java run), lighthouse.py (representative pages). run.py runs them and times
each; report.py writes the Vietnamese report and the JSON one.
`python -m scripts.check_budgets OUTPUT` is the command line.
"""
