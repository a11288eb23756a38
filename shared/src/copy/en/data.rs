//! English: "your data" — asking for the link, what is held, downloads and erasure.

use crate::copy::DataWords;

pub(crate) static DATA: DataWords = DataWords {
    ask_title: "Get or erase the information we hold about you",
    ask_lead: "You can download everything we hold about you from the problems you have reported, and ask us to remove your personal details.",
    ask_how: |minutes| {
        format!(
            "Give the email address you used. If we hold anything for it, we will email a link to that address. The link works for {minutes} minutes."
        )
    },
    email_label: "Email address",
    ask_button: "Email me a link",
    how_we_use: "How we use your information",
    too_many_title: "Too many requests",
    too_many: "You have asked for this link too many times in the last hour. Use the most recent email we sent you, or try again later.",
    check_title: "Check your email",
    check_sent: |email, minutes| {
        format!("If we hold anything for {email}, we have emailed a link to it. The link works for {minutes} minutes.")
    },
    check_spam: "If no email arrives, check the address is the one you used to report the problem, and look in your spam folder.",
    link_what: "your information",
    link_again: "Ask for a new link: it works for an hour.",
    link_new: "Ask for a new link",
    held_title: "The information we hold about you",
    nothing_held: "We no longer hold any personal details for this email address.",
    reported_count: |n| {
        if n == 1 {
            "You have reported 1 problem with this email address.".to_owned()
        } else {
            format!("You have reported {n} problems with this email address.")
        }
    },
    your_reports: "Your reports",
    col_reference: "Reference",
    col_problem: "Problem",
    col_reported: "Reported",
    col_status: "Status",
    col_shared: "Shared with your councillor",
    yes: "Yes",
    no: "No",
    download_heading: "Download a copy",
    download_what: "Everything we hold: your details, your descriptions, each report's history, your choices about sharing, and who in the council has been shown your details.",
    download_json: "Download as JSON",
    download_csv: "Download as a spreadsheet (CSV)",
    erase_heading: "Erase your personal details",
    erase_what: "We will remove your name, email address, phone number, your descriptions and comments, the exact locations and your sharing choices from all these reports. We keep the reports themselves without them, for our statistics.",
    erase_open: "If a report is still open, we remove your name and contact details at once, but keep its description and location until the work is done, because the team needs them to do it; then we remove them too. We will not be able to contact you about it.",
    erase_warning: "This cannot be undone. We will not be able to contact you about these reports, including any still open.",
    erase_confirm: "I understand: erase my personal details from all my reports",
    erase_confirm_missing: "Tick the box to confirm you want your personal details erased",
    erase_button: "Erase my personal details",
    erased_title: "Your personal details have been erased",
    erased_count: |n| {
        if n == 1 {
            "We have erased your personal details from 1 report.".to_owned()
        } else {
            format!("We have erased your personal details from {n} reports.")
        }
    },
    erased_open: |n| {
        let verb = if n == 1 { "is" } else { "are" };
        format!(
            "{n} of them {verb} still open: we have removed your name and contact details, and keep the description and location only until the work is done, then remove them too."
        )
    },
    erased_kept: "We keep the reports themselves, without anything that identifies you, for our statistics. We will not email you about them again.",
    report_another: "Report another problem",
};
