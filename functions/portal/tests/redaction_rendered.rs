//! The redaction property, checked on what is rendered rather than on the domain value:
//! for thousands of generated cases, consent histories and councillors, the councillor's
//! case page HTML, the JSON the portal serves, the ward CSV row and the councillor's email carry no internal
//! note, feedback comment or resident key ever, and no personal detail without current
//! consent (or their having logged the case).

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

use portal::redacted::{Shown, case_body, ward_csv_row};
use proptest::prelude::*;
use shared::config::{Council, demo_dir};
use shared::domain::redaction::fixtures::*;
use shared::domain::redaction::{Councillor, CouncillorView, councillor_list_item, councillor_view};
use shared::domain::{Capacity, Lang, WardId};
use shared::email::{CaseNews, CouncillorDetail, CouncillorNews, councillor_news};

fn council() -> &'static Council {
    static COUNCIL: std::sync::OnceLock<Council> = std::sync::OnceLock::new();
    COUNCIL.get_or_init(|| Council::load(&demo_dir()).unwrap())
}

/// Every councillor-facing rendering of `view`, as text, named.
fn rendered(view: &CouncillorView, viewer: &Councillor<'_>) -> Vec<(&'static str, String)> {
    let council = council();
    let case = view.case();
    let page = case_body(
        council,
        view,
        &Shown {
            late: true,
            following: true,
            csrf: "csrf",
        },
    )
    .into_string();
    let json = serde_json::to_string(&portal::json::CaseJson::from(view)).unwrap();
    let news = CouncillorNews {
        lang: Default::default(),
        to: "councillor@example.com".into(),
        councillor: viewer.id.clone(),
        councillor_name: "Cllr".into(),
        wards: viewer.wards.to_vec(),
        reference: case.reference.clone(),
        news: CaseNews::Late,
        category: "Fly-tipping".into(),
        ward: case.ward.to_string(),
        expected_by: case.expected_by,
        case_url: "http://127.0.0.1/portal/cases/FK7M-3RTW".into(),
        council: council.name.en.clone(),
    };
    let email = councillor_news(&news, CouncillorDetail::from_view(view).as_ref());
    // The same page and email in Welsh: the words change, what is shown must not.
    let welsh_page = shared::web::lang::rendering_as(Lang::Cy, &council.languages, "/", || {
        case_body(
            council,
            view,
            &Shown {
                late: true,
                following: true,
                csrf: "csrf",
            },
        )
        .into_string()
    });
    let welsh_email = councillor_news(
        &CouncillorNews { lang: Lang::Cy, ..news },
        CouncillorDetail::from_view(view).as_ref(),
    );
    assert_ne!(welsh_page, page, "the Welsh page is in Welsh");
    assert_ne!(welsh_email.text, email.text, "the Welsh email is in Welsh");
    vec![
        ("page", page),
        ("json", json),
        ("email text", email.text),
        ("email html", email.html.clone()),
        ("page in Welsh", welsh_page),
        ("email text in Welsh", welsh_email.text),
        ("email html in Welsh", welsh_email.html),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_councillor_output_carries_internal_notes_or_unconsented_personal_data(
        n in 0u32..1000,
        case_ward in proptest::sample::select(WARDS.to_vec()),
        viewer_id in proptest::sample::select(COUNCILLORS.to_vec()),
        viewer_wards in proptest::sample::subsequence(WARDS.to_vec(), 0..=WARDS.len()),
        logged_by in proptest::option::of((
            proptest::sample::select(COUNCILLORS.to_vec()),
            prop::bool::ANY,
        )),
        records in any_records(),
    ) {
        let id = councillor(viewer_id);
        let wards: Vec<WardId> = viewer_wards.iter().map(|w| WardId::parse(w).unwrap()).collect();
        let mut c = case(n, case_ward);
        if let Some((by, as_resident)) = logged_by {
            let capacity = if as_resident { Capacity::AsResident } else { Capacity::ForConstituent };
            c = logged(c, by, capacity);
        }
        let viewer = Councillor { id: &id, wards: &wards };
        let may_see_personal = logged_by.is_some_and(|(by, _)| by == viewer_id) || consented(&records, &id);

        if let Some(view) = councillor_view(&c, &history_with_notes(n), &records, &viewer) {
            for (output, text) in rendered(&view, &viewer) {
                prop_assert_eq!(never_leaks(&text), Vec::<&str>::new(), "{} carries what only officers see", output);
                if !may_see_personal {
                    prop_assert_eq!(personal_leaks(&text), Vec::<&str>::new(), "{} shows personal data without consent", output);
                }
            }
            // With consent the page does show the resident's details and what they were told.
            if may_see_personal {
                let (_, page) = &rendered(&view, &viewer)[0];
                prop_assert!(page.contains("SECRET-NAME") && page.contains("SECRET-PUBLIC-NOTE"));
            }
        }
        // The ward CSV, whatever the consent: never anything personal.
        if let Some(item) = councillor_list_item(&c, &viewer) {
            let row = shared::csv::typed_row(&ward_csv_row(council(), &item, true));
            prop_assert_eq!(never_leaks(&row), Vec::<&str>::new());
            prop_assert_eq!(personal_leaks(&row), Vec::<&str>::new());
        }
    }
}
