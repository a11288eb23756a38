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
}

impl S3Photos {
    pub fn new(client: Client, bucket: impl Into<String>) -> S3Photos {
        S3Photos {
            client,
            bucket: bucket.into(),
        }
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
