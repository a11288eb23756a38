//! The page template: GOV.UK Frontend markup without the crown or the GDS Transport font,
//! which are for GOV.UK only.

use maud::{DOCTYPE, Markup, html};

use super::lang::{current, here, switch_href};
use crate::copy::Lang;
use crate::domain::Text;

/// What a page says about itself beyond its body.
pub struct Page<'a> {
    pub title: &'a str,
    /// The council's name, shown in the page's language.
    pub council: &'a Text,
    /// The page shows a form with errors: the title starts "Error: ".
    pub has_errors: bool,
    /// Where the back link goes, if any.
    pub back: Option<&'a str>,
    /// The language the page is in: the request's, unless a page says otherwise.
    pub lang: Lang,
    /// For someone signed in: their service's name and links instead of the public ones.
    pub nav: Option<ServiceNav<'a>>,
    /// The page shows a map: Leaflet's script and styles come with it (from this site).
    pub map: bool,
    /// This page's own address, where it also answers a post to another (the report form
    /// after `POST /reports`): the language switch goes there, not to the post's address.
    pub address: Option<&'a str>,
}

/// A signed-in person's navigation in the header: the service's name, where it starts, and
/// their pages (`current` marks the one shown).
pub struct ServiceNav<'a> {
    pub name: &'a str,
    pub home: &'a str,
    pub links: Vec<(&'a str, &'a str)>,
    pub current: &'a str,
}

impl<'a> Page<'a> {
    pub fn new(title: &'a str, council: &'a Text) -> Self {
        Page {
            title,
            council,
            has_errors: false,
            back: None,
            lang: current(),
            nav: None,
            map: false,
            address: None,
        }
    }
}

pub fn layout(page: &Page<'_>, body: Markup) -> Markup {
    let words = page.lang.words();
    let w = words.layout;
    let council = page.council.get(page.lang);
    let title = if page.has_errors {
        format!("{} {} – {}", words.error_prefix, page.title, council)
    } else {
        format!("{} – {}", page.title, council)
    };
    // The switch, where the council offers more than one language: every other language
    // links to this same address in it.
    let switch = here().filter(|h| h.offered.len() > 1).map(|mut h| {
        let path = h.path_and_query.split('?').next().unwrap_or_default();
        if let Some(address) = page.address.filter(|a| *a != path) {
            h.path_and_query = address.to_owned();
        }
        h
    });
    html! {
        (DOCTYPE)
        html lang=(page.lang.code()) class="govuk-template" {
            head {
                meta charset="utf-8";
                title { (title) }
                meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover";
                meta name="theme-color" content="#1d70b8";
                link rel="stylesheet" href="/assets/app.css";
                @if page.map { link rel="stylesheet" href="/assets/leaflet/leaflet.css"; }
            }
            body class="govuk-template__body" {
                // Sets js-enabled before the page paints; a file, not inline, so the CSP needs no hash.
                script src="/assets/init.js" {}
                a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link" { (w.skip_to_main) }
                // GOV.UK Frontend's generic header: the council's name, no crown.
                header class="govuk-generic-header" {
                    div class="govuk-generic-header__container govuk-width-container" {
                        div class="govuk-generic-header__logo" {
                            a href="/" class="govuk-generic-header__homepage-link" { (council) }
                        }
                    }
                }
                div class="govuk-service-navigation" data-module="govuk-service-navigation" {
                    div class="govuk-width-container" {
                        div class="govuk-service-navigation__container" {
                            @if let Some(nav) = &page.nav {
                                span class="govuk-service-navigation__service-name" {
                                    a href=(nav.home) class="govuk-service-navigation__link" { (nav.name) }
                                }
                                nav aria-label=(w.menu) class="govuk-service-navigation__wrapper" {
                                    ul class="govuk-service-navigation__list" id="navigation" {
                                        @for (href, text) in &nav.links {
                                            @if *href == nav.current {
                                                li class="govuk-service-navigation__item govuk-service-navigation__item--active" {
                                                    a class="govuk-service-navigation__link" href=(href) aria-current="page" { strong class="govuk-service-navigation__active-fallback" { (text) } }
                                                }
                                            } @else {
                                                li class="govuk-service-navigation__item" {
                                                    a class="govuk-service-navigation__link" href=(href) { (text) }
                                                }
                                            }
                                        }
                                    }
                                }
                            } @else {
                                span class="govuk-service-navigation__service-name" {
                                    a href="/" class="govuk-service-navigation__link" { (words.report_title) }
                                }
                                nav aria-label=(w.menu) class="govuk-service-navigation__wrapper" {
                                    ul class="govuk-service-navigation__list" id="navigation" {
                                        li class="govuk-service-navigation__item" {
                                            a class="govuk-service-navigation__link" href="/reports" { (w.check_a_report) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                div class="govuk-width-container" {
                    @if let Some(h) = &switch {
                        // HMRC's language select: the current language, then the others,
                        // each named in itself and announced in itself.
                        nav class="wl-language-select" aria-label=(w.language_switch) {
                            ul class="wl-language-select__list" {
                                @for l in &h.offered {
                                    li class="wl-language-select__list-item" {
                                        @if *l == page.lang {
                                            span aria-current="true" { (l.endonym()) }
                                        } @else {
                                            a class="govuk-link" href=(switch_href(h, *l)) hreflang=(l.code()) lang=(l.code()) rel="alternate" {
                                                span class="govuk-visually-hidden" { (l.switch_to()) }
                                                span aria-hidden="true" { (l.endonym()) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if let Some(back) = page.back {
                        a href=(back) class="govuk-back-link" { (w.back) }
                    }
                    main class="govuk-main-wrapper" id="main-content" {
                        (body)
                    }
                }
                footer class="govuk-footer" {
                    div class="govuk-width-container" {
                        div class="govuk-footer__meta" {
                            div class="govuk-footer__meta-item govuk-footer__meta-item--grow" {
                                h2 class="govuk-visually-hidden" { (w.support_links) }
                                ul class="govuk-footer__inline-list" {
                                    li class="govuk-footer__inline-list-item" { a class="govuk-footer__link" href="/reports" { (w.check_a_report) } }
                                    li class="govuk-footer__inline-list-item" { a class="govuk-footer__link" href="/performance" { (w.how_we_are_doing) } }
                                    li class="govuk-footer__inline-list-item" { a class="govuk-footer__link" href="/open-data" { (w.open_data) } }
                                    li class="govuk-footer__inline-list-item" { a class="govuk-footer__link" href="/privacy" { (w.privacy) } }
                                    li class="govuk-footer__inline-list-item" { a class="govuk-footer__link" href="/your-data" { (w.your_data) } }
                                }
                                span class="govuk-footer__licence-description" {
                                    (council) ". " (w.powered_by)
                                }
                            }
                        }
                    }
                }
                @if page.map { script src="/assets/leaflet/leaflet.js" {} }
                script type="module" src="/assets/app.js" {}
            }
        }
    }
}

/// A one-column page with a heading: confirmations, refusals, dead ends.
pub fn simple_page(
    council: &Text,
    status: axum::http::StatusCode,
    title: &str,
    body: Markup,
) -> axum::response::Response {
    simple_page_at(None, council, status, title, body)
}

/// [`simple_page`] answering a post, with the page whose address the language switch goes
/// to (the post's own address may have no page).
pub fn simple_page_at(
    address: Option<&str>,
    council: &Text,
    status: axum::http::StatusCode,
    title: &str,
    body: Markup,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let page = layout(
        &Page {
            address,
            ..Page::new(title, council)
        },
        html! {
            div class="govuk-grid-row" {
                div class="govuk-grid-column-two-thirds" {
                    h1 class="govuk-heading-l" { (title) }
                    (body)
                }
            }
        },
    );
    (status, page).into_response()
}
