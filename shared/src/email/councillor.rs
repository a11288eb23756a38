//! The email to a councillor about a case they follow: what it may say of the resident is
//! only what the redaction function's view allows.

use super::parts::{Block, RenderedEmail, email};

use crate::dates::long;
use crate::domain::redaction::{CouncillorView, FullReason};
use crate::notice::{CaseNews, CouncillorNews};

/// What a councillor's email may say of the case beyond the notice's own facts: only what
/// [`crate::domain::redaction::councillor_view`] allowed.
pub struct CouncillorDetail<'a> {
    pub name: &'a str,
    pub email: &'a str,
    pub phone: Option<&'a str>,
    pub description: &'a str,
    pub address: Option<&'a str>,
    /// Why they may see it: "The resident agreed to share it with you." or "You logged it."
    pub reason: FullReason,
}

impl<'a> CouncillorDetail<'a> {
    /// What the redaction function's view lets a councillor's email say of the resident:
    /// `None` unless it shows the case whole and the resident left contact details.
    pub fn from_view(view: &'a CouncillorView) -> Option<CouncillorDetail<'a>> {
        let CouncillorView::Full {
            reason,
            details: Some(details),
            ..
        } = view
        else {
            return None;
        };
        let reporter = details.reporter.as_ref()?;
        Some(CouncillorDetail {
            name: reporter.name.as_str(),
            email: reporter.email.as_str(),
            phone: reporter.phone.as_ref().map(|p| p.as_str()),
            description: details.description.as_str(),
            address: details.location.address.as_deref(),
            reason: *reason,
        })
    }
}

/// An email to a councillor about a case they follow. `detail` is `None` unless the
/// redaction function gave them the whole case.
pub fn councillor_news(n: &CouncillorNews, detail: Option<&CouncillorDetail<'_>>) -> RenderedEmail {
    let lang = n.lang;
    let words = lang.words();
    let w = words.email;
    let reference = n.reference.as_str();
    let (subject, lead) = match n.news {
        CaseNews::StatusChanged { to } => (
            (w.news_now_subject)(reference, words.status(to)),
            (w.news_now_lead)(words.status(to)),
        ),
        CaseNews::Completed { to } => (
            (w.news_done_subject)(reference, words.status(to)),
            (w.news_done_lead)(words.status(to)),
        ),
        CaseNews::Late => ((w.news_late_subject)(reference), w.news_late_lead.to_owned()),
    };
    let mut blocks = vec![
        Block::Para((w.dear)(&n.councillor_name)),
        Block::Para(lead),
        Block::Table(vec![
            (w.reference.into(), reference.to_owned()),
            (w.type_of_problem.into(), n.category.clone()),
            (w.ward.into(), n.ward.clone()),
            (w.expected_by.into(), long(words, n.expected_by)),
        ]),
    ];
    if let Some(d) = detail {
        blocks.push(Block::Para(
            match d.reason {
                FullReason::Consented => w.news_consented,
                FullReason::LoggedByThem => w.news_logged,
            }
            .to_owned(),
        ));
        let mut rows = vec![
            (w.reported_by.into(), d.name.to_owned()),
            (w.email.into(), d.email.to_owned()),
        ];
        if let Some(p) = d.phone {
            rows.push((w.telephone.into(), p.to_owned()));
        }
        if let Some(a) = d.address {
            rows.push((w.location.into(), a.to_owned()));
        }
        rows.push((w.description.into(), d.description.to_owned()));
        blocks.push(Block::Table(rows));
    }
    blocks.push(Block::Link {
        text: w.open_the_case.into(),
        url: n.case_url.clone(),
    });
    blocks.push(Block::Para(n.council.clone()));
    email(lang, n.to.clone(), subject, &blocks)
}
