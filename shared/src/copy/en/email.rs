//! English: the emails.

use crate::copy::EmailWords;

pub(crate) static EMAIL: EmailWords = EmailWords {
    dear: |name| format!("Dear {name},"),
    reference: "Reference",
    type_of_problem: "Type of problem",
    status: "Status",
    expected_by: "Expected by",
    ward: "Ward",
    email: "Email",
    telephone: "Telephone",
    location: "Location",
    description: "Description",
    reported_by: "Reported by",
    team: |team| format!("{team} team"),
    quote_reference: |reference| format!("Quote your reference, {reference}."),
    check_progress: "Check progress of your report",
    check_your_report: "Check your report",
    open_the_case: "Open the case",
    what_happens_next: "What happens next",
    contact: "Contact",
    note_from_the_council: "Note from the council",
    sharing_heading: "Your local councillor",
    sharing_body: "Choose whether your ward councillors may see your name, contact details and this report, or change your mind.",
    sharing_link: "Sharing with your councillor",

    ack_subject: |reference| format!("We have received your report: {reference}"),
    ack_thanks: |council| format!("Thank you for reporting a problem to {council}."),
    ack_reference_is: "Your reference is",
    ack_aim: |by| format!("We aim to deal with it by {by}. If it is going to take longer, we will email you."),

    update_subject: |reference, status| format!("Your report {reference} is now: {status}"),
    update_lead: |council| format!("There is news about the problem you reported to {council}."),

    done_subject: |reference, status| format!("Your report {reference} is done: {}", status.to_lowercase()),
    done_lead: |council| format!("We have finished dealing with the problem you reported to {council}."),
    done_rate_heading: "How did we do?",
    done_rate_prompt: "Choose a rating (1 is very poor, 5 is very good):",
    done_rating: |n| format!("{n} out of 5"),
    done_not_fixed_heading: "Is it not fixed?",
    done_not_fixed: |days| {
        format!("If the problem is still there, tell us within {days} days and we will reopen your report.")
    },
    done_not_fixed_link: "This is not fixed",

    late_subject: |reference| format!("Your report {reference} is taking longer than it should"),
    late_sorry: |council| {
        format!("We are sorry: the problem you reported to {council} has not been dealt with by the date we gave you.")
    },
    late_next: |team| {
        format!(
            "The {team} team and its manager have been told. They will deal with it as soon as they can, and we will email you when it is done."
        )
    },
    late_talk: |team| format!("If you need to talk to someone, contact the {team} team:"),

    data_subject: |council| format!("Your data held by {council}"),
    data_asked: |council| {
        format!(
            "Someone, we hope you, asked to see the data {council} holds about this email address from its reporting service."
        )
    },
    data_use: |minutes| {
        format!("Use this link to download a copy or to ask us to erase it. It works for {minutes} minutes:")
    },
    data_link: "Your data",
    data_ignore: "If you did not ask, you can ignore this email: nobody can see your data without the link.",

    staff_late_subject: |reference, category, ward| format!("Late: {reference} ({category}, {ward})"),
    staff_late_lead: |team| format!("A case in the {team} queue has passed its expected date."),
    escalation_subject: |reference, team| format!("Escalation: {reference} is late ({team} team)"),
    escalation_lead: |team| {
        format!("A case for the {team} team has passed its expected date. You are its escalation contact.")
    },

    sign_in_subject: |council| format!("Sign in to {council}"),
    sign_in_use: |minutes| format!("Use this link to sign in. It works once, for {minutes} minutes:"),
    sign_in_link: |council| format!("Sign in to {council}"),
    sign_in_ignore: "If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.",

    news_now_subject: |reference, status| format!("{reference} is now: {status}"),
    news_now_lead: |status| format!("A case you follow is now: {}.", status.to_lowercase()),
    news_done_subject: |reference, status| format!("{reference} is done: {status}"),
    news_done_lead: |status| format!("A case you follow is done: {}.", status.to_lowercase()),
    news_late_subject: |reference| format!("{reference} is late"),
    news_late_lead: "A case you follow has passed the date it should have been done by. The team and its manager have been told.",
    news_consented: "The resident agreed to share their details with you.",
    news_logged: "You logged this case.",
    digest_subject: |period| format!("Your ward: {period}"),
    digest_lead: |period| {
        format!(
            "How the council did in your ward in the {period}, against its service standards. Figures only: nothing here identifies a resident."
        )
    },
    digest_period: |monday| format!("week beginning {monday}"),
    digest_ward_heading: |ward| ward.to_owned(),
    digest_this_week: "This week",
    reopened_staff_subject: |reference, category| {
        format!("{reference} reopened: the resident says the {category} problem is not fixed")
    },
    reopened_staff_lead: |team| {
        format!(
            "A resident says a case the {team} team completed is not fixed. It is open again, with a new expected date."
        )
    },
    reopened_escalation_lead: |team| {
        format!(
            "For your information as the {team} team's escalation contact: a resident says a completed case is not fixed. It is open again."
        )
    },
    still_wrong: "What the resident says is still wrong",
    ack_what: "What you told us",
    ack_where: "Where",
    ack_map_point: "The point you marked on the map",
    ack_logged_by: |councillor| format!("{councillor} logged this report for you."),
    ack_aim_within: |days, by| {
        if days == 1 {
            format!(
                "We aim to deal with it within 1 working day, by {by}. If it is going to take longer, we will email you."
            )
        } else {
            format!(
                "We aim to deal with it within {days} working days, by {by}. If it is going to take longer, we will email you."
            )
        }
    },
    ack_shared: "You chose to share this report and your details with your local councillor(s).",
    ack_not_shared: "You chose not to share this report with your local councillor(s).",
    corrected_note: |category, ward| {
        format!(
            "We have corrected your report: it is now {category}, in {ward}. The expected date below is counted again from when you reported it."
        )
    },
    digest_day_lead: |day| {
        format!(
            "How the council did in your ward on {day}, against its service standards. Figures only: nothing here identifies a resident."
        )
    },
    digest_day_late_at_end: |n| format!("Late and still open at the end of the day: {n}"),
    digest_week_so_far: "This week so far",
    digest_day_went_late: "Cases that went late yesterday",
    digest_day_none_late: "No case in the ward went late yesterday.",
    digest_day_followed: "Cases you follow that changed yesterday",
    digest_four_weeks: "Last 4 weeks",
    digest_year: |year| format!("This financial year ({year})"),
    digest_col_period: "Period",
    digest_col_new: "Reports received",
    digest_col_completed: "Completed",
    digest_col_within: "Completed within the standard",
    digest_col_category: "Type of problem",
    digest_late_at_end: |n| format!("Late and still open at the end of the week: {n}"),
    digest_by_category: "By type of problem, this financial year",
    digest_chart_heading: "Reports received and completed each week",
    digest_chart_alt: |ward| {
        format!("Bar chart of reports received and cases completed in {ward} each week for 13 weeks")
    },
    digest_chart_week: |week, new, done| format!("week beginning {week}: {new} received, {done} completed"),
    digest_went_late: "Cases that went late this week",
    digest_none_late: "No case in the ward went late this week.",
    digest_more: |n| format!("and {n} more"),
    digest_followed: "Cases you follow that changed this week",
    digest_dashboard: "Open the ward's figures",
    digest_map: "See where problems were reported",
    digest_settings: "Choose how often you get this email",
    digest_why: "You get this email because you are a councillor for the ward.",
};
