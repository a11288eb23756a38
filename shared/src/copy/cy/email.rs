//! Cymraeg: the emails.
//! REVIEW: first draft for the council's translators (TRANSLATING.md).

use crate::copy::EmailWords;

pub(crate) static EMAIL: EmailWords = EmailWords {
    dear: |name| format!("Annwyl {name},"),
    reference: "Cyfeirnod",
    type_of_problem: "Math o broblem",
    status: "Statws",
    expected_by: "Disgwylir erbyn",
    ward: "Ward",
    email: "E-bost",
    telephone: "Ffôn",
    location: "Lleoliad",
    description: "Disgrifiad",
    reported_by: "Adroddwyd gan",
    team: |team| format!("Tîm {team}"),
    quote_reference: |reference| format!("Dyfynnwch eich cyfeirnod, {reference}."),
    check_progress: "Gwirio cynnydd eich adroddiad",
    check_your_report: "Gwirio eich adroddiad",
    open_the_case: "Agor yr achos",
    what_happens_next: "Beth sy'n digwydd nesaf",
    contact: "Cysylltu",
    note_from_the_council: "Nodyn gan y cyngor",
    sharing_heading: "Eich cynghorydd lleol",
    sharing_body: "Dewiswch a gaiff cynghorwyr eich ward weld eich enw, eich manylion cyswllt a'r adroddiad hwn, neu newidiwch eich meddwl.",
    sharing_link: "Rhannu â'ch cynghorydd",

    ack_subject: |reference| format!("Rydym wedi cael eich adroddiad: {reference}"),
    ack_thanks: |council| format!("Diolch am roi gwybod am broblem. Mae {council} wedi ei chofnodi."),
    ack_reference_is: "Eich cyfeirnod yw",
    ack_aim: |by| {
        format!("Ein nod yw rhoi sylw iddi erbyn {by}. Os bydd yn cymryd mwy o amser, byddwn yn anfon e-bost atoch.")
    },

    update_subject: |reference, status| format!("Mae eich adroddiad {reference} bellach: {status}"),
    update_lead: |council| format!("{council}: mae newyddion am y broblem y rhoesoch wybod amdani."),

    done_subject: |reference, status| {
        format!(
            "Mae eich adroddiad {reference} wedi'i gwblhau: {}",
            status.to_lowercase()
        )
    },
    done_lead: |council| format!("{council}: rydym wedi gorffen delio â'r broblem y rhoesoch wybod amdani."),
    done_rate_heading: "Sut wnaethom ni?",
    done_rate_prompt: "Dewiswch sgôr (1 yw gwael iawn, 5 yw da iawn):",
    done_rating: |n| format!("{n} allan o 5"),
    done_not_fixed_heading: "Onid yw wedi'i thrwsio?",
    done_not_fixed: |days| {
        format!(
            "Os yw'r broblem yno o hyd, rhowch wybod i ni o fewn {days} diwrnod a byddwn yn ailagor eich adroddiad."
        )
    },
    done_not_fixed_link: "Nid yw hyn wedi'i drwsio",

    late_subject: |reference| format!("Mae eich adroddiad {reference} yn cymryd mwy o amser nag y dylai"),
    late_sorry: |council| {
        format!(
            "{council}: mae'n ddrwg gennym, nid yw'r broblem y rhoesoch wybod amdani wedi cael sylw erbyn y dyddiad a roesom i chi."
        )
    },
    late_next: |team| {
        format!(
            "Mae tîm {team} a'i reolwr wedi cael gwybod. Byddant yn rhoi sylw iddi cyn gynted ag y gallant, a byddwn yn anfon e-bost atoch pan fydd wedi'i gwneud."
        )
    },
    late_talk: |team| format!("Os oes angen i chi siarad â rhywun, cysylltwch â thîm {team}:"),

    data_subject: |council| format!("Eich data: {council}"),
    data_asked: |council| {
        format!(
            "Gofynnodd rhywun, chi gobeithio, am gael gweld y data a gedwir am y cyfeiriad e-bost hwn gan wasanaeth rhoi gwybod {council}."
        )
    },
    data_use: |minutes| {
        format!(
            "Defnyddiwch y ddolen hon i lawrlwytho copi neu i ofyn i ni ei ddileu. Mae'n gweithio am {minutes} munud:"
        )
    },
    data_link: "Eich data",
    data_ignore: "Os na wnaethoch ofyn, gallwch anwybyddu'r e-bost hwn: ni all neb weld eich data heb y ddolen.",

    staff_late_subject: |reference, category, ward| format!("Hwyr: {reference} ({category}, {ward})"),
    staff_late_lead: |team| format!("Mae achos yng nghiw tîm {team} wedi mynd heibio'i ddyddiad disgwyliedig."),
    escalation_subject: |reference, team| format!("Uwchgyfeirio: mae {reference} yn hwyr (tîm {team})"),
    escalation_lead: |team| {
        format!(
            "Mae achos ar gyfer tîm {team} wedi mynd heibio'i ddyddiad disgwyliedig. Chi yw ei gyswllt uwchgyfeirio."
        )
    },

    sign_in_subject: |council| format!("Mewngofnodi: {council}"),
    sign_in_use: |minutes| {
        format!("Defnyddiwch y ddolen hon i fewngofnodi. Mae'n gweithio unwaith, am {minutes} munud:")
    },
    sign_in_link: |council| format!("Mewngofnodi: {council}"),
    sign_in_ignore: "Os na wnaethoch ofyn am gael mewngofnodi, gallwch anwybyddu'r e-bost hwn: ni all neb fewngofnodi heb y ddolen.",

    news_now_subject: |reference, status| format!("Mae {reference} bellach: {status}"),
    news_now_lead: |status| format!("Mae achos rydych yn ei ddilyn bellach: {}.", status.to_lowercase()),
    news_done_subject: |reference, status| format!("Mae {reference} wedi'i gwblhau: {status}"),
    news_done_lead: |status| {
        format!(
            "Mae achos rydych yn ei ddilyn wedi'i gwblhau: {}.",
            status.to_lowercase()
        )
    },
    news_late_subject: |reference| format!("Mae {reference} yn hwyr"),
    news_late_lead: "Mae achos rydych yn ei ddilyn wedi mynd heibio'r dyddiad y dylai fod wedi'i wneud erbyn. Mae'r tîm a'i reolwr wedi cael gwybod.",
    news_consented: "Cytunodd y preswylydd i rannu ei fanylion â chi.",
    news_logged: "Chi a gofnododd yr achos hwn.",
    digest_subject: |period| format!("Eich ward: {period}"),
    digest_lead: |period| {
        format!(
            "Sut y gwnaeth y cyngor yn eich ward yn ystod {period}, yn erbyn ei safonau gwasanaeth. Ffigurau yn unig: nid oes dim yma sy'n adnabod preswylydd."
        )
    },
    digest_period: |monday| format!("yr wythnos yn dechrau {monday}"),
    digest_ward_heading: |ward| ward.to_owned(),
    digest_this_week: "Yr wythnos hon",
    reopened_staff_subject: |reference, category| {
        format!("Ailagorwyd {reference}: mae'r preswylydd yn dweud nad yw'r broblem ({category}) wedi'i thrwsio")
    },
    reopened_staff_lead: |team| {
        format!(
            "Mae preswylydd yn dweud nad yw achos a gwblhawyd gan dîm {team} wedi'i drwsio. Mae ar agor eto, gyda dyddiad disgwyliedig newydd."
        )
    },
    reopened_escalation_lead: |team| {
        format!(
            "Er gwybodaeth i chi fel cyswllt uwchgyfeirio tîm {team}: mae preswylydd yn dweud nad yw achos a gwblhawyd wedi'i drwsio. Mae ar agor eto."
        )
    },
    still_wrong: "Yr hyn y mae'r preswylydd yn dweud sy'n dal yn anghywir",
    ack_what: "Yr hyn a ddywedoch wrthym",
    ack_where: "Ble",
    ack_map_point: "Y pwynt a farciwyd gennych ar y map",
    ack_logged_by: |councillor| format!("Cofnododd {councillor} yr adroddiad hwn ar eich rhan."),
    ack_aim_within: |days, by| {
        format!(
            "Ein nod yw rhoi sylw iddi o fewn {days} diwrnod gwaith, erbyn {by}. Os bydd yn cymryd mwy o amser, byddwn yn anfon e-bost atoch."
        )
    },
    ack_shared: "Fe wnaethoch ddewis rhannu'r adroddiad hwn a'ch manylion â'ch cynghorydd/cynghorwyr lleol.",
    ack_not_shared: "Fe wnaethoch ddewis peidio â rhannu'r adroddiad hwn â'ch cynghorydd/cynghorwyr lleol.",
    corrected_note: |category, ward| {
        format!(
            "Rydym wedi cywiro eich adroddiad: mae bellach yn {category}, yn {ward}. Mae'r dyddiad disgwyliedig isod wedi'i gyfrif eto o'r adeg y rhoesoch wybod amdani."
        )
    },
    digest_day_lead: |day| {
        format!(
            "Sut y gwnaeth y cyngor yn eich ward ar {day}, yn erbyn ei safonau gwasanaeth. Ffigurau yn unig: nid oes dim yma sy'n adnabod preswylydd."
        )
    },
    digest_day_late_at_end: |n| format!("Yn hwyr ac yn dal ar agor ar ddiwedd y dydd: {n}"),
    digest_week_so_far: "Yr wythnos hon hyd yma",
    digest_day_went_late: "Achosion a aeth yn hwyr ddoe",
    digest_day_none_late: "Ni aeth unrhyw achos yn y ward yn hwyr ddoe.",
    digest_day_followed: "Achosion rydych yn eu dilyn a newidiodd ddoe",
    digest_four_weeks: "Y 4 wythnos diwethaf",
    digest_year: |year| format!("Y flwyddyn ariannol hon ({year})"),
    digest_col_period: "Cyfnod",
    digest_col_new: "Adroddiadau a ddaeth i law",
    digest_col_completed: "Wedi'u cwblhau",
    digest_col_within: "Wedi'u cwblhau o fewn y safon",
    digest_col_category: "Math o broblem",
    digest_late_at_end: |n| format!("Yn hwyr ac yn dal ar agor ar ddiwedd yr wythnos: {n}"),
    digest_by_category: "Fesul math o broblem, y flwyddyn ariannol hon",
    digest_chart_heading: "Adroddiadau a ddaeth i law ac a gwblhawyd bob wythnos",
    digest_chart_alt: |ward| {
        format!("Siart bar o'r adroddiadau a ddaeth i law a'r achosion a gwblhawyd yn {ward} bob wythnos am 13 wythnos")
    },
    digest_chart_week: |week, new, done| {
        format!("wythnos yn dechrau {week}: {new} wedi dod i law, {done} wedi'u cwblhau")
    },
    digest_went_late: "Achosion a aeth yn hwyr yr wythnos hon",
    digest_none_late: "Ni aeth unrhyw achos yn y ward yn hwyr yr wythnos hon.",
    digest_more: |n| format!("a {n} arall"),
    digest_followed: "Achosion rydych yn eu dilyn a newidiodd yr wythnos hon",
    digest_dashboard: "Agor ffigurau'r ward",
    digest_map: "Gweld ble yr adroddwyd problemau",
    digest_settings: "Dewis pa mor aml rydych yn cael yr e-bost hwn",
    digest_why: "Rydych yn cael yr e-bost hwn oherwydd eich bod yn gynghorydd dros y ward.",
};
