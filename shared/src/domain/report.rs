//! Turning what a resident typed into a [`NewReport`], or into the list of things to fix.
//!
//! Both the HTML form and the JSON API arrive here as a [`ReportInput`] of raw strings, so
//! the two can never disagree about what a valid report is. Problems are returned as
//! [`Problem`]s; their wording lives in the `copy` module, per language.

use serde::{Deserialize, Serialize};

use super::category::{Category, CategoryId};
use super::geo::{LatLng, Location};
use super::reporter::{InvalidPersonal, PersonName, Phone, Reporter, ResidentContact, ResidentEmail};
use super::ward::{Ward, WardId, ward_at};

/// The description of a problem: 1–2,000 characters, line endings normalised.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Description(String);

impl Description {
    pub const MAX: usize = 2000;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let cleaned: String = s
            .replace("\r\n", "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        let cleaned = cleaned.trim();
        if cleaned.is_empty() {
            return Err(Problem::DescriptionMissing);
        }
        if cleaned.chars().count() > Self::MAX {
            return Err(Problem::DescriptionTooLong);
        }
        Ok(Description(cleaned.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Description {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Description(<redacted>)")
    }
}

impl TryFrom<String> for Description {
    type Error = Problem;
    fn try_from(s: String) -> Result<Self, Problem> {
        Description::parse(&s)
    }
}

impl From<Description> for String {
    fn from(d: Description) -> String {
        d.0
    }
}

/// The longest address or place description accepted.
pub const ADDRESS_MAX: usize = 200;

/// A report exactly as submitted, every field optional and unchecked.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ReportInput {
    pub category: Option<String>,
    pub description: Option<String>,
    pub lat: Option<String>,
    pub lng: Option<String>,
    pub address: Option<String>,
    pub ward: Option<String>,
    /// The form's radio: `registered` or `anonymous`. The JSON API sets it from whether a
    /// `reporter` object was sent.
    pub reporting: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// The "share with my councillor" box: ticked if present (the form sends `yes`, the JSON
    /// API `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_with_councillor: Option<String>,
    /// The honeypot: hidden from people, filled in by bots.
    pub website: Option<String>,
}

/// A report that is complete and valid for this council.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReport {
    pub category: CategoryId,
    pub description: Description,
    pub location: Location,
    pub ward: WardId,
    pub reporter: Reporter,
    /// The resident ticked "share my details and this report with my local councillor(s)".
    /// Only ever true for a registered reporter.
    pub share_with_councillor: bool,
}

/// A field of the report, named as the form and the JSON API name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Category,
    Description,
    Pin,
    Address,
    Ward,
    Reporting,
    Name,
    Email,
    Phone,
    ShareWithCouncillor,
    Website,
    /// The photos sent with the report (checked apart from the rest: see `crate::photo`).
    Photos,
}

impl Field {
    /// The form control's `name` and `id`.
    pub fn form_name(self) -> &'static str {
        match self {
            Field::Category => "category",
            Field::Description => "description",
            Field::Pin => "lat",
            Field::Address => "address",
            Field::Ward => "ward",
            Field::Reporting => "reporting",
            Field::Name => "name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::ShareWithCouncillor => "share_with_councillor",
            Field::Website => "website",
            Field::Photos => "photos",
        }
    }

    /// The path of the field in the JSON API's request body.
    pub fn json_path(self) -> &'static str {
        match self {
            Field::Name => "reporter.name",
            Field::Email => "reporter.email",
            Field::Phone => "reporter.phone",
            Field::Reporting => "reporter",
            other => other.form_name(),
        }
    }
}

/// Something wrong with a report, for the person to fix.
///
/// The domain holds the code; what a person reads is in `copy::problem`, per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    CategoryMissing,
    CategoryUnknown,
    DescriptionMissing,
    DescriptionTooLong,
    LocationMissing,
    PinIncomplete,
    PinInvalid,
    PinOutsideArea,
    AddressTooLong,
    WardMissing,
    WardUnknown,
    ReportingMissing,
    NameMissing,
    NameTooLong,
    NameFormat,
    EmailMissing,
    EmailTooLong,
    EmailFormat,
    PhoneTooLong,
    PhoneFormat,
    ShareNeedsContact,
    HoneypotFilled,
    TooManyPhotos,
    PhotoTooBig,
    PhotoNotAnImage,
    PhotoUnsupportedType,
    PhotoTooManyPixels,
    PhotoDamaged,
    /// A photo uploaded ahead of the report is no longer there (sent too late, or twice).
    PhotoUploadMissing,
}

impl Problem {
    /// What is wrong with a photo, as the form says it.
    pub fn of_photo(e: crate::photo::PhotoError) -> Problem {
        use crate::photo::PhotoError;
        match e {
            PhotoError::TooBig => Problem::PhotoTooBig,
            PhotoError::NotAnImage => Problem::PhotoNotAnImage,
            PhotoError::UnsupportedType => Problem::PhotoUnsupportedType,
            PhotoError::TooManyPixels => Problem::PhotoTooManyPixels,
            PhotoError::Damaged => Problem::PhotoDamaged,
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Problem {}

/// One problem with one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ReportInput {
    /// Checks every field and returns every problem at once, in the order of the form.
    pub fn parse(&self, categories: &[Category], wards: &[Ward]) -> Result<NewReport, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(FieldError { field, problem });

        let category = match present(&self.category) {
            None => {
                fail(Field::Category, Problem::CategoryMissing);
                None
            }
            Some(c) => match categories.iter().find(|cat| cat.id.as_str() == c) {
                Some(cat) => Some(cat.id.clone()),
                None => {
                    fail(Field::Category, Problem::CategoryUnknown);
                    None
                }
            },
        };

        let description = Description::parse(self.description.as_deref().unwrap_or(""))
            .map_err(|p| fail(Field::Description, p))
            .ok();

        let (location, ward) = self.parse_location(wards, &mut fail);
        let reporter = self.parse_reporter(&mut fail);
        let share_with_councillor = present(&self.share_with_councillor).is_some();
        // An anonymous report has nothing to share.
        if share_with_councillor && present(&self.reporting) == Some("anonymous") {
            fail(Field::ShareWithCouncillor, Problem::ShareNeedsContact);
        }

        if present(&self.website).is_some() {
            fail(Field::Website, Problem::HoneypotFilled);
        }

        match (category, description, location, ward, reporter) {
            (Some(category), Some(description), Some(location), Some(ward), Some(reporter)) if errors.is_empty() => {
                Ok(NewReport {
                    category,
                    description,
                    location,
                    ward,
                    reporter,
                    share_with_councillor,
                })
            }
            _ => Err(errors),
        }
    }

    fn parse_location(
        &self,
        wards: &[Ward],
        fail: &mut impl FnMut(Field, Problem),
    ) -> (Option<Location>, Option<WardId>) {
        let address = present(&self.address);
        if address.is_some_and(|a| a.chars().count() > ADDRESS_MAX) {
            fail(Field::Address, Problem::AddressTooLong);
            return (None, None);
        }
        let address = address.map(str::to_owned);
        match (present(&self.lat), present(&self.lng)) {
            (Some(lat), Some(lng)) => {
                let pin = match (lat.parse::<f64>(), lng.parse::<f64>()) {
                    (Ok(lat), Ok(lng)) => LatLng::new(lat, lng).ok(),
                    _ => None,
                };
                let Some(pin) = pin else {
                    fail(Field::Pin, Problem::PinInvalid);
                    return (None, None);
                };
                // The pin decides the ward: a ward typed alongside it is ignored.
                match ward_at(wards, pin) {
                    Some(w) => (
                        Some(Location {
                            pin: Some(pin),
                            address,
                        }),
                        Some(w.id.clone()),
                    ),
                    None => {
                        fail(Field::Pin, Problem::PinOutsideArea);
                        (None, None)
                    }
                }
            }
            (Some(_), None) | (None, Some(_)) => {
                fail(Field::Pin, Problem::PinIncomplete);
                (None, None)
            }
            (None, None) => {
                let ward = match present(&self.ward) {
                    None => {
                        fail(Field::Ward, Problem::WardMissing);
                        None
                    }
                    Some(w) => match wards.iter().find(|ward| ward.id.as_str() == w) {
                        Some(ward) => Some(ward.id.clone()),
                        None => {
                            fail(Field::Ward, Problem::WardUnknown);
                            None
                        }
                    },
                };
                if address.is_none() {
                    fail(Field::Address, Problem::LocationMissing);
                    return (None, ward);
                }
                (Some(Location { pin: None, address }), ward)
            }
        }
    }

    fn parse_reporter(&self, fail: &mut impl FnMut(Field, Problem)) -> Option<Reporter> {
        match present(&self.reporting) {
            Some("anonymous") => Some(Reporter::Anonymous),
            Some("registered") => {
                let name = PersonName::parse(self.name.as_deref().unwrap_or(""))
                    .map_err(|e| {
                        fail(
                            Field::Name,
                            match e {
                                InvalidPersonal::Empty => Problem::NameMissing,
                                InvalidPersonal::TooLong => Problem::NameTooLong,
                                InvalidPersonal::Format => Problem::NameFormat,
                            },
                        )
                    })
                    .ok();
                let email = ResidentEmail::parse(self.email.as_deref().unwrap_or(""))
                    .map_err(|e| {
                        fail(
                            Field::Email,
                            match e {
                                InvalidPersonal::Empty => Problem::EmailMissing,
                                InvalidPersonal::TooLong => Problem::EmailTooLong,
                                InvalidPersonal::Format => Problem::EmailFormat,
                            },
                        )
                    })
                    .ok();
                let phone = match present(&self.phone) {
                    None => Ok(None),
                    Some(p) => Phone::parse(p).map(Some).map_err(|e| {
                        fail(
                            Field::Phone,
                            if e == InvalidPersonal::TooLong {
                                Problem::PhoneTooLong
                            } else {
                                Problem::PhoneFormat
                            },
                        )
                    }),
                };
                match (name, email, phone) {
                    (Some(name), Some(email), Ok(phone)) => {
                        Some(Reporter::Registered(ResidentContact { name, email, phone }))
                    }
                    _ => None,
                }
            }
            _ => {
                fail(Field::Reporting, Problem::ReportingMissing);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::{ServiceStandard, TeamId};
    use crate::domain::geo::MultiPolygon;
    use proptest::prelude::*;

    fn categories() -> Vec<Category> {
        vec![Category {
            id: CategoryId::parse("fly-tipping").unwrap(),
            name: "Fly-tipping".into(),
            hint: String::new().into(),
            standard: ServiceStandard { working_days: 5 },
            target: Default::default(),
            team: TeamId::parse("street-scene").unwrap(),
            next_steps: String::new().into(),
            open_data_location: true,
        }]
    }

    fn wards() -> Vec<Ward> {
        let boundary = MultiPolygon(vec![vec![vec![
            [-1.0, 52.0],
            [-0.9, 52.0],
            [-0.9, 52.1],
            [-1.0, 52.1],
            [-1.0, 52.0],
        ]]]);
        vec![Ward {
            id: WardId::parse("castle").unwrap(),
            name: "Castle".into(),
            outline: boundary.outline(),
            boundary,
        }]
    }

    fn s(v: &str) -> Option<String> {
        Some(v.to_owned())
    }

    fn valid() -> ReportInput {
        ReportInput {
            category: s("fly-tipping"),
            description: s("A sofa dumped by the bins"),
            lat: s("52.05"),
            lng: s("-0.95"),
            reporting: s("anonymous"),
            ..ReportInput::default()
        }
    }

    fn problems(input: ReportInput) -> Vec<(Field, Problem)> {
        input
            .parse(&categories(), &wards())
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn a_pin_inside_a_ward_places_the_report_in_that_ward() {
        let r = valid().parse(&categories(), &wards()).unwrap();
        assert_eq!(r.ward.as_str(), "castle");
        assert_eq!(r.reporter, Reporter::Anonymous);
    }

    #[test]
    fn an_address_and_a_ward_are_enough_without_a_map() {
        let input = ReportInput {
            lat: None,
            lng: None,
            address: s("12 High Street"),
            ward: s("castle"),
            ..valid()
        };
        let r = input.parse(&categories(), &wards()).unwrap();
        assert_eq!(r.location.address.as_deref(), Some("12 High Street"));
    }

    #[test]
    fn an_empty_report_lists_every_missing_field_in_form_order() {
        assert_eq!(
            problems(ReportInput::default()),
            vec![
                (Field::Category, Problem::CategoryMissing),
                (Field::Description, Problem::DescriptionMissing),
                (Field::Ward, Problem::WardMissing),
                (Field::Address, Problem::LocationMissing),
                (Field::Reporting, Problem::ReportingMissing),
            ]
        );
    }

    #[test]
    fn a_pin_outside_every_ward_is_refused() {
        assert_eq!(
            problems(ReportInput {
                lat: s("51.5"),
                lng: s("-0.1"),
                ..valid()
            }),
            vec![(Field::Pin, Problem::PinOutsideArea)]
        );
    }

    #[test]
    fn a_registered_reporter_needs_a_name_and_a_valid_email() {
        let input = ReportInput {
            reporting: s("registered"),
            email: s("not-an-email"),
            ..valid()
        };
        assert_eq!(
            problems(input),
            vec![
                (Field::Name, Problem::NameMissing),
                (Field::Email, Problem::EmailFormat)
            ]
        );
    }

    #[test]
    fn a_filled_honeypot_is_refused() {
        assert_eq!(
            problems(ReportInput {
                website: s("http://spam"),
                ..valid()
            }),
            vec![(Field::Website, Problem::HoneypotFilled)]
        );
    }

    #[test]
    fn a_whitespace_description_is_missing_and_a_long_one_too_long() {
        assert_eq!(
            problems(ReportInput {
                description: s(" \n\t "),
                ..valid()
            }),
            vec![(Field::Description, Problem::DescriptionMissing)]
        );
        assert_eq!(
            problems(ReportInput {
                description: Some("x".repeat(2001)),
                ..valid()
            }),
            vec![(Field::Description, Problem::DescriptionTooLong)]
        );
    }

    proptest! {
        #[test]
        fn any_input_is_either_a_report_or_a_non_empty_list_of_problems(
            category in proptest::option::of("\\PC{0,20}"),
            description in proptest::option::of("\\PC{0,50}"),
            lat in proptest::option::of("[-0-9.e]{0,8}"),
            lng in proptest::option::of("[-0-9.e]{0,8}"),
            reporting in proptest::option::of(prop_oneof!["anonymous", "registered", "\\PC{0,5}"]),
            email in proptest::option::of("\\PC{0,30}"),
        ) {
            let input = ReportInput { category, description, lat, lng, reporting, email, ..ReportInput::default() };
            match input.parse(&categories(), &wards()) {
                Ok(_) => {}
                Err(errors) => prop_assert!(!errors.is_empty()),
            }
        }
    }
}
