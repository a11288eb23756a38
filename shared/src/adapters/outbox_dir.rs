//! Local mail: every email the local runner "sends" is written to a folder as a JSON file
//! (and the HTML beside it, with its pictures as files it points at, to open in a browser),
//! and listed at `/dev/mail.json`.

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
    /// The file name stem: `<id>.html` is the email as a page, `<id>-<n>.png` its pictures.
    #[serde(default)]
    pub id: String,
    /// The pictures the email carried inside it, as files in the folder.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<String>,
}

/// Whether `name` could be a file this mailer wrote (and nothing else: no paths).
pub fn is_mail_file(name: &str) -> bool {
    !name.starts_with('.')
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && (name.ends_with(".html") || name.ends_with(".png"))
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
        let write = |name: &str, bytes: &[u8]| {
            let tmp = self.dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, self.dir.join(name)))
        };
        // Each picture a file; the page version of the HTML points at them instead of `cid:`.
        let mut page = email.html.clone();
        let mut images = Vec::new();
        for (n, image) in email.inline.iter().enumerate() {
            let name = format!("{id}-{n}.png");
            write(&name, &image.bytes).map_err(|e| MailError::Unavailable(Box::new(e)))?;
            page = page.replace(&format!("cid:{}", image.cid), &name);
            images.push(name);
        }
        let mail = SentMail {
            to: email.to.clone(),
            subject: email.subject.clone(),
            text: email.text.clone(),
            html: email.html.clone(),
            sent_at,
            id: id.clone(),
            images,
        };
        let body = serde_json::to_vec_pretty(&mail).map_err(|e| MailError::Unavailable(Box::new(e)))?;
        write(&format!("{id}.html"), page.as_bytes()).map_err(|e| MailError::Unavailable(Box::new(e)))?;
        // The JSON last: its appearance is what marks the email as sent.
        write(&format!("{id}.json"), &body).map_err(|e| MailError::Unavailable(Box::new(e)))?;
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
