//! Cymraeg.
//!
//! REVIEW: every string in this directory is a first draft for the council's translators to
//! review before a council goes live in Welsh (TRANSLATING.md says how to hand it to them,
//! and how to mark a file reviewed). The module's structure is English's: the same fields,
//! so a missing translation does not compile.

mod consent;
mod data;
mod email;
mod portal;
mod resident;

use crate::copy::{LayoutWords, OpenDataWords, PerformanceWords, Words};
use crate::domain::Status;
use crate::domain::report::Problem;

fn problem(p: Problem) -> &'static str {
    match p {
        Problem::CategoryMissing => "Dewiswch y math o broblem",
        Problem::CategoryUnknown => "Dewiswch fath o broblem o'r rhestr",
        Problem::DescriptionMissing => "Rhowch ddisgrifiad o'r broblem",
        Problem::DescriptionTooLong => "Rhaid i'r disgrifiad fod yn 2,000 o nodau neu lai",
        Problem::LocationMissing => "Rhowch y cyfeiriad neu ddisgrifiad o ble mae'r broblem",
        Problem::PinIncomplete => "Rhowch ledred a hydred y broblem",
        Problem::PinInvalid => "Rhaid i leoliad y broblem fod yn lle go iawn",
        Problem::PinOutsideArea => {
            "Mae'r lleoliad a ddewisoch y tu allan i ardal y cyngor. Dewiswch le y tu mewn iddi, neu rhowch gyfeiriad"
        }
        Problem::AddressTooLong => "Rhaid i'r cyfeiriad fod yn 200 o nodau neu lai",
        Problem::WardMissing => "Dewiswch y ward y mae'r broblem ynddi",
        Problem::WardUnknown => "Dewiswch ward o'r rhestr",
        Problem::ReportingMissing => "Dewiswch a ydych am roi eich manylion cyswllt",
        Problem::NameMissing => "Rhowch eich enw",
        Problem::NameTooLong => "Rhaid i'r enw fod yn 100 o nodau neu lai",
        Problem::NameFormat => "Rhaid i'r enw beidio â chynnwys nodau arbennig",
        Problem::EmailMissing => "Rhowch eich cyfeiriad e-bost",
        Problem::EmailTooLong => "Rhaid i'r cyfeiriad e-bost fod yn 254 o nodau neu lai",
        Problem::EmailFormat => "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
        Problem::PhoneTooLong => "Rhaid i'r rhif ffôn fod yn 30 o nodau neu lai",
        Problem::PhoneFormat => "Rhowch rif ffôn, fel 01632 960 001, 07700 900 982 neu +44 808 157 0192",
        Problem::ShareNeedsContact => {
            "I rannu eich adroddiad â'ch cynghorydd, rhowch eich enw a'ch cyfeiriad e-bost, neu dad-diciwch y blwch"
        }
        Problem::HoneypotFilled => "Gadewch y maes hwn yn wag",
        Problem::TooManyPhotos => "Dewiswch hyd at 3 llun",
        Problem::PhotoTooBig => "Rhaid i bob llun fod yn llai na 12 MB",
        Problem::PhotoNotAnImage => "Rhaid i'r ffeil a ddewiswyd fod yn llun: JPG, PNG neu WebP",
        Problem::PhotoUnsupportedType => {
            "Rhaid i'r llun a ddewiswyd fod yn JPG, PNG neu WebP. Ar iPhone, gosodwch fformat y camera i Most Compatible, neu anfonwch sgrinlun o'r llun"
        }
        Problem::PhotoTooManyPixels => "Mae'r llun a ddewiswyd yn rhy fawr i'w ddarllen: dewiswch un llai",
        Problem::PhotoDamaged => {
            "Nid oedd modd darllen y llun a ddewiswyd: efallai ei fod wedi'i ddifrodi. Dewiswch un arall"
        }
        Problem::PhotoUploadMissing => "Nid oedd modd dod o hyd i lun a ddewisoch: dewiswch eich lluniau eto",
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Open => "Ar agor",
        Status::Investigating => "Yn ymchwilio",
        Status::InProgress => "Ar y gweill",
        Status::ActionScheduled => "Gwaith wedi'i drefnu",
        Status::OnHold => "Wedi'i ohirio",
        Status::Fixed => "Wedi'i drwsio",
        Status::Closed => "Wedi cau",
        Status::Duplicate => "Dyblyg",
        Status::NotCouncilsResponsibility => "Nid cyfrifoldeb y cyngor",
        Status::NoFurtherAction => "Dim camau pellach",
    }
}

pub(in crate::copy) static WORDS: Words = Words {
    email: &email::EMAIL,
    consent: &consent::CONSENT,
    data: &data::DATA,
    resident: &resident::RESIDENT,
    portal: &portal::PORTAL,
    open_data: &OpenDataWords {
        title: "Data agored",
        lead: "Pob problem a adroddwyd i ni, fis wrth fis, a sut y gwnaethom yn erbyn ein safonau gwasanaeth, chwarter wrth chwarter, i unrhyw un ei lawrlwytho a'i ailddefnyddio.",
        whats_in_title: "Beth sydd ynddo",
        whats_in: "Ar gyfer pob adroddiad: y math o broblem, y ward, yn fras ble mae hi (o fewn tua 100 metr), y diwrnod yr adroddwyd hi, y diwrnod y dywedasom y byddai'n cael sylw erbyn, y diwrnod y'i caewyd, ei statws, ac a gafodd sylw erbyn y diwrnod hwnnw. Ar gyfer pob chwarter: adroddiadau a dderbyniwyd, a gwblhawyd, ac a gwblhawyd o fewn y safon, fesul ward a math o broblem.",
        left_out_title: "Beth sydd wedi'i adael allan",
        left_out: "Dim byd a allai adnabod y person a adroddodd broblem: dim enwau, manylion cyswllt, disgrifiadau, cyfeiriadau, union leoliadau, cyfeirnodau nac amseroedd o'r dydd.",
        no_location: |types| format!("Nid ydym byth yn cyhoeddi ble mae'r mathau hyn o broblem: {types}."),
        small_numbers_title: "Niferoedd bach",
        small_numbers: |n| {
            format!(
                "Yn y ffigurau chwarterol, dangosir cyfrif o dan {n} fel [c] (null yn JSON), a'r un modd y nifer a'r gyfran a gafodd sylw mewn pryd lle cwblhawyd llai na {n}, fel na ellir adnabod neb."
            )
        },
        licence: "Cewch ailddefnyddio'r data o dan y Drwydded Llywodraeth Agored v3.0.",
        cases_caption: "Adroddiadau, fis wrth fis",
        summary_caption: "Safonau gwasanaeth, chwarter wrth chwarter",
        month: "Mis",
        quarter: "Chwarter",
        download: "Lawrlwytho",
    },
    performance: &PerformanceWords {
        week_of: |monday| format!("Wythnos {monday}"),
        public_title: "Sut rydym yn gwneud",
        public_lead: "Ar gyfer pob math o broblem, y gyfran o adroddiadau y rhoesom sylw iddynt erbyn y dyddiad a roesom i'r preswylydd, chwarter wrth chwarter. Rydym yn anelu at o leiaf 90% oni bai bod math o broblem yn dweud fel arall; mae llai nag 80% yn goch.",
        public_suppressed: |n| {
            format!("Lle cwblhawyd llai na {n} adroddiad o fath mewn chwarter, nid ydym yn dangos cyfran.")
        },
        public_caption: "Adroddiadau a gafodd sylw mewn pryd, fesul chwarter",
        public_category: "Math o broblem",
        public_standard: |days| {
            if days == 1 {
                "Safon: 1 diwrnod gwaith".to_owned()
            } else {
                format!("Safon: {days} diwrnod gwaith")
            }
        },
        public_too_few: "Rhy ychydig i'w dangos",
        quarter: |fy, q, first, last| format!("{fy} Ch{q} ({first}–{last})"),
        green: |percent, target| format!("Gwyrdd: {percent}%, ar y targed o {target}% neu'n uwch"),
        amber: |percent, target| format!("Ambr: {percent}%, o dan y targed o {target}%"),
        red: |percent, floor| format!("Coch: {percent}%, o dan y llawr o {floor}%"),
        too_few: |n| format!("Rhy ychydig i'w graddio (n = {n})"),
    },
    layout: &LayoutWords {
        skip_to_main: "Neidio i'r prif gynnwys",
        menu: "Dewislen",
        check_a_report: "Gwirio adroddiad",
        back: "Yn ôl",
        support_links: "Dolenni cymorth",
        privacy: "Preifatrwydd",
        how_we_are_doing: "Sut rydym yn gwneud",
        open_data: "Data agored",
        your_data: "Eich data",
        powered_by: "Yn cael ei bweru gan wardline, meddalwedd cod agored.",
        language_switch: "Dewis iaith",
    },
    problems: problem,
    statuses: status,
    api_sign_in_first: "Mewngofnodwch yn /sign-in yn gyntaf",
    api_councillors_only: "Mae hwn ar gyfer cynghorwyr",
    months: [
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
    ],
    months_short: [
        "Ion", "Chwef", "Maw", "Ebr", "Mai", "Meh", "Gorff", "Awst", "Medi", "Hyd", "Tach", "Rhag",
    ],
    weekdays: [
        "dydd Llun",
        "dydd Mawrth",
        "dydd Mercher",
        "dydd Iau",
        "dydd Gwener",
        "dydd Sadwrn",
        "dydd Sul",
    ],
    at_time: |date, time| format!("{date} am {time}"),
    error_summary_title: "Mae problem wedi codi",
    error_prefix: "Gwall:",
    service_problem_title: "Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth",
    service_problem_body: "Rhowch gynnig arall arni yn nes ymlaen. Nid oes dim a roesoch wedi'i gadw.",
    not_found_title: "Heb ddod o hyd i'r dudalen",
    not_found_body: "Os teipioch y cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gludoch y cyfeiriad gwe, gwiriwch eich bod wedi copïo'r cyfeiriad cyfan.",
    case_not_found_title: "Nid oeddem yn gallu dod o hyd i'r adroddiad hwnnw",
    case_not_found_body: "Gwiriwch y cyfeirnod. Mae'n 8 llythyren a rhif, fel FK7M-3RTW, ac mae yn eich e-bost cadarnhau.",
    too_large: "Mae'r wybodaeth a anfonwyd gennych yn rhy fawr. Byrhewch y disgrifiad a rhowch gynnig arall arni.",
    bad_json: "Rhaid i gorff y cais fod yn wrthrych JSON",
    bad_form: "Nid oedd modd darllen y ffurflen. Ewch yn ôl a rhowch gynnig arall arni.",
    form_expired_title: "Mae'r ffurflen hon wedi dod i ben",
    form_expired_body: "Er eich diogelwch, dim ond o'r dudalen a'u dangosodd y mae ffurflenni'n gweithio. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.",
    idempotency_key_empty: "Mae Idempotency-Key yn wag: anfonwch 1 i 255 o nodau ASCII gweladwy, neu gadewch y pennawd allan",
    idempotency_key_invalid: "Rhaid i Idempotency-Key fod yn 1 i 255 o nodau ASCII gweladwy",
    idempotency_key_reused: "Defnyddiwyd yr Idempotency-Key hwn ar gyfer adroddiad gwahanol. Defnyddiwch allwedd newydd ar gyfer adroddiad newydd",
    report_title: "Rhoi gwybod am broblem",
    photos_label: "Lluniau (dewisol)",
    photos_hint: "Hyd at 3 llun o'r broblem, JPG, PNG neu WebP, 4 MB i gyd. Maent yn helpu'r tîm i'w hasesu cyn ymweld. Ceisiwch beidio â chynnwys wynebau pobl na rhifau cofrestru ceir.",
    photos_again: "Os dewisoch luniau, dewiswch nhw eto: nid ydynt yn cael eu cadw nes bod yr adroddiad wedi'i anfon.",
    photos_uploading: "Wrthi'n llwytho {n} llun…",
    photos_ready: "Mae eich lluniau'n barod i'w hanfon gyda'r adroddiad.",
    photos_upload_failed: "Nid oedd modd llwytho eich lluniau ymlaen llaw: byddant yn cael eu hanfon gyda'r adroddiad (4 MB i gyd).",
    report_lead: "Dywedwch wrthym am broblem yn yr ardal, fel twll yn y ffordd, tipio anghyfreithlon neu olau stryd sydd wedi diffodd. Mae'n cymryd tua 2 funud.",
    emergency_warning: "Os oes rhywun mewn perygl neu os oes trosedd yn digwydd nawr, ffoniwch 999.",
    category_legend: "Beth yw'r broblem?",
    description_label: "Disgrifiwch y broblem",
    description_info: "Gallwch roi hyd at 2,000 o nodau",
    description_hint: "Cynhwyswch unrhyw beth a fydd yn ein helpu i ddod o hyd iddi a'i thrwsio, fel ei maint neu ers pryd y mae yno. Peidiwch â chynnwys gwybodaeth bersonol am bobl eraill.",
    location_legend: "Ble mae'r broblem?",
    location_hint: "Rhowch gyfeiriad, enw stryd neu dirnod, a dewiswch y ward. Os gallwch ddefnyddio'r map, gallwch osod pin yn lle hynny.",
    address_label: "Cyfeiriad neu ddisgrifiad o'r lle",
    ward_label: "Ward",
    ward_hint: "Os nad ydych yn siŵr, dewiswch y ward agosaf. Byddwn yn ei chywiro os oes angen.",
    ward_choose: "Dewiswch ward",
    map_label: "Neu dewiswch y lle ar y map",
    map_hint: "Dewiswch le ar y map i osod pin. Caiff y ward ei dewis i chi.",
    map_remove_pin: "Tynnu'r pin",
    map_pin_in_ward: "Pin wedi'i osod yn ward {ward}.",
    map_pin_outside: "Pin wedi'i osod y tu allan i wardiau'r cyngor: dewiswch ward uchod.",
    map_pin_placed: "Pin wedi'i osod.",
    map_pin_removed: "Pin wedi'i dynnu.",
    reporting_legend: "Ydych chi am i ni roi'r wybodaeth ddiweddaraf i chi?",
    reporting_registered: "Ydw, anfonwch ddiweddariadau ataf drwy e-bost",
    reporting_registered_hint: "Byddwn yn anfon e-bost atoch pan fyddwn wedi'i chofnodi, os yw'n hwyr a phan fydd wedi'i gwneud.",
    reporting_anonymous: "Nac ydw, rhoi gwybod yn ddienw",
    reporting_anonymous_hint: "Ni fyddwn yn anfon e-bost atoch. Gallwch wirio'r cynnydd gyda'ch cyfeirnod.",
    share_legend: "Eich cynghorydd lleol",
    share_label: "Rhannu fy manylion a'r adroddiad hwn gyda fy nghynghorydd/cynghorwyr lleol",
    share_hint: "Gall cynghorwyr eich ward weld bod problem wedi'i hadrodd, ond nid pwy a'i hadroddodd. Os ticiwch y blwch hwn, gall cynghorwyr y ward lle mae'r broblem hefyd weld eich enw, eich manylion cyswllt, y disgrifiad a'r union leoliad, er mwyn iddynt fynd ar ei drywydd ar eich rhan. Gallwch newid eich meddwl ar unrhyw adeg o'r ddolen yn ein negeseuon e-bost.",
    share_privacy_link: "Sut rydym yn defnyddio eich gwybodaeth (hysbysiad preifatrwydd, yn agor mewn tab newydd)",
    name_label: "Enw llawn",
    email_label: "Cyfeiriad e-bost",
    phone_label: "Rhif ffôn (dewisol)",
    phone_hint: "Dim ond os oes angen rhagor o wybodaeth arnom i ddod o hyd i'r broblem neu ei thrwsio y byddwn yn eich ffonio.",
    honeypot_label: "Gadewch y maes hwn yn wag",
    submit: "Anfon yr adroddiad",
    confirmation_title: "Adroddiad wedi'i anfon",
    confirmation_reference: "Eich cyfeirnod yw",
    confirmation_emailed: "Rydym wedi anfon e-bost cadarnhau atoch gyda'ch cyfeirnod a beth sy'n digwydd nesaf.",
    confirmation_anonymous: "Fe wnaethoch roi gwybod am hyn yn ddienw, felly ni fyddwn yn anfon e-bost atoch. Cadwch eich cyfeirnod: mae ei angen arnoch i wirio'r cynnydd.",
    status_title: "Adroddiad",
    check_title: "Gwirio cynnydd adroddiad",
    check_label: "Cyfeirnod",
    check_hint: "Mae'n 8 llythyren a rhif, fel FK7M-3RTW.",
    check_missing: "Rhowch eich cyfeirnod",
    check_format: "Rhowch gyfeirnod yn y fformat cywir, fel FK7M-3RTW",
    check_submit: "Gwirio'r cynnydd",
    email_missing: "Rhowch eich cyfeiriad e-bost",
    email_too_long: "Rhaid i'r cyfeiriad e-bost fod yn 254 o nodau neu lai",
    email_invalid: "Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com",
};
