//! English: the resident's sharing settings, the privacy notice and expired links.

use crate::copy::ConsentWords;

pub(crate) static CONSENT: ConsentWords = ConsentWords {
    link_expired_title: "This link has expired",
    link_expired: |what| format!("The link to {what} has expired or is not complete. Check you copied the whole link."),
    also_call: |phone| format!("You can also call {phone}."),
    sharing_what: "your report's sharing settings",
    sharing_again: "Use the link in the most recent email we sent you about your report.",
    sharing_title: "Sharing your report with your councillor",
    report_and_category: |reference, category| format!("Report {reference} ({category})."),
    nothing_to_share: "We no longer hold your details for this report, so there is nothing to share. The report itself is kept without them.",
    now_sharing_title: "You are sharing this report",
    now_sharing: "Your councillors can now see your details",
    stopped_title: "You have stopped sharing this report",
    stopped: "Your councillors can no longer see your details",
    report_in_ward: |reference, category, ward| format!("Report {reference}: {category} in {ward} ward."),
    not_sharing_heading: "You are not sharing your details",
    not_sharing: "Your ward councillors can see that this problem was reported, where roughly and how it is going, but not who reported it, your description or the exact location.",
    no_councillors: "The ward has no councillors at the moment, so there is no one to share it with.",
    if_you_share: |names| {
        format!(
            "If you share it, {names} can also see your name, contact details, description and the exact location, so they can follow it up for you."
        )
    },
    and: " and ",
    share_button: "Share my details with my councillors",
    sharing_heading: "You are sharing your details",
    these_councillors: "These councillors can see your name, contact details, description and the exact location of the problem:",
    if_you_stop: "If you stop sharing, they will see only what they see of every report in the ward: the type of problem, roughly where, and how it is going. This takes effect straight away.",
    stop_button: "Stop sharing my details",
    see_progress: "See the progress of this report",
    privacy_title: "Privacy notice",
    in_effect_from: |date| format!("In effect from {date}."),
    earlier_version: |date| format!("This is an earlier version, in effect from {date}."),
    read_current: "Read the current privacy notice",
    other_versions: "Other versions",
    version_of: |version| format!("Version of {version}"),
    warning: "Warning",
};
