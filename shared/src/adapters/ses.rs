//! Production mail: Amazon SES (v1 API), with the configuration set that records bounces
//! and complaints.

use async_trait::async_trait;
use aws_sdk_ses::Client;
use aws_sdk_ses::operation::send_email::SendEmailError;
use aws_sdk_ses::types::{Body, Content, Destination, Message};

use crate::email::RenderedEmail;
use crate::ports::{MailError, Mailer};

/// The IAM actions each port's methods need (see `dynamodb::IAM_ACTIONS`).
pub const IAM_ACTIONS: &[(&str, &[&str])] = &[("Mailer", &["ses:SendEmail", "ses:SendRawEmail"])];

pub struct SesMailer {
    client: Client,
    sender: String,
    configuration_set: Option<String>,
}

impl SesMailer {
    pub fn new(client: Client, sender: impl Into<String>, configuration_set: Option<String>) -> Self {
        SesMailer {
            client,
            sender: sender.into(),
            configuration_set,
        }
    }
}

/// The email's tags as SES carries them into bounce and complaint events.
fn message_tags(email: &RenderedEmail) -> Result<Vec<aws_sdk_ses::types::MessageTag>, MailError> {
    email
        .tags
        .iter()
        .map(|(name, value)| {
            aws_sdk_ses::types::MessageTag::builder()
                .name(*name)
                .value(value)
                .build()
                .map_err(|e| MailError::Rejected(e.to_string()))
        })
        .collect()
}

fn utf8(text: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(text)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Rejected(e.to_string()))
}

/// Base64 in lines of 76, as MIME wants it.
fn base64_lines(bytes: &[u8]) -> String {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    encoded
        .as_bytes()
        .chunks(76)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// A header value as an RFC 2047 encoded word (subjects may hold any UTF-8).
fn encoded_word(text: &str) -> String {
    use base64::Engine;
    format!(
        "=?UTF-8?B?{}?=",
        base64::engine::general_purpose::STANDARD.encode(text.as_bytes())
    )
}

/// The raw MIME message for an email with pictures inside: `multipart/alternative` of the
/// plain text and a `multipart/related` of the HTML and each picture, which the HTML
/// references by `cid:`.
pub fn raw_message(from: &str, email: &RenderedEmail) -> Result<String, MailError> {
    // Addresses and Content-IDs go in headers: no line breaks may reach them.
    let header_safe = |v: &str| !v.contains(['\r', '\n']);
    if !header_safe(from) || !header_safe(&email.to) || email.inline.iter().any(|i| !header_safe(&i.cid)) {
        return Err(MailError::Rejected("a header value holds a line break".into()));
    }
    let boundary = |kind: &str| format!("=_wardline_{kind}_{:016x}", rand::random::<u64>());
    let (alt, rel) = (boundary("alt"), boundary("rel"));
    let mut m = String::new();
    m.push_str(&format!("From: {from}\r\nTo: {}\r\n", email.to));
    m.push_str(&format!("Subject: {}\r\n", encoded_word(&email.subject)));
    m.push_str("MIME-Version: 1.0\r\n");
    m.push_str(&format!(
        "Content-Type: multipart/alternative; boundary=\"{alt}\"\r\n\r\n"
    ));
    m.push_str(&format!(
        "--{alt}\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    ));
    m.push_str(&base64_lines(email.text.as_bytes()));
    m.push_str(&format!(
        "\r\n--{alt}\r\nContent-Type: multipart/related; boundary=\"{rel}\"\r\n\r\n"
    ));
    m.push_str(&format!(
        "--{rel}\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    ));
    m.push_str(&base64_lines(email.html.as_bytes()));
    for (i, image) in email.inline.iter().enumerate() {
        m.push_str(&format!(
            "\r\n--{rel}\r\nContent-Type: {}\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <{}>\r\nContent-Disposition: inline; filename=\"image-{}.png\"\r\n\r\n",
            image.content_type,
            image.cid,
            i + 1
        ));
        m.push_str(&base64_lines(&image.bytes));
    }
    m.push_str(&format!("\r\n--{rel}--\r\n--{alt}--\r\n"));
    Ok(m)
}

/// Why SES refused a message. An identity not (yet) verified is a matter of time on a
/// first deploy (DNS records propagating, the account leaving the sandbox): retried through
/// the notifier's backoff (about nine hours), then dead-lettered for a re-drive. Anything
/// else it refuses (a malformed address, a message it will not carry) retrying cannot help.
fn rejected(message: Option<&str>) -> MailError {
    let message = message.unwrap_or("message rejected");
    if message.to_ascii_lowercase().contains("not verified") {
        // Not SES's own words: they name the addresses, and this error is logged.
        MailError::Unavailable(
            "SES: an address is not verified yet (the sender's domain, or a recipient while the account is in the SES sandbox)"
                .into(),
        )
    } else {
        MailError::Rejected(message.to_owned())
    }
}

fn not_verified_yet() -> MailError {
    MailError::Unavailable("SES: the custom MAIL FROM domain is not verified yet".into())
}

impl SesMailer {
    /// An email with pictures inside goes as a raw MIME message (`SendRawEmail`).
    async fn send_raw(&self, email: &RenderedEmail) -> Result<String, MailError> {
        use aws_sdk_ses::operation::send_raw_email::SendRawEmailError;
        use aws_sdk_ses::primitives::Blob;
        use aws_sdk_ses::types::RawMessage;
        let raw = raw_message(&self.sender, email)?;
        let message = RawMessage::builder()
            .data(Blob::new(raw.into_bytes()))
            .build()
            .map_err(|e| MailError::Rejected(e.to_string()))?;
        let result = self
            .client
            .send_raw_email()
            .source(&self.sender)
            .destinations(&email.to)
            .raw_message(message)
            .set_tags(Some(message_tags(email)?))
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.message_id),
            Err(e) => Err(match e.as_service_error() {
                Some(SendRawEmailError::MessageRejected(r)) => rejected(r.message()),
                Some(SendRawEmailError::MailFromDomainNotVerifiedException(_)) => not_verified_yet(),
                _ => MailError::Unavailable(Box::new(e)),
            }),
        }
    }
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &RenderedEmail) -> Result<String, MailError> {
        if !email.inline.is_empty() {
            return self.send_raw(email).await;
        }
        let message = Message::builder()
            .subject(utf8(&email.subject)?)
            .body(
                Body::builder()
                    .text(utf8(&email.text)?)
                    .html(utf8(&email.html)?)
                    .build(),
            )
            .build();
        let result = self
            .client
            .send_email()
            .source(&self.sender)
            .destination(Destination::builder().to_addresses(&email.to).build())
            .message(message)
            .set_tags(Some(message_tags(email)?))
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.message_id),
            Err(e) => Err(match e.as_service_error() {
                Some(SendEmailError::MessageRejected(r)) => rejected(r.message()),
                Some(SendEmailError::MailFromDomainNotVerifiedException(_)) => not_verified_yet(),
                // Throttling, a paused account or set, the network: try again later.
                _ => MailError::Unavailable(Box::new(e)),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_identity_not_yet_verified_is_retried_and_names_nobody_other_refusals_are_final() {
        let unverified = rejected(Some(
            "Email address is not verified. The following identities failed the check in region EU-WEST-2: reports@ashworth.gov.uk, jo@example.com",
        ));
        match unverified {
            MailError::Unavailable(cause) => assert!(!cause.to_string().contains('@'), "no address in what is logged"),
            other => panic!("retried, not {other:?}"),
        }
        assert!(matches!(not_verified_yet(), MailError::Unavailable(_)));
        assert!(matches!(rejected(Some("Illegal address")), MailError::Rejected(_)));
        assert!(matches!(rejected(None), MailError::Rejected(_)));
    }
}
