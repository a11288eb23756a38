//! Telling the councillors who follow a case that something happened to it. The notices
//! carry nothing personal: what the email may say of the resident is decided when it is
//! sent, by the redaction function, from the consent current then (see the notifier).

use crate::config::Council;
use crate::domain::{Case, CouncillorId};
use crate::notice::{CaseNews, CouncillorNews, Notice};

/// One notice per follower the council still knows (a councillor who has left is skipped).
pub fn for_followers(council: &Council, case: &Case, news: CaseNews, followers: &[CouncillorId]) -> Vec<Notice> {
    // Councillors read wardline in the council's first language.
    let lang = council.default_lang();
    let category = council.category_name(&case.category, lang);
    let ward = council.ward_name(&case.ward, lang);
    followers
        .iter()
        .filter_map(|id| council.councillors.iter().find(|c| &c.id == id))
        .map(|c| {
            Notice::CouncillorNews(CouncillorNews {
                to: c.email.clone(),
                councillor: c.id.clone(),
                councillor_name: c.name.clone(),
                wards: c.wards.clone(),
                reference: case.reference.clone(),
                news,
                category: category.clone(),
                ward: ward.clone(),
                expected_by: case.expected_by,
                case_url: format!("{}/portal/cases/{}", council.base_url, case.reference),
                council: council.name_in(lang).to_owned(),
                lang,
            })
        })
        .collect()
}

/// The notices for one event, one per person: a person who holds two parts in a case (a
/// councillor who reported it as a resident and follows it, a team whose escalation
/// contact is its own mailbox) gets the first notice addressed to them and no other.
/// Addresses compare without regard to case. Put the notice that should win first.
pub fn one_per_person(notices: Vec<Notice>) -> Vec<Notice> {
    let mut seen = std::collections::HashSet::new();
    notices
        .into_iter()
        .filter(|n| seen.insert(n.recipient().trim().to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::SignInLink;

    fn to(address: &str, kind: &str) -> Notice {
        Notice::SignInLink(SignInLink {
            to: address.into(),
            name: kind.into(),
            url: String::new(),
            valid_minutes: 15,
            council: String::new(),
            lang: crate::domain::Lang::En,
        })
    }

    #[test]
    fn one_notice_per_address_whatever_its_case_and_the_first_wins() {
        let kept = one_per_person(vec![
            to("jo@example.com", "first"),
            to("team@example.com", "team"),
            to(" JO@Example.com", "second"),
            to("team@example.com", "escalation"),
        ]);
        let names: Vec<&str> = kept
            .iter()
            .map(|n| match n {
                Notice::SignInLink(s) => s.name.as_str(),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(names, ["first", "team"]);
    }
}
