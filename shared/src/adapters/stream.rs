//! Reading the DynamoDB table's stream: which records are new outbox messages. The key
//! format is the DynamoDB adapter's (it writes the keys with [`OUTBOX_PREFIX`]); this module
//! needs no AWS SDK, so the notifier reads stream events through it on any build.

use serde_json::{Map, Value};

/// The partition key of an outbox message is `OUTBOX#<id>`.
pub const OUTBOX_PREFIX: &str = "OUTBOX#";

/// The outbox id a stream record's keys name, if the record is an outbox message's.
/// `keys` is the record's `dynamodb.Keys` as the stream sends it (`{"PK": {"S": "…"}}`).
pub fn outbox_id(keys: &Map<String, Value>) -> Option<&str> {
    keys.get("PK")?.get("S")?.as_str()?.strip_prefix(OUTBOX_PREFIX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_an_outbox_key_names_a_message() {
        let keys = |pk: &str| {
            json!({ "PK": { "S": pk }, "SK": { "S": "OUTBOX" } })
                .as_object()
                .cloned()
                .unwrap_or_default()
        };
        assert_eq!(
            outbox_id(&keys("OUTBOX#20261130T120000.000000Z-ab")),
            Some("20261130T120000.000000Z-ab")
        );
        assert_eq!(outbox_id(&keys("CASE#FK7M-3RTW")), None);
        assert_eq!(outbox_id(&Map::new()), None);
    }
}
