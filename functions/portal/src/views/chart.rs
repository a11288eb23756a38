//! Charts drawn on the server as SVG, each with a title, a description and the same data as
//! a table beside it (GOV.UK and ONS chart guidance): nothing is only in the picture.

use maud::{Markup, html};

/// One bar of a weekly chart: its label (the week) and its value.
pub struct Bar {
    pub label: String,
    pub value: i64,
}

const WIDTH: i64 = 640;
const HEIGHT: i64 = 200;
const AXIS: i64 = 24;

/// A bar chart of `bars` with a title and a description read by screen readers, followed
/// by the data as a table inside "Show the data".
pub struct Chart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    /// The table's headings: what each row is, and what its number counts.
    pub row_heading: &'a str,
    pub column: &'a str,
    pub show_data: &'a str,
}

pub fn bar_chart(chart: &Chart<'_>, bars: &[Bar]) -> Markup {
    let Chart {
        id,
        title,
        description,
        row_heading,
        column,
        show_data,
    } = *chart;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let slot = WIDTH / (bars.len().max(1) as i64);
    let bar_width = (slot * 3 / 4).max(1);
    html! {
        figure class="wl-chart govuk-!-margin-0 govuk-!-margin-bottom-4" {
            svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox={ "0 0 " (WIDTH) " " (HEIGHT + AXIS) }
                width="100%" aria-labelledby={ (id) "-title " (id) "-desc" } {
                title id={ (id) "-title" } { (title) }
                desc id={ (id) "-desc" } { (description) }
                line x1="0" y1=(HEIGHT) x2=(WIDTH) y2=(HEIGHT) stroke="#0b0c0c" stroke-width="1" {}
                @for (i, bar) in bars.iter().enumerate() {
                    @let h = bar.value * (HEIGHT - 16) / max;
                    @let x = i as i64 * slot + (slot - bar_width) / 2;
                    rect x=(x) y=(HEIGHT - h) width=(bar_width) height=(h) fill="#1d70b8" {
                        title { (bar.label) ": " (bar.value) }
                    }
                    text x=(x + bar_width / 2) y=(HEIGHT - h - 4) font-size="12" text-anchor="middle" fill="#0b0c0c" { (bar.value) }
                }
            }
            details class="govuk-details" {
                summary class="govuk-details__summary" { span class="govuk-details__summary-text" { (show_data) } }
                div class="govuk-details__text" {
                    table class="govuk-table" {
                        caption class="govuk-table__caption govuk-visually-hidden" { (title) }
                        thead class="govuk-table__head" {
                            tr class="govuk-table__row" {
                                th scope="col" class="govuk-table__header" { (row_heading) }
                                th scope="col" class="govuk-table__header govuk-table__header--numeric" { (column) }
                            }
                        }
                        tbody class="govuk-table__body" {
                            @for bar in bars {
                                tr class="govuk-table__row" {
                                    th scope="row" class="govuk-table__header" { (bar.label) }
                                    td class="govuk-table__cell govuk-table__cell--numeric" { (bar.value) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_has_a_title_a_description_and_its_data_as_a_table() {
        let bars = [
            Bar {
                label: "Week of 2 November 2026".into(),
                value: 3,
            },
            Bar {
                label: "Week of 9 November 2026".into(),
                value: 0,
            },
        ];
        let chart = Chart {
            id: "new",
            title: "Reports each week",
            description: "Reports received in each of the last 2 weeks",
            row_heading: "Week",
            column: "Reports",
            show_data: "Show the data",
        };
        let html = bar_chart(&chart, &bars).into_string();
        assert!(html.contains("<title id=\"new-title\">Reports each week</title>"));
        assert!(html.contains("<desc id=\"new-desc\">"));
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("<th scope=\"row\" class=\"govuk-table__header\">Week of 2 November 2026</th>"));
        assert_eq!(html.matches("<rect").count(), 2);
    }
}
