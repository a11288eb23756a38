//! GOV.UK Frontend components as functions returning `Markup`.
//!
//! Each follows the Design System's markup: errors are linked from the summary by id, carry a
//! visually hidden "Error:" prefix, and set `aria-describedby` on the control.

use maud::{Markup, html};

use super::lang::current;

/// A message attached to a form control, linked from the error summary by `#id`.
#[derive(Debug, Clone)]
pub struct ErrorMessage {
    pub id: String,
    pub message: String,
}

pub fn error_summary(errors: &[ErrorMessage]) -> Markup {
    html! {
        @if !errors.is_empty() {
            div class="govuk-error-summary" data-module="govuk-error-summary" {
                div role="alert" {
                    h2 class="govuk-error-summary__title" { (current().words().error_summary_title) }
                    div class="govuk-error-summary__body" {
                        ul class="govuk-list govuk-error-summary__list" {
                            @for e in errors {
                                li { a href={ "#" (e.id) } { (e.message) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn error_message(id: &str, message: Option<&str>) -> Markup {
    html! {
        @if let Some(m) = message {
            p id={ (id) "-error" } class="govuk-error-message" {
                span class="govuk-visually-hidden" { (current().words().error_prefix) " " }
                (m)
            }
        }
    }
}

fn described_by(id: &str, hint: bool, error: bool) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if error {
        ids.push(format!("{id}-error"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A text input. `kind` is the input type; `autocomplete` helps phones fill it in.
pub struct TextInput<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub value: &'a str,
    pub error: Option<&'a str>,
    pub kind: &'a str,
    pub autocomplete: Option<&'a str>,
    pub width_class: Option<&'a str>,
    pub spellcheck: Option<bool>,
}

impl<'a> TextInput<'a> {
    pub fn new(name: &'a str, label: &'a str) -> Self {
        TextInput {
            name,
            label,
            hint: None,
            value: "",
            error: None,
            kind: "text",
            autocomplete: None,
            width_class: None,
            spellcheck: None,
        }
    }
}

pub fn text_input(t: &TextInput<'_>) -> Markup {
    let class = match t.width_class {
        Some(w) => format!(
            "govuk-input {w}{}",
            if t.error.is_some() { " govuk-input--error" } else { "" }
        ),
        None => format!(
            "govuk-input{}",
            if t.error.is_some() { " govuk-input--error" } else { "" }
        ),
    };
    html! {
        div class={ "govuk-form-group" @if t.error.is_some() { " govuk-form-group--error" } } {
            label class="govuk-label govuk-label--s" for=(t.name) { (t.label) }
            @if let Some(h) = t.hint { div id={ (t.name) "-hint" } class="govuk-hint" { (h) } }
            (error_message(t.name, t.error))
            input class=(class) id=(t.name) name=(t.name) type=(t.kind) value=(t.value)
                autocomplete=[t.autocomplete]
                spellcheck=[t.spellcheck.map(|s| if s { "true" } else { "false" })]
                aria-describedby=[described_by(t.name, t.hint.is_some(), t.error.is_some())];
        }
    }
}

pub fn textarea(name: &str, label: &str, hint: Option<&str>, value: &str, error: Option<&str>, rows: u8) -> Markup {
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            h2 class="govuk-label-wrapper" {
                label class="govuk-label govuk-label--m" for=(name) { (label) }
            }
            @if let Some(h) = hint { div id={ (name) "-hint" } class="govuk-hint" { (h) } }
            (error_message(name, error))
            textarea class={ "govuk-textarea" @if error.is_some() { " govuk-textarea--error" } } id=(name) name=(name) rows=(rows)
                aria-describedby=[described_by(name, hint.is_some(), error.is_some())] { (value) }
        }
    }
}

/// A textarea with GOV.UK's character count: `info` ("You can enter up to 2,000
/// characters") is read without JavaScript too; with it, the count updates as they type.
pub struct CharacterCount<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub value: &'a str,
    pub error: Option<&'a str>,
    pub rows: u8,
    pub max: usize,
    pub info: &'a str,
}

pub fn character_count(c: &CharacterCount<'_>) -> Markup {
    let name = c.name;
    let described = match described_by(name, c.hint.is_some(), c.error.is_some()) {
        Some(others) => format!("{name}-info {others}"),
        None => format!("{name}-info"),
    };
    html! {
        div class={ "govuk-form-group govuk-character-count" @if c.error.is_some() { " govuk-form-group--error" } }
            data-module="govuk-character-count" data-maxlength=(c.max) {
            h2 class="govuk-label-wrapper" {
                label class="govuk-label govuk-label--m" for=(name) { (c.label) }
            }
            @if let Some(h) = c.hint { div id={ (name) "-hint" } class="govuk-hint" { (h) } }
            (error_message(name, c.error))
            textarea class={ "govuk-textarea govuk-js-character-count" @if c.error.is_some() { " govuk-textarea--error" } }
                id=(name) name=(name) rows=(c.rows) aria-describedby=(described) { (c.value) }
            div id={ (name) "-info" } class="govuk-hint govuk-character-count__message" { (c.info) }
        }
    }
}

pub struct SelectOption<'a> {
    pub value: &'a str,
    pub text: &'a str,
}

impl<'a> From<&'a crate::domain::Ward> for SelectOption<'a> {
    fn from(w: &'a crate::domain::Ward) -> Self {
        SelectOption {
            value: w.id.as_str(),
            text: w.name.get(current()),
        }
    }
}

impl<'a> From<&'a crate::domain::Category> for SelectOption<'a> {
    fn from(c: &'a crate::domain::Category) -> Self {
        SelectOption {
            value: c.id.as_str(),
            text: c.name.get(current()),
        }
    }
}

impl<'a> From<&'a crate::domain::Team> for SelectOption<'a> {
    fn from(t: &'a crate::domain::Team) -> Self {
        SelectOption {
            value: t.id.as_str(),
            text: t.name.get(current()),
        }
    }
}

impl From<&crate::domain::Status> for SelectOption<'static> {
    fn from(s: &crate::domain::Status) -> Self {
        SelectOption {
            value: s.as_str(),
            text: current().words().status(*s),
        }
    }
}

pub fn select(
    name: &str,
    label: &str,
    hint: Option<&str>,
    placeholder: &str,
    options: &[SelectOption<'_>],
    selected: &str,
    error: Option<&str>,
) -> Markup {
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            label class="govuk-label govuk-label--s" for=(name) { (label) }
            @if let Some(h) = hint { div id={ (name) "-hint" } class="govuk-hint" { (h) } }
            (error_message(name, error))
            select class={ "govuk-select" @if error.is_some() { " govuk-select--error" } } id=(name) name=(name)
                aria-describedby=[described_by(name, hint.is_some(), error.is_some())] {
                option value="" { (placeholder) }
                @for o in options {
                    option value=(o.value) selected[o.value == selected] { (o.text) }
                }
            }
        }
    }
}

pub struct RadioItem<'a> {
    pub value: &'a str,
    pub text: &'a str,
    pub hint: Option<&'a str>,
    /// Shown under the radio when it is chosen (and always, without JavaScript).
    pub conditional: Option<Markup>,
}

/// A set of radios in a fieldset. The first radio takes the group's id, so the error
/// summary's link lands on it.
pub fn radios(
    name: &str,
    legend: &str,
    legend_class: &str,
    hint: Option<&str>,
    items: &[RadioItem<'_>],
    selected: &str,
    error: Option<&str>,
) -> Markup {
    html! {
        div class={ "govuk-form-group" @if error.is_some() { " govuk-form-group--error" } } {
            fieldset class="govuk-fieldset" aria-describedby=[described_by(name, hint.is_some(), error.is_some())] {
                legend class={ "govuk-fieldset__legend " (legend_class) } {
                    h2 class="govuk-fieldset__heading" { (legend) }
                }
                @if let Some(h) = hint { div id={ (name) "-hint" } class="govuk-hint" { (h) } }
                (error_message(name, error))
                div class="govuk-radios" data-module="govuk-radios" {
                    @for (i, item) in items.iter().enumerate() {
                        @let id = if i == 0 { name.to_owned() } else { format!("{name}-{}", i + 1) };
                        div class="govuk-radios__item" {
                            input class="govuk-radios__input" id=(id) name=(name) type="radio" value=(item.value)
                                checked[item.value == selected]
                                aria-describedby=[item.hint.map(|_| format!("{id}-item-hint"))]
                                data-aria-controls=[item.conditional.as_ref().map(|_| format!("conditional-{id}"))];
                            label class="govuk-label govuk-radios__label" for=(id) { (item.text) }
                            @if let Some(h) = item.hint {
                                div id={ (id) "-item-hint" } class="govuk-hint govuk-radios__hint" { (h) }
                            }
                        }
                        @if let Some(c) = &item.conditional {
                            div class="govuk-radios__conditional" id={ "conditional-" (id) } { (c) }
                        }
                    }
                }
            }
        }
    }
}

pub fn panel(title: &str, body: Markup) -> Markup {
    html! {
        div class="govuk-panel govuk-panel--confirmation" {
            h1 class="govuk-panel__title" { (title) }
            div class="govuk-panel__body" { (body) }
        }
    }
}

pub fn summary_list(rows: &[(&str, Markup)]) -> Markup {
    html! {
        dl class="govuk-summary-list" {
            @for (key, value) in rows {
                div class="govuk-summary-list__row" {
                    dt class="govuk-summary-list__key" { (key) }
                    dd class="govuk-summary-list__value" { (value) }
                }
            }
        }
    }
}

/// A status as a coloured tag: blue while open, green when done, grey otherwise.
pub fn status_tag(status: crate::domain::Status) -> Markup {
    use crate::domain::Status::*;
    let colour = match status {
        Open => "govuk-tag--blue",
        Investigating | InProgress | ActionScheduled => "govuk-tag--light-blue",
        OnHold => "govuk-tag--yellow",
        Fixed | Closed => "govuk-tag--green",
        Duplicate | NotCouncilsResponsibility | NoFurtherAction => "govuk-tag--grey",
    };
    html! { strong class={ "govuk-tag " (colour) } { (current().words().status(status)) } }
}
