//! The emails to residents: the acknowledgement, status updates, completion (with rating
//! and reopen links), the late notice and the link to their data.

use maud::html;

use super::parts::{RenderedEmail, facts_html, facts_text, note_html, note_text, sharing_html, sharing_text, wrap};
use crate::dates::long_date;
use crate::domain::case::REOPEN_WINDOW;
use crate::notice::{Acknowledgement, Completion, DataRequestLink, LateForResident, StatusUpdate};

pub(super) fn acknowledgement(a: &Acknowledgement) -> RenderedEmail {
    let subject = format!("We have received your report: {}", a.reference);
    let by = long_date(a.expected_by);
    let text = format!(
        "Dear {name},\n\n\
         Thank you for reporting a problem to {council}.\n\n\
         Your reference is {reference}.\n\
         Type of problem: {category}\n\n\
         WHAT HAPPENS NEXT\n\
         {next_steps}\n\n\
         We aim to deal with it by {by}. If it is going to take longer, we will email you.\n\n\
         Check progress: {url}\n\n\
         CONTACT\n\
         {team} team\n\
         Email: {team_email}\n\
         Telephone: {team_phone}\n\
         Quote your reference, {reference}.\n\
         {sharing}\n\
         {council}\n",
        name = a.name,
        council = a.council,
        reference = a.reference,
        category = a.category,
        next_steps = a.next_steps,
        url = a.status_url,
        team = a.team.name,
        team_email = a.team.email,
        team_phone = a.team.phone,
        sharing = sharing_text(&a.sharing_url),
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (a.name) "," }
            p { "Thank you for reporting a problem to " (a.council) "." }
            div style="background: #00703c; color: #ffffff; padding: 20px; text-align: center;" {
                p style="margin: 0;" { "Your reference is" }
                p style="margin: 0; font-size: 32px; font-weight: bold; letter-spacing: 2px;" { (a.reference) }
            }
            p { strong { "Type of problem: " } (a.category) }
            h2 style="font-size: 24px;" { "What happens next" }
            p { (a.next_steps) }
            p { "We aim to deal with it " strong { "by " (by) } ". If it is going to take longer, we will email you." }
            p { a href=(a.status_url) { "Check progress of your report" } }
            h2 style="font-size: 24px;" { "Contact" }
            p {
                (a.team.name) " team" br;
                "Email: " a href={ "mailto:" (a.team.email) } { (a.team.email) } br;
                "Telephone: " (a.team.phone)
            }
            p { "Quote your reference, " (a.reference) "." }
            (sharing_html(&a.sharing_url))
            p { (a.council) }
        },
    );
    RenderedEmail {
        to: a.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

pub(super) fn status_update(n: &StatusUpdate) -> RenderedEmail {
    let subject = format!(
        "Your report {} is now: {}",
        n.facts.reference,
        crate::copy::en().status(n.facts.status).to_lowercase()
    );
    let text = format!(
        "Dear {name},\n\nThere is news about the problem you reported to {council}.\n\n{facts}{note}\nCheck progress: {url}\n{sharing}\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        note = note_text(&n.note),
        url = n.status_url,
        sharing = sharing_text(&n.sharing_url),
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "There is news about the problem you reported to " (n.council) "." }
            (facts_html(&n.facts))
            (note_html(&n.note))
            p { a href=(n.status_url) { "Check progress of your report" } }
            (sharing_html(&n.sharing_url))
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

pub(super) fn completion(n: &Completion) -> RenderedEmail {
    let subject = format!(
        "Your report {} is done: {}",
        n.facts.reference,
        crate::copy::en().status(n.facts.status).to_lowercase()
    );
    let ratings_text: String = n
        .rating_urls
        .iter()
        .enumerate()
        .map(|(i, url)| format!("  {} out of 5: {url}\n", i + 1))
        .collect();
    let text = format!(
        "Dear {name},\n\nWe have finished dealing with the problem you reported to {council}.\n\n{facts}{note}\n\
         HOW DID WE DO?\nChoose a rating (1 is very poor, 5 is very good):\n{ratings}\n\
         IS IT NOT FIXED?\nIf the problem is still there, tell us within {days} days and we will reopen your report:\n{reopen}\n\n\
         Check your report: {url}\n{sharing}\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        note = note_text(&n.note),
        ratings = ratings_text,
        reopen = n.reopen_url,
        days = REOPEN_WINDOW.num_days(),
        url = n.status_url,
        sharing = sharing_text(&n.sharing_url),
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "We have finished dealing with the problem you reported to " (n.council) "." }
            (facts_html(&n.facts))
            (note_html(&n.note))
            h2 style="font-size: 24px;" { "How did we do?" }
            p { "Choose a rating (1 is very poor, 5 is very good):" }
            p {
                @for (i, url) in n.rating_urls.iter().enumerate() {
                    a href=(url) style="display: inline-block; padding: 8px 14px; margin: 0 6px 6px 0; border: 2px solid #1d70b8;" { (i + 1) " out of 5" }
                }
            }
            h2 style="font-size: 24px;" { "Is it not fixed?" }
            p { "If the problem is still there, tell us within " (REOPEN_WINDOW.num_days()) " days and we will reopen your report." }
            p { a href=(n.reopen_url) { "This is not fixed" } }
            p { a href=(n.status_url) { "Check your report" } }
            (sharing_html(&n.sharing_url))
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

pub(super) fn late_for_resident(n: &LateForResident) -> RenderedEmail {
    let subject = format!("Your report {} is taking longer than it should", n.facts.reference);
    let text = format!(
        "Dear {name},\n\nWe are sorry: the problem you reported to {council} has not been dealt with by the date we gave you.\n\n\
         {facts}\nWHAT HAPPENS NEXT\nThe {team} team and its manager have been told. They will deal with it as soon as they can, \
         and we will email you when it is done.\n\nIf you need to talk to someone, contact the {team} team:\n\
         Email: {email}\nTelephone: {phone}\nQuote your reference, {reference}.\n\nCheck progress: {url}\n{sharing}\n{council}\n",
        name = n.name,
        council = n.council,
        facts = facts_text(&n.facts),
        team = n.team.name,
        email = n.team.email,
        phone = n.team.phone,
        reference = n.facts.reference,
        url = n.status_url,
        sharing = sharing_text(&n.sharing_url),
    );
    let html = wrap(
        &subject,
        html! {
            p { "Dear " (n.name) "," }
            p { "We are sorry: the problem you reported to " (n.council) " has not been dealt with by the date we gave you." }
            (facts_html(&n.facts))
            h2 style="font-size: 24px;" { "What happens next" }
            p { "The " (n.team.name) " team and its manager have been told. They will deal with it as soon as they can, and we will email you when it is done." }
            p {
                "If you need to talk to someone, contact the " (n.team.name) " team:" br;
                "Email: " a href={ "mailto:" (n.team.email) } { (n.team.email) } br;
                "Telephone: " (n.team.phone) br;
                "Quote your reference, " (n.facts.reference) "."
            }
            p { a href=(n.status_url) { "Check progress of your report" } }
            (sharing_html(&n.sharing_url))
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}

pub(super) fn data_request_link(n: &DataRequestLink) -> RenderedEmail {
    let subject = format!("Your data held by {}", n.council);
    let text = format!(
        "Someone, we hope you, asked to see the data {council} holds about this email address from its reporting service.\n\n\
         Use this link to download a copy or to ask us to erase it. It works for {minutes} minutes:\n{url}\n\n\
         If you did not ask, you can ignore this email: nobody can see your data without the link.\n\n{council}\n",
        council = n.council,
        minutes = n.valid_minutes,
        url = n.url,
    );
    let html = wrap(
        &subject,
        html! {
            p { "Someone, we hope you, asked to see the data " (n.council) " holds about this email address from its reporting service." }
            p { "Use this link to download a copy or to ask us to erase it. It works for " (n.valid_minutes) " minutes:" }
            p { a href=(n.url) { "Your data" } }
            p { "If you did not ask, you can ignore this email: nobody can see your data without the link." }
            p { (n.council) }
        },
    );
    RenderedEmail {
        to: n.to.as_str().to_owned(),
        subject,
        text,
        html,
    }
}
