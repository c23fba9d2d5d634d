"""Version 1 of the needs assessment and the domestic abuse risk checklist (our wording)."""

from django.db import migrations

NEEDS = [
    ("health", "Mental and physical health", "Injuries, sleep, anxiety, low mood, getting to a GP"),
    ("accommodation", "Shelter and accommodation", "Is home safe and secure? Locks, repairs, moving"),
    ("family", "Family, friends and children", "Support from people around them; children's needs"),
    ("education", "Education, skills and employment", "Time off work or school, keeping a job or place"),
    ("drugs_alcohol", "Drugs and alcohol", "Use that has changed since the crime, or worries"),
    ("finance", "Finance and benefits", "Lost money or property, bills, compensation, benefits"),
    ("outlook", "Outlook and attitudes", "How they feel about the future; confidence; fear"),
    ("social", "Social interaction", "Going out, seeing people, feeling isolated"),
    ("justice", "Criminal justice system", "Understanding the investigation and court; being a witness"),
]
RISK = [
    "Did the latest incident leave the victim injured?",
    "Is the victim very frightened?",
    "Is the victim afraid the abuser will hurt them or someone close to them?",
    "Does the abuser keep the victim away from family or friends?",
    "Is the victim feeling low, or thinking about harming themselves?",
    "Has the victim tried to leave the abuser in the past year?",
    "Is there conflict about contact with children?",
    "Does the abuser keep checking on, following or messaging the victim?",
    "Is the victim pregnant, or have they had a baby in the past 18 months?",
    "Is the abuse happening more often than before?",
    "Is the abuse getting worse?",
    "Does the abuser try to control what the victim does, or show extreme jealousy?",
    "Has the abuser used a weapon or an object to hurt the victim?",
    "Has the abuser threatened to kill the victim or anyone else?",
    "Has the abuser ever tried to strangle, choke or smother the victim?",
    "Does the abuser force or pressure the victim into sexual acts?",
    "Is anyone else threatening the victim, or someone they fear?",
    "Has the abuser hurt anyone else: children, relatives or former partners?",
    "Has the abuser hurt or threatened a pet or other animal?",
    "Is money a problem, or does the abuser control the victim's money?",
    "Has the abuser had problems with drink, drugs or mental health in the past year?",
    "Has the abuser threatened or tried to take their own life?",
    "Has the abuser broken bail, an injunction or another court order?",
    "Does the abuser have a history of violence or a criminal record, as far as the victim knows?",
]


def forwards(apps, schema_editor):
    Questionnaire = apps.get_model("assessments", "Questionnaire")
    Question = apps.get_model("assessments", "Question")
    needs = Questionnaire.objects.create(
        kind="needs", version=1, title="Common needs assessment", current=True
    )
    for order, (code, text, hint) in enumerate(NEEDS, start=1):
        Question.objects.create(questionnaire=needs, code=code, text=text, hint=hint, order=order)
    risk = Questionnaire.objects.create(
        kind="risk", version=1, title="Domestic abuse risk checklist", current=True
    )
    for order, text in enumerate(RISK, start=1):
        Question.objects.create(questionnaire=risk, code=f"q{order}", text=text, order=order)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
