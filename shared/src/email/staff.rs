//! The emails to council staff: a late or reopened case for a team and its escalation
//! contact, and the sign-in link.

use super::parts::{Block, RenderedEmail, email, facts};
use crate::notice::{LateForStaff, ReopenedForStaff, SignInLink, StaffAudience};

pub(super) fn late_for_staff(n: &LateForStaff) -> RenderedEmail {
    let lang = n.lang;
    let w = lang.words().email;
    let reference = n.facts.reference.as_str();
    let (subject, lead) = match n.audience {
        StaffAudience::Team => (
            (w.staff_late_subject)(reference, &n.facts.category, &n.ward),
            (w.staff_late_lead)(&n.team),
        ),
        StaffAudience::Escalation => ((w.escalation_subject)(reference, &n.team), (w.escalation_lead)(&n.team)),
    };
    let blocks = [
        Block::Para(lead),
        facts(lang, &n.facts),
        Block::Table(vec![(w.ward.into(), n.ward.clone())]),
        Block::Link {
            text: w.open_the_case.into(),
            url: n.case_url.clone(),
        },
        Block::Para(n.council.clone()),
    ];
    email(lang, n.to.clone(), subject, &blocks)
}

pub(super) fn reopened_for_staff(n: &ReopenedForStaff) -> RenderedEmail {
    let lang = n.lang;
    let w = lang.words().email;
    let reference = n.facts.reference.as_str();
    let lead = match n.audience {
        StaffAudience::Team => (w.reopened_staff_lead)(&n.team),
        StaffAudience::Escalation => (w.reopened_escalation_lead)(&n.team),
    };
    let blocks = [
        Block::Para(lead),
        Block::Heading(w.still_wrong.into()),
        Block::Prose(n.still_wrong.clone()),
        facts(lang, &n.facts),
        Block::Table(vec![(w.ward.into(), n.ward.clone())]),
        Block::Link {
            text: w.open_the_case.into(),
            url: n.case_url.clone(),
        },
        Block::Para(n.council.clone()),
    ];
    email(
        lang,
        n.to.clone(),
        (w.reopened_staff_subject)(reference, &n.facts.category),
        &blocks,
    )
}

pub(super) fn sign_in_link(n: &SignInLink) -> RenderedEmail {
    let lang = n.lang;
    let w = lang.words().email;
    let blocks = [
        Block::Para((w.dear)(&n.name)),
        Block::Para((w.sign_in_use)(n.valid_minutes)),
        Block::Link {
            text: (w.sign_in_link)(&n.council),
            url: n.url.clone(),
        },
        Block::Para(w.sign_in_ignore.into()),
        Block::Para(n.council.clone()),
    ];
    email(lang, n.to.clone(), (w.sign_in_subject)(&n.council), &blocks)
}
