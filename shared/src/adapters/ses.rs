//! Production mail: Amazon SES (v1 API), with the configuration set that records bounces
//! and complaints.

use async_trait::async_trait;
use aws_sdk_ses::Client;
use aws_sdk_ses::operation::send_email::SendEmailError;
use aws_sdk_ses::types::{Body, Content, Destination, Message};

use crate::email::RenderedEmail;
use crate::ports::{MailError, Mailer};

/// The IAM actions each port's methods need (see `dynamodb::IAM_ACTIONS`).
pub const IAM_ACTIONS: &[(&str, &[&str])] = &[("Mailer", &["ses:SendEmail"])];

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

fn utf8(text: &str) -> Result<Content, MailError> {
    Content::builder()
        .data(text)
        .charset("UTF-8")
        .build()
        .map_err(|e| MailError::Rejected(e.to_string()))
}

#[async_trait]
impl Mailer for SesMailer {
    async fn send(&self, email: &RenderedEmail) -> Result<String, MailError> {
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
            .set_configuration_set_name(self.configuration_set.clone())
            .send()
            .await;
        match result {
            Ok(out) => Ok(out.message_id),
            Err(e) => Err(match e.as_service_error() {
                // Retrying these cannot help: the address or the message itself is refused.
                Some(SendEmailError::MessageRejected(r)) => {
                    MailError::Rejected(r.message().unwrap_or("message rejected").to_owned())
                }
                Some(SendEmailError::MailFromDomainNotVerifiedException(_)) => {
                    MailError::Rejected("mail-from domain not verified".into())
                }
                // Throttling, a paused account or set, the network: try again later.
                _ => MailError::Unavailable(Box::new(e)),
            }),
        }
    }
}
