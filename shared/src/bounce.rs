//! What SES tells us about mail it could not deliver: bounces and complaints, published by
//! the configuration set through SNS to the `bounces` function. SES stops mailing such an
//! address for good (its suppression list) while the outbox says "sent", so each one must
//! reach someone who can act: a council mailbox raises an alarm, a resident's lands in their
//! case's history for the officers.
//!
//! Every email wardline sends is tagged with its audience, and a resident's with their
//! case's reference (`Notice::mail_tags`); that is how a bounce finds its
//! case without wardline keeping residents' addresses anywhere else.

use serde_json::Value;

use crate::config::Council;
use crate::domain::{CaseRef, CouncillorId, TeamId};

/// The tag naming who an email is for: `resident` or `staff`.
pub const AUDIENCE_TAG: &str = "audience";
/// The tag naming the case a resident's email is about.
pub const CASE_TAG: &str = "case";

/// Whose mailbox an address is, by the council's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mailbox {
    Team(TeamId),
    Escalation(TeamId),
    Officer(String),
    Councillor(CouncillorId),
    /// Not one of the council's: a resident's.
    Resident,
}

impl Mailbox {
    pub fn is_council(&self) -> bool {
        !matches!(self, Mailbox::Resident)
    }

    /// The kind, for logs and alarms.
    pub fn kind(&self) -> &'static str {
        match self {
            Mailbox::Team(_) => "team",
            Mailbox::Escalation(_) => "escalation",
            Mailbox::Officer(_) => "officer",
            Mailbox::Councillor(_) => "councillor",
            Mailbox::Resident => "resident",
        }
    }

    /// The team's, officer's or councillor's id in the configuration (never an address).
    pub fn id(&self) -> &str {
        match self {
            Mailbox::Team(t) | Mailbox::Escalation(t) => t.as_str(),
            Mailbox::Officer(o) => o,
            Mailbox::Councillor(c) => c.as_str(),
            Mailbox::Resident => "",
        }
    }
}

/// Whose `address` is (without regard to case): a team's, a team's escalation contact, an
/// officer's, a councillor's, or else a resident's.
pub fn mailbox(council: &Council, address: &str) -> Mailbox {
    let is = |a: &str| a.eq_ignore_ascii_case(address.trim());
    if let Some(t) = council.teams.iter().find(|t| is(&t.email)) {
        return Mailbox::Team(t.id.clone());
    }
    if let Some(t) = council.teams.iter().find(|t| is(&t.escalation_email)) {
        return Mailbox::Escalation(t.id.clone());
    }
    if let Some(o) = council.officers.iter().find(|o| is(&o.email)) {
        return Mailbox::Officer(o.id.clone());
    }
    if let Some(c) = council.councillors.iter().find(|c| is(&c.email)) {
        return Mailbox::Councillor(c.id.clone());
    }
    Mailbox::Resident
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trouble {
    /// SES will not try the address again (it does not exist, or it is suppressed).
    PermanentBounce,
    /// A full mailbox, a server down: SES tried for a while; the address may work later.
    TransientBounce,
    /// The recipient marked the email as spam.
    Complaint,
}

/// One event SES published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailEvent {
    pub trouble: Trouble,
    pub recipients: Vec<String>,
    /// From the message's tags.
    pub audience: Option<String>,
    pub case: Option<CaseRef>,
}

fn tag(mail: &Value, name: &str) -> Option<String> {
    mail["tags"][name][0].as_str().map(str::to_owned)
}

/// An SES event notification (the SNS message's text), if it is a bounce or a complaint;
/// `None` for other events and for anything unreadable.
pub fn parse_event(message: &str) -> Option<MailEvent> {
    let v: Value = serde_json::from_str(message).ok()?;
    // Event publishing says `eventType`; the identity's own notifications `notificationType`.
    let kind = v["eventType"].as_str().or(v["notificationType"].as_str())?;
    let (trouble, recipients) = match kind {
        "Bounce" => {
            let trouble = if v["bounce"]["bounceType"].as_str() == Some("Permanent") {
                Trouble::PermanentBounce
            } else {
                Trouble::TransientBounce
            };
            (trouble, &v["bounce"]["bouncedRecipients"])
        }
        "Complaint" => (Trouble::Complaint, &v["complaint"]["complainedRecipients"]),
        _ => return None,
    };
    let recipients = recipients
        .as_array()?
        .iter()
        .filter_map(|r| r["emailAddress"].as_str().map(str::to_owned))
        .collect();
    Some(MailEvent {
        trouble,
        recipients,
        audience: tag(&v["mail"], AUDIENCE_TAG),
        case: tag(&v["mail"], CASE_TAG).and_then(|r| CaseRef::parse(&r).ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As SES publishes a bounce through a configuration set (abridged).
    pub(crate) fn bounce(kind: &str, to: &str, case: Option<&str>) -> String {
        let mut tags = serde_json::json!({ "ses:configuration-set": ["wardline"], "audience": ["resident"] });
        if let Some(c) = case {
            tags["case"] = serde_json::json!([c]);
        }
        serde_json::json!({
            "eventType": "Bounce",
            "bounce": {
                "bounceType": kind, "bounceSubType": "General",
                "bouncedRecipients": [{ "emailAddress": to, "action": "failed", "status": "5.1.1" }],
                "timestamp": "2026-12-01T10:00:00.000Z", "feedbackId": "x"
            },
            "mail": { "timestamp": "2026-12-01T09:59:58.000Z", "source": "reports@ashworth.example", "tags": tags }
        })
        .to_string()
    }

    #[test]
    fn bounces_and_complaints_are_read_with_their_case_and_other_events_are_not() {
        let e = parse_event(&bounce("Permanent", "jo@example.com", Some("FK7M-3RTW"))).unwrap();
        assert_eq!(e.trouble, Trouble::PermanentBounce);
        assert_eq!(e.recipients, ["jo@example.com"]);
        assert_eq!(e.case.as_ref().map(CaseRef::as_str), Some("FK7M-3RTW"));
        assert_eq!(e.audience.as_deref(), Some("resident"));
        let t = parse_event(&bounce("Transient", "jo@example.com", None)).unwrap();
        assert_eq!((t.trouble, t.case), (Trouble::TransientBounce, None));
        let complaint = serde_json::json!({
            "eventType": "Complaint",
            "complaint": { "complainedRecipients": [{ "emailAddress": "kim@example.com" }] },
            "mail": { "tags": { "audience": ["resident"], "case": ["not a reference"] } }
        })
        .to_string();
        let c = parse_event(&complaint).unwrap();
        assert_eq!((c.trouble, c.case), (Trouble::Complaint, None), "a bad tag is no case");
        assert_eq!(parse_event(r#"{"eventType":"Delivery","mail":{}}"#), None);
        assert_eq!(parse_event("not json"), None);
        assert_eq!(parse_event(r#"{"eventType":"Bounce","bounce":{}}"#), None);
    }
}
