"""The needs a victim may have, as the MoJ grant measures them: services say which they meet
(directory), support goals are set against them (cases), assessments score them."""

# The nine categories the MoJ grant measures at the start and the end of support.
NEED_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("health", "Mental and physical health"),
    ("accommodation", "Shelter and accommodation"),
    ("family", "Family, friends and children"),
    ("education", "Education, skills and employment"),
    ("drugs_alcohol", "Drugs and alcohol"),
    ("finance", "Finance and benefits"),
    ("outlook", "Outlook and attitudes"),
    ("social", "Social interaction"),
    ("justice", "Criminal justice system"),
)
