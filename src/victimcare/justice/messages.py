"""What the victim is told about each justice event, in plain English and in Welsh.

Messages say what happened and what comes next, never a name or an address, so a message
read by someone else reveals as little as possible. The officer follows up in person.
"""

from victimcare.justice.models import JusticeEvent
from victimcare.justice.rules import london_day

# event -> (English, Welsh)
EVENT_MESSAGES: dict[str, tuple[str, str]] = {
    "suspect_arrested": (
        "The police have arrested someone in connection with the crime you reported.",
        "Mae'r heddlu wedi arestio rhywun mewn cysylltiad â'r drosedd a adroddwyd gennych.",
    ),
    "suspect_interviewed": (
        "The police have interviewed a suspect about the crime you reported.",
        "Mae'r heddlu wedi cyfweld â rhywun a amheuir am y drosedd a adroddwyd gennych.",
    ),
    "released_on_bail": (
        "The suspect has been released on bail. Your officer will tell you about any "
        "conditions that protect you.",
        "Mae'r sawl a amheuir wedi cael ei ryddhau ar fechnïaeth. Bydd eich swyddog yn dweud "
        "wrthych am unrhyw amodau sy'n eich diogelu.",
    ),
    "released_under_investigation": (
        "The suspect has been released while the police continue to investigate.",
        "Mae'r sawl a amheuir wedi cael ei ryddhau tra bod yr heddlu'n parhau i ymchwilio.",
    ),
    "suspect_charged": (
        "The suspect has been charged. You can make a Victim Personal Statement; your "
        "officer will explain how.",
        "Mae'r sawl a amheuir wedi cael ei gyhuddo. Gallwch wneud Datganiad Personol "
        "Dioddefwr; bydd eich swyddog yn esbonio sut.",
    ),
    "suspect_cautioned": (
        "The suspect has been given a caution.",
        "Mae'r sawl a amheuir wedi cael rhybuddiad.",
    ),
    "no_further_action": (
        "The police have decided to take no further action. You have the right to ask "
        "for this decision to be reviewed; your officer will explain how.",
        "Mae'r heddlu wedi penderfynu peidio â chymryd camau pellach. Mae gennych hawl i "
        "ofyn i'r penderfyniad hwn gael ei adolygu; bydd eich swyddog yn esbonio sut.",
    ),
    "not_investigated": (
        "The police have decided not to investigate the crime further. Your officer can "
        "explain why.",
        "Mae'r heddlu wedi penderfynu peidio ag ymchwilio i'r drosedd ymhellach. Gall eich "
        "swyddog esbonio pam.",
    ),
    "hearing_listed": (
        "A court hearing has been arranged.",
        "Mae gwrandawiad llys wedi cael ei drefnu.",
    ),
    "trial_listed": (
        "A trial has been arranged. The Witness Service can support you at court.",
        "Mae treial wedi cael ei drefnu. Gall y Gwasanaeth Tystion eich cefnogi yn y llys.",
    ),
    "hearing_outcome": (
        "A court hearing has taken place. Your officer will tell you what happened.",
        "Mae gwrandawiad llys wedi digwydd. Bydd eich swyddog yn dweud wrthych beth ddigwyddodd.",
    ),
    "verdict": (
        "The court has reached a verdict. Your officer will tell you what it means.",
        "Mae'r llys wedi dod i ddyfarniad. Bydd eich swyddog yn dweud wrthych beth mae'n ei olygu.",
    ),
    "sentence": (
        "The offender has been sentenced. Your officer will explain the sentence.",
        "Mae'r troseddwr wedi cael ei ddedfrydu. Bydd eich swyddog yn esbonio'r ddedfryd.",
    ),
    "appeal": (
        "An appeal has been made. Your officer will tell you what happens next.",
        "Mae apêl wedi cael ei gwneud. Bydd eich swyddog yn dweud wrthych beth sy'n digwydd nesaf.",
    ),
    "offender_release_date": (
        "We have information about the offender's release. Your officer will contact you "
        "to talk it through.",
        "Mae gennym wybodaeth am ryddhau'r troseddwr. Bydd eich swyddog yn cysylltu â chi i "
        "siarad am hyn.",
    ),
    "case_closed": (
        "The police have closed the case.",
        "Mae'r heddlu wedi cau'r achos.",
    ),
}
WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)


def victim_message(event: JusticeEvent, *, welsh: bool = False) -> str:
    """The message for the victim, with the date and court of a hearing where there is one."""
    english, cymraeg = EVENT_MESSAGES[event.event]
    text = cymraeg if welsh else english
    if event.hearing_at and event.event in ("hearing_listed", "trial_listed"):
        day = london_day(event.hearing_at)
        if welsh:
            when = f"{day.day} {WELSH_MONTHS[day.month - 1]} {day.year}"
            text += f" Y dyddiad yw {when}" + (f" yn {event.court}." if event.court else ".")
        else:
            text += f" It is on {day:%-d %B %Y}" + (f" at {event.court}." if event.court else ".")
    return text
