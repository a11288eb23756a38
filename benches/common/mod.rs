//! What the store benchmarks share: distinct references for bulk-loaded cases, and leaving
//! a bulk-loaded database as a long-running store would be.

use std::path::Path;

/// The `i`th of a run of distinct, valid case references.
pub fn nth_reference(i: usize) -> String {
    let alphabet = shared::domain::reference::ALPHABET;
    let mut n = i;
    let mut r = String::with_capacity(9);
    for k in 0..8 {
        if k == 4 {
            r.push('-');
        }
        r.push(alphabet[n % alphabet.len()] as char);
        n /= alphabet.len();
    }
    r
}

/// A steady state after a bulk load made without fsync: the write-ahead log folded into the
/// database and flushed, not left for the measured run's first commits to pay for.
pub fn settle(conn: rusqlite::Connection, path: &Path) {
    conn.pragma_update(None, "journal_mode", "WAL").expect("wal");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    drop(conn);
    std::fs::File::open(path).and_then(|f| f.sync_all()).expect("sync");
}
