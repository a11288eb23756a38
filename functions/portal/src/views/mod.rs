//! The portal's page frame (the shared layout, with who is signed in and a sign-out
//! button), and the small pieces every portal page shows the same way.

use chrono::{DateTime, Utc};
use maud::{Markup, html};
use shared::config::Council;
use shared::domain::Actor;
use shared::web::{Page, layout};

use crate::extract::SignedIn;
use crate::words::{lang, words};

pub mod case;
pub mod chart;
pub mod log;
pub mod performance;
pub mod queue;
pub mod session;
pub mod ward;

/// A moment as people in the council read it: "24 November 2026 at 10:00", London time,
/// in the page's language.
pub(crate) fn when(t: DateTime<Utc>) -> String {
    lang().words().moment(t)
}

/// Who did something to a case, by name where the council's configuration still has them.
pub(crate) fn actor_name(council: &Council, actor: &Actor) -> String {
    match actor {
        Actor::Resident => words().resident.into(),
        Actor::System => "wardline".into(),
        Actor::Officer(id) => council
            .officers
            .iter()
            .find(|o| &o.id == id)
            .map_or_else(|| (words().officer_named)(id), |o| o.name.clone()),
        Actor::Councillor(id) => council
            .councillors
            .iter()
            .find(|c| c.id.as_str() == id)
            .map_or_else(|| (words().councillor_named)(id), |c| c.name.clone()),
        Actor::Client(id) => council
            .open311
            .clients
            .iter()
            .find(|c| &c.id == id)
            .map_or_else(|| (words().client_named)(id), |c| c.name.clone()),
    }
}

pub fn page(
    title: &str,
    council: &shared::domain::Text,
    who: Option<(&SignedIn, &str)>,
    has_errors: bool,
    body: Markup,
) -> Markup {
    page_at("", title, council, who, has_errors, body)
}

/// The signed-in person's pages, for the header: an officer's queue (and the figures, for
/// a manager); a councillor's ward, follows, figures, log and email settings.
fn links_for(who: &SignedIn) -> Vec<(&'static str, &'static str)> {
    let w = words();
    match &who.role {
        crate::extract::Role::Officer { manager, .. } => {
            let mut links = vec![("/portal/queue", w.your_team_queue)];
            if *manager {
                links.push(("/portal/performance", w.performance_nav));
            }
            links
        }
        crate::extract::Role::Councillor { .. } => vec![
            ("/portal/ward", w.my_ward),
            ("/portal/following", w.cases_i_follow),
            ("/portal/performance", w.performance_nav),
            ("/portal/log", w.log_a_case),
            ("/portal/settings", w.settings_nav),
        ],
    }
}

/// A portal page whose own link in the header is `current`.
pub fn page_at(
    current: &str,
    title: &str,
    council: &shared::domain::Text,
    who: Option<(&SignedIn, &str)>,
    has_errors: bool,
    body: Markup,
) -> Markup {
    frame(current, None, title, council, who, has_errors, false, body)
}

/// A portal page with a map on it (a case's place): Leaflet comes with it. `address` is
/// the page's own, for the language switch when it answers a post (an update's errors).
pub fn page_with_map(
    address: &str,
    title: &str,
    council: &shared::domain::Text,
    who: Option<(&SignedIn, &str)>,
    has_errors: bool,
    body: Markup,
) -> Markup {
    frame("", Some(address), title, council, who, has_errors, true, body)
}

/// Where a case is, on a map drawn by app.js from the council's tiles: a pin, or (`radius`,
/// in metres) a circle around a coarse location. Without JavaScript or tiles, nothing: the
/// page's words say where it is.
pub(crate) fn case_map(
    tiles: &shared::config::MapTiles,
    label: &str,
    at: shared::domain::LatLng,
    radius: Option<u32>,
) -> Markup {
    html! {
        div id="case-map" class="wl-case-map govuk-!-margin-bottom-6" data-label=(label)
            data-tiles=(tiles.tiles) data-attribution=(tiles.attribution) data-max-zoom=(tiles.max_zoom)
            data-lat=(format!("{:.6}", at.lat())) data-lng=(format!("{:.6}", at.lng()))
            data-radius=[radius] {}
    }
}

#[allow(clippy::too_many_arguments)] // one private frame behind the three public shapes
fn frame(
    current: &str,
    address: Option<&str>,
    title: &str,
    council: &shared::domain::Text,
    who: Option<(&SignedIn, &str)>,
    has_errors: bool,
    map: bool,
    body: Markup,
) -> Markup {
    let inner = html! {
        @if let Some((signed_in, csrf)) = who {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-one-half" {
                    // Find a case by its reference, from any portal page.
                    form method="get" action="/portal/find" class="govuk-!-margin-bottom-4" role="search" {
                        label class="govuk-label govuk-label--s" for="find-reference" { (words().find_a_case) }
                        div class="wl-inline-form" {
                            input class="govuk-input govuk-input--width-10" id="find-reference" name="reference" type="text" spellcheck="false" autocomplete="off";
                            " "
                            button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" { (words().find) }
                        }
                    }
                }
                div class="govuk-grid-column-one-half" {
                    form method="post" action="/sign-out" class="govuk-!-margin-bottom-4" style="text-align: right;" {
                        span class="govuk-body-s govuk-!-margin-right-3" { (words().signed_in_as) strong { (signed_in.name) } }
                        input type="hidden" name="csrf" value=(csrf);
                        button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button" { (words().sign_out) }
                    }
                }
            }
        }
        (body)
    };
    let links = who.map(|(w, _)| links_for(w)).unwrap_or_default();
    layout(
        &Page {
            has_errors,
            map,
            address,
            nav: who.map(|_| shared::web::layout::ServiceNav {
                name: words().portal_name,
                home: "/portal",
                links,
                current,
            }),
            ..Page::new(title, council)
        },
        inner,
    )
}

/// A simple page: a heading and a paragraph, for refusals and dead ends.
pub fn message(title: &str, council: &shared::domain::Text, paragraphs: &[&str], link: Option<(&str, &str)>) -> Markup {
    page(
        title,
        council,
        None,
        false,
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { (title) }
                    @for p in paragraphs { p class="govuk-body" { (p) } }
                    @if let Some((href, text)) = link { p class="govuk-body" { a class="govuk-link" href=(href) { (text) } } }
                }
            }
        },
    )
}

/// One row of a case's history as a page shows it: when, who, what, and any notes
/// (label, text) the viewer may read.
pub(crate) struct HistoryRow<'a> {
    pub at: DateTime<Utc>,
    pub actor: &'a Actor,
    pub what: String,
    pub notes: Vec<(&'static str, &'a str)>,
}

/// A case's history, newest first (`rows` oldest first).
pub(crate) fn history_table(council: &Council, rows: &[HistoryRow<'_>]) -> Markup {
    html! {
        div class="wl-table-scroll" role="region" aria-label=(words().history_newest_first) tabindex="0" {
            table class="govuk-table" {
                caption class="govuk-table__caption govuk-visually-hidden" { (words().history_newest_first) }
                thead class="govuk-table__head" {
                    tr class="govuk-table__row" {
                        th scope="col" class="govuk-table__header" { (words().when) }
                        th scope="col" class="govuk-table__header" { (words().who) }
                        th scope="col" class="govuk-table__header" { (words().what) }
                    }
                }
                tbody class="govuk-table__body" {
                    @for row in rows.iter().rev() {
                        tr class="govuk-table__row" {
                            td class="govuk-table__cell" { (when(row.at)) }
                            td class="govuk-table__cell" { (actor_name(council, row.actor)) }
                            td class="govuk-table__cell" {
                                (row.what)
                                @for (label, text) in &row.notes {
                                    p class="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-0" { strong { (label) } (text) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The resident's photos as thumbnails, each a link to the full size; nothing without any.
/// Served by `/portal/cases/{reference}/photos/…` after the same check as the page.
pub(crate) fn photos(reference: &shared::domain::CaseRef, photos: &[shared::domain::case::PhotoMeta]) -> Markup {
    maud::html! {
        @if !photos.is_empty() {
            h2 class="govuk-heading-m" { (words().photos_heading) }
            ul class="govuk-list wl-photos" {
                @for (i, p) in photos.iter().enumerate() {
                    li {
                        a class="govuk-link" href={ "/portal/cases/" (reference) "/photos/" (p.id) "-full.jpg" } {
                            img src={ "/portal/cases/" (reference) "/photos/" (p.id) "-thumb.jpg" }
                                alt=((words().photo_alt)(&(i + 1).to_string()))
                                width=(thumb_size(p.width, p.height).0) height=(thumb_size(p.width, p.height).1)
                                loading="lazy";
                        }
                    }
                }
            }
        }
    }
}

/// A thumbnail's size from its photo's: the longer side `photo::THUMB_SIDE`.
fn thumb_size(width: u32, height: u32) -> (u32, u32) {
    let side = shared::photo::THUMB_SIDE;
    let longer = width.max(height).max(1);
    if longer <= side {
        return (width, height);
    }
    (
        (u64::from(width) * u64::from(side) / u64::from(longer)) as u32,
        (u64::from(height) * u64::from(side) / u64::from(longer)) as u32,
    )
}
