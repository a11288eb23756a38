//! Local mail: every email the local runner "sends" is written to a folder as a JSON file
//! (and the HTML beside it, to open in a browser), and listed at `/dev/mail.json`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::email::RenderedEmail;
use crate::ports::{Clock, MailError, Mailer};

/// One sent email as the local mail folder keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SentMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub sent_at: DateTime<Utc>,
}

pub struct DirMailer<C> {
    dir: PathBuf,
    clock: C,
    counter: AtomicU64,
}

impl<C: Clock> DirMailer<C> {
    pub fn new(dir: impl Into<PathBuf>, clock: C) -> std::io::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(DirMailer {
            dir,
            clock,
            counter: AtomicU64::new(0),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[async_trait]
impl<C: Clock> Mailer for DirMailer<C> {
    async fn send(&self, email: &RenderedEmail) -> Result<String, MailError> {
        let sent_at = self.clock.now();
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let id = format!("{}-{}-{n}", sent_at.format("%Y%m%dT%H%M%S%.6f"), std::process::id());
        let mail = SentMail {
            to: email.to.clone(),
            subject: email.subject.clone(),
            text: email.text.clone(),
            html: email.html.clone(),
            sent_at,
        };
        let body = serde_json::to_vec_pretty(&mail).map_err(|e| MailError::Unavailable(Box::new(e)))?;
        let write = |name: String, bytes: &[u8]| {
            let tmp = self.dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, self.dir.join(name)))
        };
        write(format!("{id}.html"), email.html.as_bytes()).map_err(|e| MailError::Unavailable(Box::new(e)))?;
        // The JSON last: its appearance is what marks the email as sent.
        write(format!("{id}.json"), &body).map_err(|e| MailError::Unavailable(Box::new(e)))?;
        Ok(id)
    }
}

/// Every email in the folder, oldest first. Unreadable files are skipped.
pub fn list(dir: &Path) -> Vec<SentMail> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    names
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .filter_map(|b| serde_json::from_slice(&b).ok())
        .collect()
}
