//! `/portal/settings`: a councillor chooses how often their digest comes (weekly, daily or
//! never), whether to be told at once of every case in their wards that goes late, and,
//! where the council offers two languages, which the digest is written in.
//! Effective from the next run; nothing else reads or changes them.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use shared::domain::preferences::{CouncillorPrefs, DigestFrequency};
use shared::web::WebError;
use shared::web::components::{ErrorMessage, RadioItem, error_summary, radios};
use shared::web::csrf::{Csrf, CsrfForm};

use crate::Portal;
use crate::extract::CouncillorUser;
use crate::views::page_at;
use crate::words::words;

const PATH: &str = "/portal/settings";

#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

fn person(user: &CouncillorUser) -> String {
    format!("councillor:{}", user.me.id)
}

fn form_page(
    deps: &Portal,
    user: &CouncillorUser,
    csrf: &Csrf,
    prefs: &CouncillorPrefs,
    saved: bool,
    errors: &[ErrorMessage],
) -> Response {
    let w = words();
    let items: Vec<RadioItem<'_>> = DigestFrequency::ALL
        .iter()
        .map(|f| RadioItem {
            value: f.as_str(),
            text: match f {
                DigestFrequency::Weekly => w.digest_weekly,
                DigestFrequency::Daily => w.digest_daily,
                DigestFrequency::Never => w.digest_never,
            },
            hint: Some(match f {
                DigestFrequency::Weekly => w.digest_weekly_hint,
                DigestFrequency::Daily => w.digest_daily_hint,
                DigestFrequency::Never => w.digest_never_hint,
            }),
            conditional: None,
        })
        .collect();
    let languages: Vec<RadioItem<'_>> = deps
        .council
        .languages
        .iter()
        .map(|l| RadioItem {
            value: l.code(),
            text: l.endonym(),
            hint: None,
            conditional: None,
        })
        .collect();
    let chosen_lang = prefs.lang.unwrap_or_else(|| deps.council.default_lang());
    let body = html! {
        div class="govuk-grid-row" {
            div class="govuk-grid-column-two-thirds" {
                @if saved {
                    div class="govuk-notification-banner govuk-notification-banner--success" role="alert" aria-labelledby="saved-title" data-module="govuk-notification-banner" {
                        div class="govuk-notification-banner__header" {
                            h2 class="govuk-notification-banner__title" id="saved-title" { (w.success) }
                        }
                        div class="govuk-notification-banner__content" {
                            p class="govuk-notification-banner__heading" { (w.settings_saved) }
                        }
                    }
                }
                (error_summary(errors))
                h1 class="govuk-heading-l" { (w.settings_title) }
                p class="govuk-body" { (w.settings_lead) }
                form method="post" action=(PATH) novalidate {
                    input type="hidden" name="csrf" value=(csrf.token);
                    (radios("digest", w.digest_question, "govuk-fieldset__legend--m", None, &items, prefs.digest.as_str(), errors.iter().find(|e| e.id == "digest").map(|e| e.message.as_str())))
                    div class="govuk-form-group" {
                        fieldset class="govuk-fieldset" {
                            legend class="govuk-fieldset__legend govuk-fieldset__legend--m" {
                                h2 class="govuk-fieldset__heading" { (w.late_question) }
                            }
                            div class="govuk-checkboxes" data-module="govuk-checkboxes" {
                                div class="govuk-checkboxes__item" {
                                    input class="govuk-checkboxes__input" id="every_late_case" name="every_late_case" type="checkbox" value="yes" aria-describedby="every_late_case-hint" checked[prefs.every_late_case];
                                    label class="govuk-label govuk-checkboxes__label" for="every_late_case" { (w.late_choice) }
                                    div id="every_late_case-hint" class="govuk-hint govuk-checkboxes__hint" { (w.late_choice_hint) }
                                }
                            }
                        }
                    }
                    @if deps.council.bilingual() {
                        (radios("lang", w.digest_language, "govuk-fieldset__legend--m", None, &languages, chosen_lang.code(), None))
                    }
                    button type="submit" class="govuk-button" data-module="govuk-button" data-prevent-double-click="true" { (w.save_settings) }
                }
            }
        }
    };
    csrf.set_on(page_at(
        PATH,
        w.settings_title,
        &deps.council.name,
        Some((&user.who, &csrf.token)),
        !errors.is_empty(),
        body,
    ))
}

pub async fn settings(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    query: Result<Query<Saved>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, WebError> {
    let prefs = deps.prefs.prefs(&person(&user)).await?;
    let saved = query.is_ok_and(|Query(q)| q.saved.is_some());
    Ok(form_page(&deps, &user, &csrf, &prefs, saved, &[]))
}

#[derive(Deserialize)]
pub struct SettingsForm {
    digest: Option<String>,
    every_late_case: Option<String>,
    lang: Option<String>,
}

pub async fn save_settings(
    State(deps): State<Portal>,
    user: CouncillorUser,
    csrf: Csrf,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<Response, WebError> {
    let every_late_case = form.every_late_case.is_some();
    // Only a language the council offers; none chosen keeps the council's first.
    let lang = form
        .lang
        .as_deref()
        .and_then(shared::domain::Lang::parse)
        .filter(|l| deps.council.languages.contains(l));
    let Some(digest) = form.digest.as_deref().and_then(DigestFrequency::parse) else {
        // Shown again with what was ticked; nothing stored.
        let kept = deps.prefs.prefs(&person(&user)).await?;
        let errors = [ErrorMessage {
            id: "digest".into(),
            message: words().choose_digest.into(),
        }];
        let shown = CouncillorPrefs {
            every_late_case,
            lang: lang.or(kept.lang),
            ..kept
        };
        let mut page = form_page(&deps, &user, &csrf, &shown, false, &errors);
        *page.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(page);
    };
    deps.write_prefs
        .set_prefs(
            &person(&user),
            &CouncillorPrefs {
                digest,
                every_late_case,
                lang,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("{PATH}?saved=1")).into_response())
}
