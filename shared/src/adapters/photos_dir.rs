//! Photos in a local folder, for `wardline serve`: `<root>/<reference>/<id>-<size>.jpg`.
//! Ids and references are checked before they become paths (see [`is_photo_id`]).

use std::path::{Path, PathBuf};

use async_trait::async_trait;

use crate::domain::CaseRef;
use crate::ports::{PhotoEraser, PhotoReader, PhotoSize, PhotoWriter, StoreError, is_photo_id};

#[derive(Debug, Clone)]
pub struct DirPhotos {
    root: PathBuf,
}

impl DirPhotos {
    pub fn new(root: impl Into<PathBuf>) -> DirPhotos {
        DirPhotos { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn file(&self, case: &CaseRef, id: &str, size: PhotoSize) -> Result<PathBuf, StoreError> {
        if !is_photo_id(id) {
            return Err(StoreError::Corrupt(format!("{id:?} is not a photo id")));
        }
        Ok(self
            .root
            .join(case.as_str())
            .join(format!("{id}-{}.jpg", size.as_str())))
    }
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::unavailable(e)
}

#[async_trait]
impl PhotoWriter for DirPhotos {
    async fn put_photo(&self, case: &CaseRef, id: &str, size: PhotoSize, jpeg: &[u8]) -> Result<(), StoreError> {
        let path = self.file(case, id, size)?;
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(io)?;
        }
        // Written aside and renamed: a reader never sees half a photo.
        let partial = path.with_extension("part");
        tokio::fs::write(&partial, jpeg).await.map_err(io)?;
        tokio::fs::rename(&partial, &path).await.map_err(io)
    }

    async fn remove_photo(&self, case: &CaseRef, id: &str) -> Result<(), StoreError> {
        for size in [PhotoSize::Full, PhotoSize::Thumbnail] {
            match tokio::fs::remove_file(self.file(case, id, size)?).await {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io(e)),
            }
        }
        Ok(())
    }
}

#[async_trait]
impl PhotoReader for DirPhotos {
    async fn photo(&self, case: &CaseRef, id: &str, size: PhotoSize) -> Result<Option<Vec<u8>>, StoreError> {
        if !is_photo_id(id) {
            return Ok(None);
        }
        match tokio::fs::read(self.file(case, id, size)?).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(e)),
        }
    }
}

#[async_trait]
impl PhotoEraser for DirPhotos {
    async fn photo_ids(&self, case: &CaseRef) -> Result<Vec<String>, StoreError> {
        let mut ids = Vec::new();
        let mut entries = match tokio::fs::read_dir(self.root.join(case.as_str())).await {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ids),
            Err(e) => return Err(io(e)),
        };
        while let Some(entry) = entries.next_entry().await.map_err(io)? {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(id) = name.strip_suffix("-full.jpg").filter(|id| is_photo_id(id)) {
                ids.push(id.to_owned());
            }
        }
        ids.sort();
        Ok(ids)
    }

    async fn erase_photos(&self, case: &CaseRef) -> Result<usize, StoreError> {
        let dir = self.root.join(case.as_str());
        let mut removed = 0;
        let mut entries = match tokio::fs::read_dir(&dir).await {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(io(e)),
        };
        while let Some(entry) = entries.next_entry().await.map_err(io)? {
            tokio::fs::remove_file(entry.path()).await.map_err(io)?;
            removed += 1;
        }
        tokio::fs::remove_dir(&dir).await.map_err(io)?;
        Ok(removed)
    }
}

impl DirPhotos {
    fn upload_file(&self, id: &str) -> Option<PathBuf> {
        crate::ports::is_upload_id(id).then(|| self.root.join("_uploads").join(id))
    }

    /// What the local runner's `/dev/uploads` does with a browser's post (S3's part on
    /// AWS): keeps an image of at most `photo::MAX_FILE_BYTES` under the id it was given.
    /// `false` if the post is not one it takes.
    pub async fn receive_upload(&self, id: &str, content_type: &str, bytes: &[u8]) -> Result<bool, StoreError> {
        let Some(path) = self.upload_file(id) else {
            return Ok(false);
        };
        if !content_type.starts_with("image/") || bytes.is_empty() || bytes.len() > crate::photo::MAX_FILE_BYTES {
            return Ok(false);
        }
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await.map_err(io)?;
        }
        tokio::fs::write(&path, bytes).await.map_err(io)?;
        Ok(true)
    }
}

#[async_trait]
impl crate::ports::PhotoUploads for DirPhotos {
    async fn upload_form(
        &self,
        id: &str,
        _expires: chrono::DateTime<chrono::Utc>,
    ) -> Result<crate::ports::UploadForm, StoreError> {
        if self.upload_file(id).is_none() {
            return Err(StoreError::Corrupt(format!("{id:?} is not an upload id")));
        }
        Ok(crate::ports::UploadForm {
            url: "/dev/uploads".into(),
            fields: vec![("key".into(), id.to_owned())],
            max_bytes: crate::photo::MAX_FILE_BYTES,
        })
    }

    async fn take_upload(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(path) = self.upload_file(id) else {
            return Ok(None);
        };
        match tokio::fs::read(&path).await {
            Ok(bytes) => {
                tokio::fs::remove_file(&path).await.map_err(io)?;
                Ok(Some(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(io(e)),
        }
    }
}
