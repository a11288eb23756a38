//! The weekly chart on a page: the shared SVG ([`shared::chart`], the same picture the digest
//! sends as a PNG) with its title and description, followed by the same data as a table
//! inside "Show the data" (GOV.UK and ONS chart guidance): nothing is only in the picture.

use maud::{Markup, html};
use shared::chart::{ChartText, Week, svg};

/// What the chart and its table say.
pub struct Chart<'a> {
    pub id: &'a str,
    pub text: ChartText<'a>,
    /// The table's first heading: what each row is.
    pub row_heading: &'a str,
    pub show_data: &'a str,
}

pub fn weekly_chart(chart: &Chart<'_>, weeks: &[Week]) -> Markup {
    let text = &chart.text;
    html! {
        figure class="wl-chart govuk-!-margin-0 govuk-!-margin-bottom-4" {
            (svg(chart.id, text, weeks))
            details class="govuk-details" {
                summary class="govuk-details__summary" { span class="govuk-details__summary-text" { (chart.show_data) } }
                div class="govuk-details__text" {
                    div class="wl-table-scroll" role="region" aria-label=(text.title) tabindex="0" {
                        table class="govuk-table" {
                            caption class="govuk-table__caption govuk-visually-hidden" { (text.title) }
                            thead class="govuk-table__head" {
                                tr class="govuk-table__row" {
                                    th scope="col" class="govuk-table__header" { (chart.row_heading) }
                                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { (text.new) }
                                    th scope="col" class="govuk-table__header govuk-table__header--numeric" { (text.completed) }
                                }
                            }
                            tbody class="govuk-table__body" {
                                @for w in weeks {
                                    tr class="govuk-table__row" {
                                        th scope="row" class="govuk-table__header" { (w.label) }
                                        td class="govuk-table__cell govuk-table__cell--numeric" { (w.new) }
                                        td class="govuk-table__cell govuk-table__cell--numeric" { (w.completed) }
                                    }
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
        let weeks = [
            Week {
                label: "2 Nov".into(),
                new: 3,
                completed: 1,
            },
            Week {
                label: "9 Nov".into(),
                new: 0,
                completed: 2,
            },
        ];
        let chart = Chart {
            id: "weekly",
            text: ChartText {
                title: "Reports and completions each week",
                description: "Reports received and cases completed in each of the last 2 weeks",
                new: "Reports received",
                completed: "Completed",
            },
            row_heading: "Week beginning",
            show_data: "Show the data",
        };
        let html = weekly_chart(&chart, &weeks).into_string();
        assert!(html.contains("<title id=\"weekly-title\">Reports and completions each week</title>"));
        assert!(html.contains("<desc id=\"weekly-desc\">"));
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("<th scope=\"row\" class=\"govuk-table__header\">2 Nov</th>"));
        assert!(html.contains("<td class=\"govuk-table__cell govuk-table__cell--numeric\">2</td>"));
    }
}
