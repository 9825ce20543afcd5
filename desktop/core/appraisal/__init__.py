"""Appraisal (thẩm định): a focal point scores and comments an agency's report, sends it back as a package,
and the agency sees the appraised scores beside its own."""
