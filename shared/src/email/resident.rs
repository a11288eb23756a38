//! The emails to residents: the acknowledgement, status updates, completion (with rating
//! and reopen links), the late notice and the link to their data.

use super::parts::{Block, Line, RenderedEmail, email, facts, note, sharing};
use crate::copy::Lang;
use crate::dates::long;
use crate::domain::case::REOPEN_WINDOW;
use crate::notice::{Acknowledgement, Completion, DataRequestLink, LateForResident, StatusUpdate};

/// The team's contact details, and the reference to quote.
fn contact(lang: Lang, team: &crate::notice::TeamContact, reference: &str, lead: Option<String>) -> Block {
    let w = lang.words().email;
    let mut lines = vec![Line::Text(lead.unwrap_or_else(|| (w.team)(&team.name)))];
    lines.push(Line::Mail(w.email.into(), team.email.clone()));
    lines.push(Line::Labelled(w.telephone.into(), team.phone.clone()));
    lines.push(Line::Text((w.quote_reference)(reference)));
    Block::Lines(lines)
}

pub(super) fn acknowledgement(a: &Acknowledgement) -> RenderedEmail {
    let lang = a.lang;
    let words = lang.words();
    let w = words.email;
    let reference = a.reference.to_string();
    let mut blocks = vec![
        Block::Para((w.dear)(a.name.as_str())),
        Block::Para((w.ack_thanks)(&a.council)),
        Block::Panel {
            label: w.ack_reference_is.into(),
            value: reference.clone(),
        },
        Block::Table(
            [
                Some((w.type_of_problem.into(), a.category.clone())),
                (!a.description.is_empty()).then(|| (w.ack_what.into(), a.description.clone())),
                (!a.location.is_empty()).then(|| (w.ack_where.into(), a.location.clone())),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
    ];
    if let Some(councillor) = &a.logged_by {
        blocks.push(Block::Para((w.ack_logged_by)(councillor)));
    }
    blocks.extend([
        Block::Heading(w.what_happens_next.into()),
        Block::Para(a.next_steps.clone()),
        Block::Para(if a.standard_days > 0 {
            (w.ack_aim_within)(a.standard_days, &long(words, a.expected_by))
        } else {
            (w.ack_aim)(&long(words, a.expected_by))
        }),
        Block::Link {
            text: w.check_progress.into(),
            url: a.status_url.clone(),
        },
        Block::Heading(w.contact.into()),
        contact(lang, &a.team, &reference, None),
    ]);
    // What they chose about their councillor, before how to change it.
    match a.shared_with_councillor {
        Some(true) => blocks.push(Block::Para(w.ack_shared.into())),
        Some(false) => blocks.push(Block::Para(w.ack_not_shared.into())),
        None => {}
    }
    blocks.extend(sharing(w, &a.sharing_url));
    blocks.push(Block::Para(a.council.clone()));
    email(lang, a.to.as_str().to_owned(), (w.ack_subject)(&reference), &blocks)
}

pub(super) fn status_update(n: &StatusUpdate) -> RenderedEmail {
    let lang = n.lang;
    let words = lang.words();
    let w = words.email;
    let subject = (w.update_subject)(n.facts.reference.as_str(), words.status(n.facts.status));
    let mut blocks = vec![
        Block::Para((w.dear)(n.name.as_str())),
        Block::Para((w.update_lead)(&n.council)),
        facts(lang, &n.facts),
    ];
    blocks.extend(note(w, &n.note));
    blocks.push(Block::Link {
        text: w.check_progress.into(),
        url: n.status_url.clone(),
    });
    blocks.extend(sharing(w, &n.sharing_url));
    blocks.push(Block::Para(n.council.clone()));
    email(lang, n.to.as_str().to_owned(), subject, &blocks)
}

pub(super) fn completion(n: &Completion) -> RenderedEmail {
    let lang = n.lang;
    let words = lang.words();
    let w = words.email;
    let subject = (w.done_subject)(n.facts.reference.as_str(), words.status(n.facts.status));
    let mut blocks = vec![
        Block::Para((w.dear)(n.name.as_str())),
        Block::Para((w.done_lead)(&n.council)),
        facts(lang, &n.facts),
    ];
    blocks.extend(note(w, &n.note));
    blocks.extend([
        Block::Heading(w.done_rate_heading.into()),
        Block::Para(w.done_rate_prompt.into()),
        Block::Choices(
            n.rating_urls
                .iter()
                .zip(1..)
                .map(|(url, i)| ((w.done_rating)(i), url.clone()))
                .collect(),
        ),
        Block::Heading(w.done_not_fixed_heading.into()),
        Block::Para((w.done_not_fixed)(REOPEN_WINDOW.num_days())),
        Block::Link {
            text: w.done_not_fixed_link.into(),
            url: n.reopen_url.clone(),
        },
        Block::Link {
            text: w.check_your_report.into(),
            url: n.status_url.clone(),
        },
    ]);
    blocks.extend(sharing(w, &n.sharing_url));
    blocks.push(Block::Para(n.council.clone()));
    email(lang, n.to.as_str().to_owned(), subject, &blocks)
}

pub(super) fn late_for_resident(n: &LateForResident) -> RenderedEmail {
    let lang = n.lang;
    let w = lang.words().email;
    let reference = n.facts.reference.to_string();
    let mut blocks = vec![
        Block::Para((w.dear)(n.name.as_str())),
        Block::Para((w.late_sorry)(&n.council)),
        facts(lang, &n.facts),
        Block::Heading(w.what_happens_next.into()),
        Block::Para((w.late_next)(&n.team.name)),
        contact(lang, &n.team, &reference, Some((w.late_talk)(&n.team.name))),
        Block::Link {
            text: w.check_progress.into(),
            url: n.status_url.clone(),
        },
    ];
    blocks.extend(sharing(w, &n.sharing_url));
    blocks.push(Block::Para(n.council.clone()));
    email(lang, n.to.as_str().to_owned(), (w.late_subject)(&reference), &blocks)
}

pub(super) fn data_request_link(n: &DataRequestLink) -> RenderedEmail {
    let lang = n.lang;
    let w = lang.words().email;
    let blocks = [
        Block::Para((w.data_asked)(&n.council)),
        Block::Para((w.data_use)(n.valid_minutes)),
        Block::Link {
            text: w.data_link.into(),
            url: n.url.clone(),
        },
        Block::Para(w.data_ignore.into()),
        Block::Para(n.council.clone()),
    ];
    email(lang, n.to.as_str().to_owned(), (w.data_subject)(&n.council), &blocks)
}
