//! The emails to council staff: a late case for a team and its escalation contact, and the
//! sign-in link.

use maud::html;

use super::parts::{RenderedEmail, facts_html, facts_text, wrap};
use crate::notice::{LateForStaff, SignInLink, StaffAudience};

pub(super) fn late_for_staff(n: &LateForStaff) -> RenderedEmail {
    let (subject, lead) = match n.audience {
        StaffAudience::Team => (
            format!("Late: {} ({}, {})", n.facts.reference, n.facts.category, n.ward),
            format!("A case in the {} queue has passed its expected date.", n.team),
        ),
        StaffAudience::Escalation => (
            format!("Escalation: {} is late ({} team)", n.facts.reference, n.team),
            format!(
                "A case for the {} team has passed its expected date. You are its escalation contact.",
                n.team
            ),
        ),
    };
    let text = format!(
        "{lead}\n\n{facts}Ward: {ward}\n\nOpen the case: {url}\n\n{council}\n",
        facts = facts_text(&n.facts),
        ward = n.ward,
        url = n.case_url,
        council = n.council,
    );
    let html = wrap(
        &subject,
        html! {
            p { (lead) }
            (facts_html(&n.facts))
            p { strong { "Ward: " } (n.ward) }
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

pub(super) fn sign_in_link(n: &SignInLink) -> RenderedEmail {
    let subject = format!("Sign in to {}", n.council);
    let text = format!(
        "Dear {name},\n\nUse this link to sign in. It works once, for {minutes} minutes:\n{url}\n\n\
         If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.\n\n{council}\n",
        name = n.name,
        minutes = n.valid_minutes,
        url = n.url,
        council = n.council,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "Use this link to sign in. It works once, for " (n.valid_minutes) " minutes:" }
            p { a href=(n.url) { "Sign in to " (n.council) } }
            p { "If you did not ask to sign in, you can ignore this email: nobody can sign in without the link." }
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
