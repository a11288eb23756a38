//! Photos in the private attachments bucket: `photos/<reference>/<id>-<size>.jpg`. The
//! bucket blocks public access and encrypts with the data key; objects are only ever read
//! through the functions, after the same checks as the case.

use async_trait::async_trait;
use aws_sdk_s3::Client;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{Delete, ObjectIdentifier};

use crate::domain::CaseRef;
use crate::ports::{PhotoEraser, PhotoReader, PhotoSize, PhotoWriter, StoreError, is_photo_id};

/// The IAM actions each port's methods need (see `dynamodb::IAM_ACTIONS`); the agreement
/// test holds the template's roles to them.
pub const IAM_ACTIONS: &[(&str, &[&str])] = &[
    // A report that fails after its photos were put takes them back.
    ("PhotoWriter", &["s3:PutObject", "s3:DeleteObject"]),
    ("PhotoReader", &["s3:GetObject"]),
    // A browser's upload is authorised as the signer's PutObject; taken, it is read and
    // removed.
    ("PhotoUploads", &["s3:PutObject", "s3:GetObject", "s3:DeleteObject"]),
    // Listing a case's prefix needs ListBucket (and its versions ListBucketVersions);
    // DeleteObjects is authorised as DeleteObject, and with a version as DeleteObjectVersion.
    (
        "PhotoEraser",
        &[
            "s3:ListBucket",
            "s3:ListBucketVersions",
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
        ],
    ),
];

#[derive(Clone)]
pub struct S3Photos {
    client: Client,
    bucket: String,
    /// Where browsers post uploads: the bucket's own address.
    upload_url: String,
    /// What signs browsers' upload forms (the function's own credentials) and where.
    signing: Option<(aws_sdk_s3::config::SharedCredentialsProvider, String)>,
}

impl S3Photos {
    pub fn new(client: Client, bucket: impl Into<String>) -> S3Photos {
        let bucket = bucket.into();
        let region = client.config().region().map_or("eu-west-2", |r| r.as_ref()).to_owned();
        S3Photos {
            upload_url: format!("https://{bucket}.s3.{region}.amazonaws.com/"),
            client,
            bucket,
            signing: None,
        }
    }

    /// Signs browsers' upload forms with `credentials` for `region` (from the function's
    /// AWS configuration).
    pub fn with_signing(
        mut self,
        credentials: aws_sdk_s3::config::SharedCredentialsProvider,
        region: impl Into<String>,
    ) -> S3Photos {
        self.signing = Some((credentials, region.into()));
        self
    }

    /// Browsers post uploads to `url` instead (a test's S3 endpoint, path style).
    pub fn with_upload_url(mut self, url: impl Into<String>) -> S3Photos {
        self.upload_url = url.into();
        self
    }

    /// The origin browsers post uploads to, for the pages' `connect-src`.
    pub fn upload_origin(&self) -> String {
        let rest = self.upload_url.split("://").nth(1).unwrap_or_default();
        let host = rest.split('/').next().unwrap_or_default();
        format!("https://{host}")
    }
}

fn prefix(case: &CaseRef) -> String {
    format!("photos/{case}/")
}

fn key(case: &CaseRef, id: &str, size: PhotoSize) -> String {
    format!("{}{id}-{}.jpg", prefix(case), size.as_str())
}

fn unavailable(e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::unavailable(e)
}

#[async_trait]
impl PhotoWriter for S3Photos {
    async fn put_photo(&self, case: &CaseRef, id: &str, size: PhotoSize, jpeg: &[u8]) -> Result<(), StoreError> {
        if !is_photo_id(id) {
            return Err(StoreError::Corrupt(format!("{id:?} is not a photo id")));
        }
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(key(case, id, size))
            .content_type("image/jpeg")
            .body(ByteStream::from(jpeg.to_vec()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    async fn remove_photo(&self, case: &CaseRef, id: &str) -> Result<(), StoreError> {
        if !is_photo_id(id) {
            return Err(StoreError::Corrupt(format!("{id:?} is not a photo id")));
        }
        for size in [PhotoSize::Full, PhotoSize::Thumbnail] {
            self.client
                .delete_object()
                .bucket(&self.bucket)
                .key(key(case, id, size))
                .send()
                .await
                .map_err(unavailable)?;
        }
        Ok(())
    }
}

#[async_trait]
impl PhotoReader for S3Photos {
    async fn photo(&self, case: &CaseRef, id: &str, size: PhotoSize) -> Result<Option<Vec<u8>>, StoreError> {
        if !is_photo_id(id) {
            return Ok(None);
        }
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(key(case, id, size))
            .send()
            .await;
        match out {
            Ok(o) => Ok(Some(o.body.collect().await.map_err(unavailable)?.into_bytes().to_vec())),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => Ok(None),
            Err(e) => Err(unavailable(e)),
        }
    }
}

impl S3Photos {
    /// Every key under the case's prefix.
    async fn keys(&self, case: &CaseRef) -> Result<Vec<String>, StoreError> {
        let mut keys = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(prefix(case))
                .set_continuation_token(token)
                .send()
                .await
                .map_err(unavailable)?;
            keys.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
            match page.next_continuation_token() {
                Some(t) => token = Some(t.to_owned()),
                None => break,
            }
        }
        Ok(keys)
    }
}

#[async_trait]
impl PhotoEraser for S3Photos {
    async fn photo_ids(&self, case: &CaseRef) -> Result<Vec<String>, StoreError> {
        let start = prefix(case);
        let mut ids: Vec<String> = self
            .keys(case)
            .await?
            .iter()
            .filter_map(|k| k.strip_prefix(&start)?.strip_suffix("-full.jpg").map(str::to_owned))
            .filter(|id| is_photo_id(id))
            .collect();
        ids.sort();
        Ok(ids)
    }

    async fn erase_photos(&self, case: &CaseRef) -> Result<usize, StoreError> {
        // Every version of every file (and any delete marker): a bucket that was ever
        // versioned keeps old versions, and erasure must leave nothing.
        let mut versions: Vec<(String, Option<String>)> = Vec::new();
        let (mut key_marker, mut version_marker) = (None, None);
        loop {
            let page = self
                .client
                .list_object_versions()
                .bucket(&self.bucket)
                .prefix(prefix(case))
                .set_key_marker(key_marker)
                .set_version_id_marker(version_marker)
                .send()
                .await
                .map_err(unavailable)?;
            versions.extend(
                page.versions()
                    .iter()
                    .filter_map(|v| Some((v.key()?.to_owned(), v.version_id().map(str::to_owned))))
                    .chain(
                        page.delete_markers()
                            .iter()
                            .filter_map(|m| Some((m.key()?.to_owned(), m.version_id().map(str::to_owned)))),
                    ),
            );
            if page.is_truncated() != Some(true) {
                break;
            }
            key_marker = page.next_key_marker().map(str::to_owned);
            version_marker = page.next_version_id_marker().map(str::to_owned);
        }
        let files = versions
            .iter()
            .map(|(k, _)| k)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        // At most 1,000 a request; a case has at most six files.
        for chunk in versions.chunks(1000) {
            let objects = chunk
                .iter()
                .map(|(k, v)| {
                    ObjectIdentifier::builder()
                        .key(k)
                        .set_version_id(v.clone().filter(|v| v != "null"))
                        .build()
                        .map_err(unavailable)
                })
                .collect::<Result<Vec<_>, _>>()?;
            let out = self
                .client
                .delete_objects()
                .bucket(&self.bucket)
                .delete(
                    Delete::builder()
                        .set_objects(Some(objects))
                        .quiet(true)
                        .build()
                        .map_err(unavailable)?,
                )
                .send()
                .await
                .map_err(unavailable)?;
            if !out.errors().is_empty() {
                return Err(StoreError::Corrupt(format!(
                    "{} photo files of {case} could not be deleted",
                    out.errors().len()
                )));
            }
        }
        Ok(files)
    }
}

/// Uploads wait under `uploads/<id>` (a lifecycle rule removes what is never taken).
fn upload_key(id: &str) -> String {
    format!("uploads/{id}")
}

/// An S3 POST policy, signed with Signature Version 4: the form fields a browser sends with
/// the file. The policy allows exactly one key, image types and a size range.
pub fn post_policy_fields(
    bucket: &str,
    key: &str,
    max_bytes: usize,
    credentials: &aws_sdk_s3::config::Credentials,
    region: &str,
    now: chrono::DateTime<chrono::Utc>,
    expires: chrono::DateTime<chrono::Utc>,
) -> Vec<(String, String)> {
    use base64::Engine;
    let date = now.format("%Y%m%d").to_string();
    let amz_date = now.format("%Y%m%dT%H%M%SZ").to_string();
    let credential = format!("{}/{date}/{region}/s3/aws4_request", credentials.access_key_id());
    let mut conditions = vec![
        serde_json::json!({ "bucket": bucket }),
        serde_json::json!({ "key": key }),
        serde_json::json!(["content-length-range", 1, max_bytes]),
        serde_json::json!(["starts-with", "$Content-Type", "image/"]),
        serde_json::json!({ "x-amz-algorithm": "AWS4-HMAC-SHA256" }),
        serde_json::json!({ "x-amz-credential": credential }),
        serde_json::json!({ "x-amz-date": amz_date }),
    ];
    if let Some(token) = credentials.session_token() {
        conditions.push(serde_json::json!({ "x-amz-security-token": token }));
    }
    let policy = serde_json::json!({
        "expiration": expires.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "conditions": conditions,
    });
    let policy = base64::engine::general_purpose::STANDARD.encode(policy.to_string());
    let signing_key = signing_key(credentials.secret_access_key(), &date, region, "s3");
    let signature = hex::encode(hmac_sha256(&signing_key, policy.as_bytes()));
    let mut fields = vec![
        ("key".to_owned(), key.to_owned()),
        ("x-amz-algorithm".to_owned(), "AWS4-HMAC-SHA256".to_owned()),
        ("x-amz-credential".to_owned(), credential),
        ("x-amz-date".to_owned(), amz_date),
    ];
    if let Some(token) = credentials.session_token() {
        fields.push(("x-amz-security-token".to_owned(), token.to_owned()));
    }
    fields.push(("policy".to_owned(), policy));
    fields.push(("x-amz-signature".to_owned(), signature));
    fields
}

/// Signature Version 4's signing key: the secret, then the date, region, service and
/// `aws4_request`, each by HMAC-SHA256.
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    // new_from_slice accepts any key length for HMAC (as in `signing::mac`).
    let mut mac =
        Hmac::<sha2::Sha256>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

#[async_trait]
impl crate::ports::PhotoUploads for S3Photos {
    async fn upload_form(
        &self,
        id: &str,
        expires: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::ports::UploadForm, StoreError> {
        use aws_sdk_s3::config::ProvideCredentials;
        if !crate::ports::is_upload_id(id) {
            return Err(StoreError::Corrupt(format!("{id:?} is not an upload id")));
        }
        let (provider, region) = self
            .signing
            .as_ref()
            .ok_or_else(|| StoreError::Corrupt("no credentials to sign upload forms with".into()))?;
        let credentials = provider.provide_credentials().await.map_err(unavailable)?;
        let now = chrono::Utc::now();
        Ok(crate::ports::UploadForm {
            url: self.upload_url.clone(),
            fields: post_policy_fields(
                &self.bucket,
                &upload_key(id),
                crate::photo::MAX_FILE_BYTES,
                &credentials,
                region,
                now,
                expires,
            ),
            max_bytes: crate::photo::MAX_FILE_BYTES,
        })
    }

    async fn take_upload(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        if !crate::ports::is_upload_id(id) {
            return Ok(None);
        }
        let out = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(upload_key(id))
            .send()
            .await;
        let bytes = match out {
            Ok(o) => o.body.collect().await.map_err(unavailable)?.into_bytes().to_vec(),
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(unavailable(e)),
        };
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(upload_key(id))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(Some(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's own example of deriving a Signature Version 4 signing key.
    #[test]
    fn the_signing_key_is_awss_worked_example() {
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20120215",
            "us-east-1",
            "iam",
        );
        assert_eq!(
            hex::encode(key),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d"
        );
    }

    #[test]
    fn a_policy_allows_one_key_image_types_and_a_size_range() {
        use base64::Engine;
        let credentials = aws_sdk_s3::config::Credentials::new("AKID", "secret", Some("token".into()), None, "test");
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let fields = post_policy_fields(
            "bucket",
            "uploads/abc",
            100,
            &credentials,
            "eu-west-2",
            at("2026-11-30T10:00:00Z"),
            at("2026-11-30T10:15:00Z"),
        );
        let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap();
        assert_eq!(get("x-amz-credential"), "AKID/20261130/eu-west-2/s3/aws4_request");
        assert_eq!(get("x-amz-security-token"), "token");
        let policy: serde_json::Value =
            serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(get("policy")).unwrap()).unwrap();
        assert_eq!(policy["expiration"], "2026-11-30T10:15:00.000Z");
        let conditions = policy["conditions"].to_string();
        for c in [
            r#"{"key":"uploads/abc"}"#,
            r#"["content-length-range",1,100]"#,
            r#"["starts-with","$Content-Type","image/"]"#,
        ] {
            assert!(conditions.contains(c), "{c} in {conditions}");
        }
        assert_eq!(fields.last().unwrap().0, "x-amz-signature");
    }
}
