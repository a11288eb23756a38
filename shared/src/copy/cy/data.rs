//! Cymraeg: "your data" — asking for the link, what is held, downloads and erasure.
//! REVIEW: first draft for the council's translators (TRANSLATING.md).

use crate::copy::DataWords;

pub(crate) static DATA: DataWords = DataWords {
    ask_title: "Cael neu ddileu'r wybodaeth sydd gennym amdanoch",
    ask_lead: "Gallwch lawrlwytho popeth sydd gennym amdanoch o'r problemau rydych wedi rhoi gwybod amdanynt, a gofyn i ni ddileu eich manylion personol.",
    ask_how: |minutes| {
        format!(
            "Rhowch y cyfeiriad e-bost a ddefnyddiwyd gennych. Os oes gennym unrhyw beth ar ei gyfer, byddwn yn anfon dolen i'r cyfeiriad hwnnw. Mae'r ddolen yn gweithio am {minutes} munud."
        )
    },
    email_label: "Cyfeiriad e-bost",
    ask_button: "Anfon dolen ataf",
    how_we_use: "Sut rydym yn defnyddio eich gwybodaeth",
    too_many_title: "Gormod o geisiadau",
    too_many: "Rydych wedi gofyn am y ddolen hon ormod o weithiau yn yr awr ddiwethaf. Defnyddiwch yr e-bost diweddaraf a anfonwyd atoch, neu rhowch gynnig arall arni yn nes ymlaen.",
    check_title: "Gwiriwch eich e-bost",
    check_sent: |email, minutes| {
        format!(
            "Os oes gennym unrhyw beth ar gyfer {email}, rydym wedi anfon dolen ato. Mae'r ddolen yn gweithio am {minutes} munud."
        )
    },
    check_spam: "Os na ddaw e-bost, gwiriwch mai dyma'r cyfeiriad a ddefnyddiwyd gennych i roi gwybod am y broblem, ac edrychwch yn eich ffolder sbam.",
    link_what: "eich gwybodaeth",
    link_again: "Gofynnwch am ddolen newydd: mae'n gweithio am awr.",
    link_new: "Gofyn am ddolen newydd",
    held_title: "Y wybodaeth sydd gennym amdanoch",
    nothing_held: "Nid ydym bellach yn cadw unrhyw fanylion personol ar gyfer y cyfeiriad e-bost hwn.",
    reported_count: |n| {
        if n == 1 {
            "Rydych wedi rhoi gwybod am 1 broblem gyda'r cyfeiriad e-bost hwn.".to_owned()
        } else {
            format!("Rydych wedi rhoi gwybod am {n} problem gyda'r cyfeiriad e-bost hwn.")
        }
    },
    your_reports: "Eich adroddiadau",
    col_reference: "Cyfeirnod",
    col_problem: "Problem",
    col_reported: "Adroddwyd",
    col_status: "Statws",
    col_shared: "Wedi'i rannu â'ch cynghorydd",
    yes: "Ydy",
    no: "Nac ydy",
    download_heading: "Lawrlwytho copi",
    download_what: "Popeth sydd gennym: eich manylion, eich disgrifiadau, hanes pob adroddiad, eich dewisiadau am rannu, a phwy yn y cyngor sydd wedi gweld eich manylion.",
    download_json: "Lawrlwytho fel JSON",
    download_csv: "Lawrlwytho fel taenlen (CSV)",
    erase_heading: "Dileu eich manylion personol",
    erase_what: "Byddwn yn dileu eich enw, eich cyfeiriad e-bost, eich rhif ffôn, eich disgrifiadau a'ch sylwadau, yr union leoliadau a'ch dewisiadau rhannu o'r holl adroddiadau hyn. Rydym yn cadw'r adroddiadau eu hunain hebddynt, ar gyfer ein hystadegau.",
    erase_open: "Os yw adroddiad yn dal ar agor, byddwn yn dileu eich enw a'ch manylion cyswllt ar unwaith, ond yn cadw ei ddisgrifiad a'i leoliad nes bod y gwaith wedi'i wneud, oherwydd bod eu hangen ar y tîm i'w wneud; yna byddwn yn eu dileu hwythau. Ni fyddwn yn gallu cysylltu â chi amdano.",
    erase_warning: "Ni ellir dadwneud hyn. Ni fyddwn yn gallu cysylltu â chi am yr adroddiadau hyn, gan gynnwys unrhyw rai sy'n dal ar agor.",
    erase_confirm: "Rwy'n deall: dileu fy manylion personol o'm holl adroddiadau",
    erase_confirm_missing: "Ticiwch y blwch i gadarnhau eich bod am i'ch manylion personol gael eu dileu",
    erase_button: "Dileu fy manylion personol",
    erased_title: "Mae eich manylion personol wedi'u dileu",
    erased_count: |n| {
        if n == 1 {
            "Rydym wedi dileu eich manylion personol o 1 adroddiad.".to_owned()
        } else {
            format!("Rydym wedi dileu eich manylion personol o {n} adroddiad.")
        }
    },
    erased_open: |n| {
        format!(
            "Mae {n} ohonynt yn dal ar agor: rydym wedi dileu eich enw a'ch manylion cyswllt, ac yn cadw'r disgrifiad a'r lleoliad dim ond nes bod y gwaith wedi'i wneud, ac yna'n eu dileu hwythau."
        )
    },
    erased_kept: "Rydym yn cadw'r adroddiadau eu hunain, heb ddim sy'n eich adnabod, ar gyfer ein hystadegau. Ni fyddwn yn anfon e-bost atoch amdanynt eto.",
    report_another: "Rhoi gwybod am broblem arall",
};
