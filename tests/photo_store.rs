//! One contract, two places for photos: the local folder and S3 (on a moto server on
//! loopback). Every test runs against both.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap has failed, which is what unwrap says

mod common;

use shared::adapters::photos_dir::DirPhotos;
use shared::adapters::s3::S3Photos;
use shared::domain::CaseRef;
use shared::ports::{PhotoEraser, PhotoReader, PhotoSize, PhotoWriter};

trait Photos: PhotoWriter + PhotoReader + PhotoEraser {}
impl<T: PhotoWriter + PhotoReader + PhotoEraser> Photos for T {}

fn case(r: &str) -> CaseRef {
    CaseRef::parse(r).unwrap()
}

const A: &str = "0123456789abcdef";
const B: &str = "fedcba9876543210";

async fn photos_are_kept_by_case_and_read_back_whole(store: impl Photos) {
    let (one, two) = (case("ACDE-HJKM"), case("CDEF-JKMN"));
    store.put_photo(&one, A, PhotoSize::Full, b"full A").await.unwrap();
    store
        .put_photo(&one, A, PhotoSize::Thumbnail, b"thumb A")
        .await
        .unwrap();
    store.put_photo(&one, B, PhotoSize::Full, b"full B").await.unwrap();
    store
        .put_photo(&one, B, PhotoSize::Thumbnail, b"thumb B")
        .await
        .unwrap();
    store.put_photo(&two, A, PhotoSize::Full, b"other case").await.unwrap();
    assert_eq!(
        store.photo(&one, A, PhotoSize::Full).await.unwrap().as_deref(),
        Some(&b"full A"[..])
    );
    assert_eq!(
        store.photo(&one, B, PhotoSize::Thumbnail).await.unwrap().as_deref(),
        Some(&b"thumb B"[..])
    );
    assert_eq!(
        store.photo(&two, A, PhotoSize::Full).await.unwrap().as_deref(),
        Some(&b"other case"[..])
    );
    assert_eq!(store.photo(&two, B, PhotoSize::Full).await.unwrap(), None);
    assert_eq!(store.photo_ids(&one).await.unwrap(), [A, B]);
    assert_eq!(store.photo_ids(&case("DEFH-KMNP")).await.unwrap(), Vec::<String>::new());
}

async fn a_photo_taken_back_leaves_the_cases_others(store: impl Photos) {
    let one = case("ACDE-HJKM");
    for id in [A, B] {
        for size in [PhotoSize::Full, PhotoSize::Thumbnail] {
            store.put_photo(&one, id, size, b"x").await.unwrap();
        }
    }
    store.remove_photo(&one, B).await.unwrap();
    store.remove_photo(&one, B).await.unwrap();
    assert_eq!(store.photo_ids(&one).await.unwrap(), [A]);
    assert_eq!(store.photo(&one, B, PhotoSize::Thumbnail).await.unwrap(), None);
}

async fn an_id_that_is_not_one_reaches_nothing(store: impl Photos) {
    let one = case("ACDE-HJKM");
    store.put_photo(&one, A, PhotoSize::Full, b"full A").await.unwrap();
    for bad in [
        "../../etc/passwd",
        "0123456789ABCDEF",
        "0123",
        "",
        "0123456789abcdef/../x",
    ] {
        assert_eq!(store.photo(&one, bad, PhotoSize::Full).await.unwrap(), None, "{bad}");
        assert!(
            store.put_photo(&one, bad, PhotoSize::Full, b"x").await.is_err(),
            "{bad}"
        );
    }
}

async fn erasing_a_cases_photos_leaves_no_file_and_other_cases_alone(store: impl Photos) {
    let (one, two) = (case("ACDE-HJKM"), case("CDEF-JKMN"));
    for id in [A, B] {
        for size in [PhotoSize::Full, PhotoSize::Thumbnail] {
            store.put_photo(&one, id, size, b"x").await.unwrap();
        }
    }
    store.put_photo(&two, A, PhotoSize::Full, b"kept").await.unwrap();
    assert_eq!(store.erase_photos(&one).await.unwrap(), 4);
    assert_eq!(store.photo_ids(&one).await.unwrap(), Vec::<String>::new());
    assert_eq!(store.photo(&one, A, PhotoSize::Full).await.unwrap(), None);
    assert_eq!(store.erase_photos(&one).await.unwrap(), 0, "again: nothing left");
    assert_eq!(
        store.photo(&two, A, PhotoSize::Full).await.unwrap().as_deref(),
        Some(&b"kept"[..])
    );
}

macro_rules! contract {
    ($($name:ident),* $(,)?) => {
        mod local_folder {
            $(
                #[tokio::test]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    super::$name(super::DirPhotos::new(dir.path().join("photos"))).await;
                }
            )*
        }
        mod s3 {
            $(
                #[tokio::test]
                async fn $name() {
                    let (client, bucket) = super::common::s3_bucket().await;
                    super::$name(super::S3Photos::new(client, bucket)).await;
                }
            )*
        }
    };
}

contract!(
    a_photo_taken_back_leaves_the_cases_others,
    photos_are_kept_by_case_and_read_back_whole,
    an_id_that_is_not_one_reaches_nothing,
    erasing_a_cases_photos_leaves_no_file_and_other_cases_alone,
);

/// A bucket that was ever versioned keeps old versions of what is deleted: erasure removes
/// every version, so nothing of an erased photo is left to restore.
#[tokio::test]
async fn erasure_leaves_no_old_version_in_a_versioned_bucket() {
    use aws_sdk_s3::types::{BucketVersioningStatus, VersioningConfiguration};
    let (client, bucket) = common::s3_bucket().await;
    client
        .put_bucket_versioning()
        .bucket(&bucket)
        .versioning_configuration(
            VersioningConfiguration::builder()
                .status(BucketVersioningStatus::Enabled)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let store = S3Photos::new(client.clone(), bucket.clone());
    let one = case("ACDE-HJKM");
    store.put_photo(&one, A, PhotoSize::Full, b"first").await.unwrap();
    store.put_photo(&one, A, PhotoSize::Full, b"second").await.unwrap();
    store.put_photo(&one, A, PhotoSize::Thumbnail, b"thumb").await.unwrap();
    store.remove_photo(&one, A).await.unwrap(); // delete markers over the versions
    store
        .put_photo(&one, B, PhotoSize::Full, b"kept until erased")
        .await
        .unwrap();
    assert_eq!(
        store.erase_photos(&one).await.unwrap(),
        3,
        "three files, in five versions and two markers"
    );
    let left = client
        .list_object_versions()
        .bucket(&bucket)
        .prefix("photos/")
        .send()
        .await
        .unwrap();
    assert!(left.versions().is_empty(), "{:?}", left.versions());
    assert!(left.delete_markers().is_empty());
}

/// A browser's upload, before the report: the form it posts (S3's POST, moto standing in;
/// the local runner's `/dev/uploads` locally), then the bytes taken once.
#[tokio::test]
async fn an_upload_is_taken_once_on_s3() {
    use shared::ports::PhotoUploads;
    let (client, bucket) = common::s3_bucket().await;
    let config = common::aws_config(&common::moto_endpoint()).await;
    let store = S3Photos::new(client, bucket.clone())
        .with_signing(config.credentials_provider().unwrap(), "eu-west-2")
        .with_upload_url(format!("{}/{bucket}", common::moto_endpoint()));
    let id = "0123456789abcdef0123456789abcdef";
    let form = store
        .upload_form(id, chrono::Utc::now() + chrono::Duration::minutes(15))
        .await
        .unwrap();
    assert_eq!(form.fields[0], ("key".to_owned(), format!("uploads/{id}")));
    let mut multipart = reqwest::multipart::Form::new();
    for (k, v) in form.fields {
        multipart = multipart.text(k, v);
    }
    multipart = multipart.text("Content-Type", "image/jpeg").part(
        "file",
        reqwest::multipart::Part::bytes(b"jpeg bytes".to_vec()).file_name("a.jpg"),
    );
    let res = reqwest::Client::new()
        .post(&form.url)
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    assert_eq!(
        store.take_upload(id).await.unwrap().as_deref(),
        Some(&b"jpeg bytes"[..])
    );
    assert_eq!(store.take_upload(id).await.unwrap(), None, "taken once");
    assert_eq!(store.take_upload("not-an-id").await.unwrap(), None);
}

#[tokio::test]
async fn an_upload_is_taken_once_locally() {
    use shared::ports::PhotoUploads;
    let dir = tempfile::tempdir().unwrap();
    let store = DirPhotos::new(dir.path().join("photos"));
    let id = "0123456789abcdef0123456789abcdef";
    let form = store
        .upload_form(id, chrono::Utc::now() + chrono::Duration::minutes(15))
        .await
        .unwrap();
    assert_eq!(form.url, "/dev/uploads");
    assert!(
        !store.receive_upload(id, "text/plain", b"x").await.unwrap(),
        "only images"
    );
    assert!(
        !store.receive_upload("../x", "image/jpeg", b"x").await.unwrap(),
        "only upload ids"
    );
    assert!(store.receive_upload(id, "image/jpeg", b"jpeg bytes").await.unwrap());
    assert_eq!(
        store.take_upload(id).await.unwrap().as_deref(),
        Some(&b"jpeg bytes"[..])
    );
    assert_eq!(store.take_upload(id).await.unwrap(), None);
}
