//! Cymraeg: the resident's sharing settings, the privacy notice and expired links.
//! REVIEW: first draft for the council's translators (TRANSLATING.md).

use crate::copy::ConsentWords;

pub(crate) static CONSENT: ConsentWords = ConsentWords {
    link_expired_title: "Mae'r ddolen hon wedi dod i ben",
    link_expired: |what| {
        format!(
            "Mae'r ddolen i {what} wedi dod i ben neu nid yw'n gyflawn. Gwiriwch eich bod wedi copïo'r ddolen gyfan."
        )
    },
    also_call: |phone| format!("Gallwch hefyd ffonio {phone}."),
    sharing_what: "osodiadau rhannu eich adroddiad",
    sharing_again: "Defnyddiwch y ddolen yn yr e-bost diweddaraf a anfonwyd atoch am eich adroddiad.",
    sharing_title: "Rhannu eich adroddiad â'ch cynghorydd",
    report_and_category: |reference, category| format!("Adroddiad {reference} ({category})."),
    nothing_to_share: "Nid ydym bellach yn cadw eich manylion ar gyfer yr adroddiad hwn, felly nid oes dim i'w rannu. Cedwir yr adroddiad ei hun hebddynt.",
    now_sharing_title: "Rydych yn rhannu'r adroddiad hwn",
    now_sharing: "Gall eich cynghorwyr weld eich manylion nawr",
    stopped_title: "Rydych wedi rhoi'r gorau i rannu'r adroddiad hwn",
    stopped: "Ni all eich cynghorwyr weld eich manylion mwyach",
    report_in_ward: |reference, category, ward| format!("Adroddiad {reference}: {category} yn ward {ward}."),
    not_sharing_heading: "Nid ydych yn rhannu eich manylion",
    not_sharing: "Gall cynghorwyr eich ward weld bod y broblem hon wedi'i hadrodd, yn fras ble, a sut mae'n mynd, ond nid pwy a'i hadroddodd, eich disgrifiad na'r union leoliad.",
    no_councillors: "Nid oes gan y ward gynghorwyr ar hyn o bryd, felly nid oes neb i'w rannu â nhw.",
    if_you_share: |names| {
        format!(
            "Os byddwch yn ei rannu, gall {names} hefyd weld eich enw, eich manylion cyswllt, y disgrifiad a'r union leoliad, er mwyn iddynt fynd ar ei drywydd ar eich rhan."
        )
    },
    and: " a ",
    share_button: "Rhannu fy manylion â'm cynghorwyr",
    sharing_heading: "Rydych yn rhannu eich manylion",
    these_councillors: "Gall y cynghorwyr hyn weld eich enw, eich manylion cyswllt, y disgrifiad ac union leoliad y broblem:",
    if_you_stop: "Os byddwch yn rhoi'r gorau i rannu, dim ond yr hyn a welant o bob adroddiad yn y ward y byddant yn ei weld: y math o broblem, yn fras ble, a sut mae'n mynd. Mae hyn yn dod i rym ar unwaith.",
    stop_button: "Rhoi'r gorau i rannu fy manylion",
    see_progress: "Gweld cynnydd yr adroddiad hwn",
    privacy_title: "Hysbysiad preifatrwydd",
    in_effect_from: |date| format!("Mewn grym o {date}."),
    earlier_version: |date| format!("Dyma fersiwn gynharach, mewn grym o {date}."),
    read_current: "Darllen yr hysbysiad preifatrwydd presennol",
    other_versions: "Fersiynau eraill",
    version_of: |version| format!("Fersiwn {version}"),
    warning: "Rhybudd",
};
