"""The province's own CCHC index (Bộ Chỉ số CCHC của các sở, ban, ngành và UBND cấp xã).

read (`parse`) -> store (`store`, one transaction) -> sent down (`package`) -> self-assessed (the core's
`scoring` and `index_assessment`, with `bands`) -> at the Sở: survey points (`survey`), appraisal (the focal
point's), `ranking` and its documents (`ranking_docs`).
"""
