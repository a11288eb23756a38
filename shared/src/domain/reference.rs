//! Case references people can read out over the phone.

use std::fmt;

use rand::Rng;

/// Characters a reference may contain: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, G/6, Q or U/V, so a
/// reference read from a letter or heard on the phone cannot be mistaken for another.
pub const ALPHABET: &[u8] = b"ACDEFHJKMNPRTWXY34679";
const LEN: usize = 8;

/// A case reference such as `FK7M-3RTW`: eight characters in two groups of four.
///
/// 21^8 ≈ 3.8 × 10^10 possible references; a clash is caught by the store's conditional
/// write and a fresh one drawn.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseRef(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a case reference")]
pub struct InvalidCaseRef;

impl CaseRef {
    pub fn generate(rng: &mut impl Rng) -> Self {
        let mut s = String::with_capacity(LEN + 1);
        for i in 0..LEN {
            if i == 4 {
                s.push('-');
            }
            s.push(ALPHABET[rng.random_range(0..ALPHABET.len())] as char);
        }
        CaseRef(s)
    }

    /// The reference a case imported from another system gets, from that system's own
    /// reference: the same every time (so an import run twice finds what it made, and a
    /// search by the old reference finds the case without an index of its own). Never
    /// change it: imported cases are found by it.
    pub fn for_original(original: &str) -> Self {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(format!("wardline-import-v1:{}", original.trim()).as_bytes());
        let mut s = String::with_capacity(LEN + 1);
        for (i, b) in digest.iter().take(LEN).enumerate() {
            if i == 4 {
                s.push('-');
            }
            s.push(ALPHABET[usize::from(*b) % ALPHABET.len()] as char);
        }
        CaseRef(s)
    }

    /// Accepts what a person might type: any case, with or without the hyphen or spaces.
    pub fn parse(input: &str) -> Result<Self, InvalidCaseRef> {
        let chars: Vec<u8> = input
            .bytes()
            .filter(|b| !matches!(b, b'-' | b' '))
            .map(|b| b.to_ascii_uppercase())
            .collect();
        if chars.len() != LEN || !chars.iter().all(|c| ALPHABET.contains(c)) {
            return Err(InvalidCaseRef);
        }
        let mut s = String::with_capacity(LEN + 1);
        for (i, c) in chars.into_iter().enumerate() {
            if i == 4 {
                s.push('-');
            }
            s.push(c as char);
        }
        Ok(CaseRef(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CaseRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaseRef({})", self.0)
    }
}

impl serde::Serialize for CaseRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for CaseRef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CaseRef::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Imported cases are found by this: it never changes.
    #[test]
    fn an_original_reference_always_gives_the_same_case_reference() {
        assert_eq!(CaseRef::for_original("ENQ/2019/000123").as_str(), GOLDEN_IMPORTED);
        assert_eq!(CaseRef::for_original("  ENQ/2019/000123 ").as_str(), GOLDEN_IMPORTED);
        assert_ne!(
            CaseRef::for_original("ENQ/2019/000124"),
            CaseRef::for_original("ENQ/2019/000123")
        );
        let r = CaseRef::for_original("anything at all");
        assert_eq!(CaseRef::parse(r.as_str()), Ok(r));
    }

    const GOLDEN_IMPORTED: &str = "HHWN-3RWE";
    use proptest::prelude::*;
    use rand::{SeedableRng, rngs::StdRng};

    #[test]
    fn a_reference_has_two_groups_of_four() {
        let r = CaseRef::generate(&mut StdRng::seed_from_u64(7));
        assert_eq!(r.as_str().len(), 9);
        assert_eq!(&r.as_str()[4..5], "-");
    }

    #[test]
    fn a_reference_typed_in_lower_case_without_the_hyphen_is_the_same_reference() {
        assert_eq!(CaseRef::parse("fk7m 3rtw").unwrap().as_str(), "FK7M-3RTW");
    }

    #[test]
    fn look_alike_characters_are_never_accepted() {
        for bad in [
            "FK7M-3RT0",
            "FK7M-3RTO",
            "FK7M-3RT1",
            "FK7M-3RTI",
            "FK7M-3RTS",
            "FK7M-3RTB",
        ] {
            assert_eq!(CaseRef::parse(bad), Err(InvalidCaseRef), "{bad}");
        }
    }

    #[test]
    fn too_short_or_too_long_is_not_a_reference() {
        assert!(CaseRef::parse("FK7M-3RT").is_err());
        assert!(CaseRef::parse("FK7M-3RTWA").is_err());
        assert!(CaseRef::parse("").is_err());
    }

    proptest! {
        #[test]
        fn every_generated_reference_parses_back_to_itself(seed in any::<u64>()) {
            let r = CaseRef::generate(&mut StdRng::seed_from_u64(seed));
            prop_assert_eq!(CaseRef::parse(r.as_str()), Ok(r.clone()));
            prop_assert_eq!(CaseRef::parse(&r.as_str().to_lowercase()), Ok(r));
        }

        /// Any text: parsing never panics, and a reference that parses is two groups of
        /// four from the alphabet without look-alikes, and parses again to itself.
        #[test]
        fn what_parses_is_a_readable_reference(s in "\\PC{0,40}|[ACDEFHJKMNPRTWXY34679acdefhjkmnprtwxy -]{8,10}") {
            if let Ok(r) = CaseRef::parse(&s) {
                let text = r.as_str();
                prop_assert_eq!(text.len(), 9);
                prop_assert_eq!(&text[4..5], "-");
                prop_assert!(text.bytes().filter(|b| *b != b'-').all(|b| ALPHABET.contains(&b)), "{}", text);
                prop_assert_eq!(CaseRef::parse(text), Ok(r.clone()));
            }
        }
    }
}
