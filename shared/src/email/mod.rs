//! The emails wardline sends. Each is a [`Notice`] (the data, stored in the outbox until
//! it is sent) rendered to HTML and plain text from the same values, so the two always
//! carry the same facts and links. The payload types are `crate::notice`, the renderers by
//! audience (`resident`, `staff`, `councillor`) over shared parts (`parts`).

mod councillor;
mod digest;
mod parts;
mod resident;
mod staff;

pub use crate::notice::*;
pub use councillor::{CouncillorDetail, councillor_news};
pub use digest::chart_cid;
pub use parts::{InlineImage, RenderedEmail};

impl Notice {
    /// The email for this notice, in HTML and plain text from the same values.
    pub fn render(&self) -> RenderedEmail {
        let email = match self {
            Notice::Acknowledgement(a) => resident::acknowledgement(a),
            Notice::StatusUpdate(n) => resident::status_update(n),
            Notice::Completion(n) => resident::completion(n),
            Notice::LateForResident(n) => resident::late_for_resident(n),
            Notice::LateForStaff(n) => staff::late_for_staff(n),
            Notice::SignInLink(n) => staff::sign_in_link(n),
            Notice::DataRequestLink(n) => resident::data_request_link(n),
            // Without a view, only what the notice says (nothing personal); the notifier
            // renders it with the councillor's view of the case instead.
            Notice::CouncillorNews(n) => councillor_news(n, None),
            Notice::Digest(n) => digest::digest(n),
            Notice::ReopenedForStaff(n) => staff::reopened_for_staff(n),
        };
        RenderedEmail {
            tags: self.mail_tags(),
            ..email
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseRef, CouncillorId, PersonName, ResidentEmail, Status, WardId};
    use chrono::NaiveDate;

    pub(crate) fn sample() -> Acknowledgement {
        Acknowledgement {
            lang: Default::default(),
            to: ResidentEmail::parse("jo@example.com").unwrap(),
            name: PersonName::parse("Jo <Bloggs>").unwrap(),
            reference: CaseRef::parse("FK7M-3RTW").unwrap(),
            category: "Fly-tipping".into(),
            next_steps: "We will remove it.".into(),
            team: TeamContact {
                name: "Street Scene".into(),
                email: "ss@ashworth.example".into(),
                phone: "01632 960 102".into(),
            },
            expected_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
            status_url: "https://report.ashworth.example/reports/FK7M-3RTW".into(),
            sharing_url: "https://report.ashworth.example/consent/tok".into(),
            council: "Ashworth Borough Council".into(),
            description: String::new(),
            location: String::new(),
            standard_days: 0,
            shared_with_councillor: None,
            logged_by: None,
        }
    }

    fn links_in_text(text: &str) -> Vec<String> {
        text.split_whitespace()
            .filter(|w| w.starts_with("http"))
            .map(|w| w.trim_end_matches('.').to_owned())
            .collect()
    }

    fn links_in_html(html: &str) -> Vec<String> {
        html.split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|l| l.starts_with("http"))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_acknowledgement_says_the_date_in_words_and_the_reference() {
        let e = Notice::Acknowledgement(sample()).render();
        for part in [&e.text, &e.html] {
            assert!(part.contains("by Friday 4 December 2026"), "{part}");
            assert!(part.contains("FK7M-3RTW"));
            assert!(part.contains("01632 960 102"));
            assert!(part.contains("We will remove it."));
        }
        assert_eq!(e.to, "jo@example.com");
    }

    #[test]
    fn html_and_text_carry_the_same_links() {
        let e = Notice::Acknowledgement(sample()).render();
        assert_eq!(links_in_text(&e.text), links_in_html(&e.html));
        assert_eq!(
            links_in_text(&e.text),
            vec![
                "https://report.ashworth.example/reports/FK7M-3RTW",
                "https://report.ashworth.example/consent/tok"
            ]
        );
    }

    #[test]
    fn names_are_escaped_in_html() {
        let e = Notice::Acknowledgement(sample()).render();
        assert!(e.html.contains("Jo &lt;Bloggs&gt;"));
        assert!(!e.html.contains("<Bloggs>"));
    }

    fn facts() -> CaseFacts {
        CaseFacts {
            reference: CaseRef::parse("FK7M-3RTW").unwrap(),
            category: "Fly-tipping".into(),
            status: Status::InProgress,
            expected_by: NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
        }
    }

    /// The outbox stores each notice until it is sent (on a retry, for hours): one written
    /// before a change must still read after it, and read as the same notice.
    #[test]
    fn version_1_of_every_kind_of_notice_reads_and_writes_unchanged() {
        let golden: serde_json::Value = serde_json::from_str(include_str!("../golden/notices.json")).unwrap();
        assert_eq!(serde_json::to_value(every_kind()).unwrap(), golden);
        let read: Vec<Notice> = serde_json::from_value(golden).unwrap();
        assert_eq!(read, every_kind());
    }

    fn every_kind() -> Vec<Notice> {
        let a = sample();
        vec![
            Notice::Acknowledgement(a.clone()),
            Notice::StatusUpdate(StatusUpdate {
                lang: Default::default(),
                to: a.to.clone(),
                name: a.name.clone(),
                facts: facts(),
                note: Some("Crew booked for Thursday".into()),
                status_url: a.status_url.clone(),
                sharing_url: a.sharing_url.clone(),
                council: a.council.clone(),
            }),
            Notice::Completion(Completion {
                lang: Default::default(),
                to: a.to.clone(),
                name: a.name.clone(),
                facts: CaseFacts {
                    status: Status::Fixed,
                    ..facts()
                },
                note: None,
                status_url: a.status_url.clone(),
                rating_urls: (1..=5)
                    .map(|i| format!("https://report.ashworth.example/feedback/tok?rating={i}"))
                    .collect(),
                reopen_url: "https://report.ashworth.example/reopen/tok".into(),
                sharing_url: a.sharing_url.clone(),
                council: a.council.clone(),
            }),
            Notice::LateForResident(LateForResident {
                lang: Default::default(),
                to: a.to.clone(),
                name: a.name.clone(),
                facts: facts(),
                team: a.team.clone(),
                status_url: a.status_url.clone(),
                sharing_url: a.sharing_url.clone(),
                council: a.council.clone(),
            }),
            Notice::LateForStaff(LateForStaff {
                lang: Default::default(),
                to: "ss@ashworth.example".into(),
                audience: StaffAudience::Escalation,
                team: "Street Scene".into(),
                facts: facts(),
                ward: "Riverside".into(),
                case_url: "https://report.ashworth.example/portal/cases/FK7M-3RTW".into(),
                council: a.council.clone(),
            }),
            Notice::SignInLink(SignInLink {
                lang: Default::default(),
                to: "jane@ashworth.example".into(),
                name: "Jane".into(),
                url: "https://report.ashworth.example/sign-in/abc".into(),
                valid_minutes: 15,
                council: a.council.clone(),
            }),
            Notice::DataRequestLink(DataRequestLink {
                lang: Default::default(),
                to: a.to.clone(),
                url: "https://report.ashworth.example/your-data/tok".into(),
                valid_minutes: 60,
                council: a.council.clone(),
            }),
            Notice::Digest(Digest {
                lang: Default::default(),
                to: "amira.patel@ashworth.example".into(),
                councillor_name: "Cllr Amira Patel".into(),
                council: a.council.clone(),
                period: "week beginning Monday 23 November 2026".into(),
                daily: false,
                wards: vec![DigestWard {
                    ward: "Riverside".into(),
                    ward_id: "riverside".into(),
                    rows: vec![DigestFigures {
                        label: "This week".into(),
                        new: 4,
                        completed: 12,
                        within_standard: 9,
                        target: 90,
                        floor: 80,
                    }],
                    late_at_end: 2,
                    by_category: vec![],
                    weeks: vec![("23 Nov".into(), 4, 12)],
                    went_late: vec![DigestCase {
                        reference: a.reference.clone(),
                        category: "Fly-tipping".into(),
                        status: Status::Investigating,
                        expected_by: a.expected_by,
                        url: "https://report.ashworth.example/portal/cases/FK7M-3RTW".into(),
                    }],
                    went_late_more: 3,
                    dashboard_url: "https://report.ashworth.example/portal/performance?area=ward:riverside".into(),
                    map_url: "https://report.ashworth.example/portal/performance/map?area=ward:riverside".into(),
                }],
                followed: vec![],
                followed_more: 0,
                settings_url: "https://report.ashworth.example/portal/settings".into(),
            }),
            Notice::ReopenedForStaff(ReopenedForStaff {
                lang: Default::default(),
                to: "streetscene@ashworth.example".into(),
                audience: StaffAudience::Team,
                team: "Street Scene".into(),
                facts: facts(),
                ward: "Riverside".into(),
                still_wrong: "Half the bags are still there".into(),
                case_url: "https://report.ashworth.example/portal/cases/FK7M-3RTW".into(),
                council: a.council.clone(),
            }),
            Notice::CouncillorNews(CouncillorNews {
                lang: Default::default(),
                to: "amira.patel@ashworth.example".into(),
                councillor: CouncillorId::parse("amira-patel").unwrap(),
                councillor_name: "Cllr Amira Patel".into(),
                wards: vec![WardId::parse("riverside").unwrap()],
                reference: a.reference.clone(),
                news: CaseNews::Late,
                category: "Fly-tipping".into(),
                ward: "Riverside".into(),
                expected_by: a.expected_by,
                case_url: "https://report.ashworth.example/portal/cases/FK7M-3RTW".into(),
                council: a.council.clone(),
            }),
        ]
    }

    #[test]
    fn every_email_to_a_resident_about_their_case_carries_their_sharing_link() {
        for n in every_kind() {
            if matches!(
                n,
                Notice::Acknowledgement(_)
                    | Notice::StatusUpdate(_)
                    | Notice::Completion(_)
                    | Notice::LateForResident(_)
            ) {
                let e = n.render();
                assert!(links_in_text(&e.text).contains(&"https://report.ashworth.example/consent/tok".to_owned()));
                assert!(e.text.contains("YOUR LOCAL COUNCILLOR"), "{}", n.kind());
            }
        }
    }

    #[test]
    fn a_councillors_email_shows_the_resident_only_when_given_the_detail() {
        let Some(Notice::CouncillorNews(news)) = every_kind().pop() else {
            unreachable!()
        };
        let bare = councillor_news(&news, None);
        let detail = CouncillorDetail {
            name: "Jo Bloggs",
            email: "jo@example.com",
            phone: None,
            description: "A sofa by the gate",
            address: None,
            reason: crate::domain::redaction::FullReason::Consented,
        };
        let full = councillor_news(&news, Some(&detail));
        for part in [&bare.text, &bare.html] {
            assert!(part.contains("FK7M-3RTW") && part.contains("Riverside"));
            assert!(!part.contains("Jo Bloggs") && !part.contains("jo@example.com") && !part.contains("sofa"));
        }
        for part in [&full.text, &full.html] {
            assert!(part.contains("Jo Bloggs") && part.contains("jo@example.com") && part.contains("sofa"));
            assert!(part.contains("The resident agreed to share their details with you."));
        }
    }

    /// The same notice, to be written in `lang`.
    fn in_lang(mut n: Notice, lang: crate::domain::Lang) -> Notice {
        match &mut n {
            Notice::Acknowledgement(x) => x.lang = lang,
            Notice::StatusUpdate(x) => x.lang = lang,
            Notice::Completion(x) => x.lang = lang,
            Notice::LateForResident(x) => x.lang = lang,
            Notice::LateForStaff(x) => x.lang = lang,
            Notice::SignInLink(x) => x.lang = lang,
            Notice::DataRequestLink(x) => x.lang = lang,
            Notice::CouncillorNews(x) => x.lang = lang,
            Notice::Digest(x) => x.lang = lang,
            Notice::ReopenedForStaff(x) => x.lang = lang,
        }
        n
    }

    #[test]
    fn every_kind_of_email_is_written_whole_in_welsh_when_its_notice_says_welsh() {
        use crate::domain::Lang;
        for n in every_kind() {
            let english = n.render();
            let welsh = in_lang(n.clone(), Lang::Cy).render();
            assert_ne!(welsh.subject, english.subject, "{}", n.kind());
            assert!(welsh.html.contains(r#"<html lang="cy">"#), "{}", n.kind());
            assert!(english.html.contains(r#"<html lang="en">"#), "{}", n.kind());
            // A digest's period and rows are written when it is queued, in its language:
            // this sample's are English, so only its template's own words are checked.
            let dates: &[&str] = if n.kind() == "digest" {
                &[]
            } else {
                &["Monday", "December"]
            };
            for part in [&welsh.subject, &welsh.text, &welsh.html] {
                // Words the English templates use; none is in a Welsh one.
                for word in [
                    "Dear ",
                    "Reference",
                    "Type of problem",
                    "Expected by",
                    " team",
                    "Reports received",
                ]
                .iter()
                .chain(dates)
                {
                    assert!(!part.contains(word), "{}: {word:?} in Welsh: {part}", n.kind());
                }
            }
            // The same links, each opening the Welsh page.
            let english_links = links_in_text(&english.text);
            let welsh_links = links_in_text(&welsh.text);
            assert_eq!(welsh_links.len(), english_links.len(), "{}", n.kind());
            for (w, e) in welsh_links.iter().zip(&english_links) {
                assert!(w.starts_with(e.as_str()) && w.ends_with("lang=cy"), "{w} for {e}");
            }
        }
    }

    #[test]
    fn every_email_carries_the_same_links_in_html_and_text() {
        for n in every_kind() {
            let e = n.render();
            let text_links = links_in_text(&e.text);
            assert!(!text_links.is_empty(), "{}", n.kind());
            assert_eq!(text_links, links_in_html(&e.html), "{}", n.kind());
        }
    }

    #[test]
    fn every_case_email_states_the_reference_category_status_and_expected_date() {
        for n in every_kind()
            .into_iter()
            .filter(|n| n.reference().is_some() && !matches!(n.kind(), "acknowledgement" | "councillor_news"))
        {
            let e = n.render();
            for part in [&e.text, &e.html] {
                for fact in ["FK7M-3RTW", "Fly-tipping", "Friday 4 December 2026"] {
                    assert!(part.contains(fact), "{} lacks {fact}", n.kind());
                }
                assert!(
                    part.contains("In progress") || part.contains("Fixed"),
                    "{} lacks the status",
                    n.kind()
                );
            }
        }
    }

    #[test]
    fn a_completion_offers_five_ratings_and_a_way_to_reopen() {
        let e = every_kind()[2].render();
        for i in 1..=5 {
            assert!(e.text.contains(&format!("rating={i}")));
        }
        assert!(e.text.contains("/reopen/tok") && e.text.contains("28 days"));
    }

    #[test]
    fn a_notice_survives_the_outbox_round_trip() {
        let n = Notice::Acknowledgement(sample());
        let json = serde_json::to_string(&n).unwrap();
        assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), n);
    }
}
