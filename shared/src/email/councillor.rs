//! The email to a councillor about a case they follow: what it may say of the resident is
//! only what the redaction function's view allows.

use maud::html;

use super::parts::{RenderedEmail, wrap};
use crate::dates::long_date;
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
    pub reason: &'static str,
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
            reason: match reason {
                FullReason::Consented => "The resident agreed to share their details with you.",
                FullReason::LoggedByThem => "You logged this case.",
            },
        })
    }
}

/// An email to a councillor about a case they follow. `detail` is `None` unless the
/// redaction function gave them the whole case.
pub fn councillor_news(n: &CouncillorNews, detail: Option<&CouncillorDetail<'_>>) -> RenderedEmail {
    let (subject, lead) = match n.news {
        CaseNews::StatusChanged { to } => (
            format!("{}: now {}", n.reference, crate::copy::en().status(to).to_lowercase()),
            format!("A case you follow is now: {}.", crate::copy::en().status(to).to_lowercase()),
        ),
        CaseNews::Completed { to } => (
            format!("{}: done ({})", n.reference, crate::copy::en().status(to).to_lowercase()),
            format!("A case you follow is done: {}.", crate::copy::en().status(to).to_lowercase()),
        ),
        CaseNews::Late => (
            format!("{} is late", n.reference),
            "A case you follow has passed the date it should have been done by. The team and its manager have been told."
                .to_owned(),
        ),
    };
    let detail_text = detail
        .map(|d| {
            format!(
                "\n{reason}\nReported by: {name}\nEmail: {email}\n{phone}{address}Description: {description}\n",
                reason = d.reason,
                name = d.name,
                email = d.email,
                phone = d.phone.map(|p| format!("Telephone: {p}\n")).unwrap_or_default(),
                address = d.address.map(|a| format!("Location: {a}\n")).unwrap_or_default(),
                description = d.description,
            )
        })
        .unwrap_or_default();
    let text = format!(
        "Dear {name},\n\n{lead}\n\nReference: {reference}\nType of problem: {category}\nWard: {ward}\nExpected by: {expected}\n\
         {detail_text}\nOpen the case: {url}\n\n{council}\n",
        name = n.councillor_name,
        reference = n.reference,
        category = n.category,
        ward = n.ward,
        expected = long_date(n.expected_by),
        url = n.case_url,
        council = n.council,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.councillor_name) "," }
            p { (lead) }
            table style="border-collapse: collapse; margin: 20px 0;" {
                @for (k, v) in [("Reference", n.reference.to_string()), ("Type of problem", n.category.clone()), ("Ward", n.ward.clone()), ("Expected by", long_date(n.expected_by))] {
                    tr {
                        th style="text-align: left; padding: 4px 16px 4px 0; vertical-align: top;" { (k) }
                        td style="padding: 4px 0;" { (v) }
                    }
                }
            }
            @if let Some(d) = detail {
                p { (d.reason) }
                table style="border-collapse: collapse; margin: 20px 0;" {
                    tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Reported by" } td { (d.name) } }
                    tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Email" } td { (d.email) } }
                    @if let Some(p) = d.phone { tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Telephone" } td { (p) } } }
                    @if let Some(a) = d.address { tr { th style="text-align: left; padding: 4px 16px 4px 0;" { "Location" } td { (a) } } }
                    tr { th style="text-align: left; padding: 4px 16px 4px 0; vertical-align: top;" { "Description" } td style="white-space: pre-wrap;" { (d.description) } }
                }
            }
            p { a href=(n.case_url) { "Open the case" } }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.clone(),
        subject,
        text,
        html,
    }
}
