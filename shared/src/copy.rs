//! Every sentence wardline says to a person, in one place, so a Welsh version is a
//! translation of this module rather than a hunt through templates.

use crate::domain::report::Problem;

/// The message shown beside a field and in the error summary, written as an instruction.
pub fn problem(p: Problem) -> &'static str {
    match p {
        Problem::CategoryMissing => "Select the type of problem",
        Problem::CategoryUnknown => "Select a type of problem from the list",
        Problem::DescriptionMissing => "Enter a description of the problem",
        Problem::DescriptionTooLong => "Description must be 2,000 characters or fewer",
        Problem::LocationMissing => "Enter the address or a description of where the problem is",
        Problem::PinIncomplete => "Enter both the latitude and the longitude of the problem",
        Problem::PinInvalid => "The location of the problem must be a real place",
        Problem::PinOutsideArea => {
            "The location you chose is outside the council's area. Choose a place inside it, or enter an address"
        }
        Problem::AddressTooLong => "Address must be 200 characters or fewer",
        Problem::WardMissing => "Select the ward the problem is in",
        Problem::WardUnknown => "Select a ward from the list",
        Problem::ReportingMissing => "Select whether you want to give your contact details",
        Problem::NameMissing => "Enter your name",
        Problem::NameTooLong => "Name must be 100 characters or fewer",
        Problem::NameFormat => "Name must not include special characters",
        Problem::EmailMissing => "Enter your email address",
        Problem::EmailTooLong => "Email address must be 254 characters or fewer",
        Problem::EmailFormat => "Enter an email address in the correct format, like name@example.com",
        Problem::PhoneTooLong => "Telephone number must be 30 characters or fewer",
        Problem::PhoneFormat => "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        Problem::ShareNeedsContact => {
            "To share your report with your councillor, give your name and email address, or untick the box"
        }
        Problem::HoneypotFilled => "Leave this field empty",
    }
}

pub const ERROR_SUMMARY_TITLE: &str = "There is a problem";
pub const ERROR_PREFIX: &str = "Error:";
pub const SERVICE_PROBLEM_TITLE: &str = "Sorry, there is a problem with the service";
pub const SERVICE_PROBLEM_BODY: &str = "Try again later. Nothing you entered has been saved.";
pub const NOT_FOUND_TITLE: &str = "Page not found";
pub const NOT_FOUND_BODY: &str = "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.";
pub const CASE_NOT_FOUND_TITLE: &str = "We could not find that report";
pub const CASE_NOT_FOUND_BODY: &str =
    "Check the reference. It is 8 letters and numbers, like FK7M-3RTW, and is in your confirmation email.";
pub const TOO_LARGE: &str = "The information you sent is too large. Shorten the description and try again.";
pub const BAD_JSON: &str = "The request body must be a JSON object";
pub const BAD_FORM: &str = "The form could not be read. Go back and try again.";
pub const FORM_EXPIRED_TITLE: &str = "This form has expired";
pub const FORM_EXPIRED_BODY: &str =
    "For your security, forms work only from the page that showed them. Go back, reload the page and try again.";
pub const IDEMPOTENCY_KEY_EMPTY: &str =
    "Idempotency-Key is empty: send 1 to 255 visible ASCII characters, or leave the header out";
pub const IDEMPOTENCY_KEY_INVALID: &str = "Idempotency-Key must be 1 to 255 visible ASCII characters";
pub const IDEMPOTENCY_KEY_REUSED: &str =
    "This Idempotency-Key was used for a different report. Use a new key for a new report";

pub const REPORT_TITLE: &str = "Report a problem";
pub const REPORT_LEAD: &str = "Tell us about a problem in the area, such as a pothole, fly-tipping or a street light that is out. It takes about 2 minutes.";
pub const EMERGENCY_WARNING: &str = "If someone is in danger or a crime is happening now, call 999.";
pub const CATEGORY_LEGEND: &str = "What is the problem?";
pub const DESCRIPTION_LABEL: &str = "Describe the problem";
pub const DESCRIPTION_HINT: &str = "Include anything that will help us find and fix it, like its size or how long it has been there. Do not include personal information about other people.";
pub const LOCATION_LEGEND: &str = "Where is the problem?";
pub const LOCATION_HINT: &str = "Enter an address, a street name or a landmark, and choose the ward. If you can use the map, you can place a pin instead.";
pub const ADDRESS_LABEL: &str = "Address or description of the place";
pub const WARD_LABEL: &str = "Ward";
pub const WARD_HINT: &str = "If you are not sure, choose the nearest ward. We will correct it if needed.";
pub const WARD_CHOOSE: &str = "Choose a ward";
pub const MAP_LABEL: &str = "Or choose the place on the map";
pub const REPORTING_LEGEND: &str = "Do you want us to keep you updated?";
pub const REPORTING_REGISTERED: &str = "Yes, email me updates";
pub const REPORTING_REGISTERED_HINT: &str =
    "We will email you when we have logged it, if it is late and when it is done.";
pub const REPORTING_ANONYMOUS: &str = "No, report it anonymously";
pub const REPORTING_ANONYMOUS_HINT: &str = "We will not email you. You can check progress with your reference.";
pub const SHARE_LEGEND: &str = "Your local councillor";
pub const SHARE_LABEL: &str = "Share my details and this report with my local councillor(s)";
pub const SHARE_HINT: &str = "Your ward councillors can see that a problem was reported, but not who reported it. \
     If you tick this box, the councillors for the ward where the problem is can also see your name, contact \
     details, description and the exact location, so they can follow it up for you. You can change your mind at \
     any time from the link in our emails.";
pub const SHARE_PRIVACY_LINK: &str = "How we use your information (privacy notice, opens in new tab)";
pub const NAME_LABEL: &str = "Full name";
pub const EMAIL_LABEL: &str = "Email address";
pub const PHONE_LABEL: &str = "Telephone number (optional)";
pub const PHONE_HINT: &str = "We will only call you if we need more information to find or fix the problem.";
pub const HONEYPOT_LABEL: &str = "Leave this field empty";
pub const SUBMIT: &str = "Send report";

pub const CONFIRMATION_TITLE: &str = "Report sent";
pub const CONFIRMATION_REFERENCE: &str = "Your reference is";
pub const CONFIRMATION_EMAILED: &str =
    "We have sent you a confirmation email with your reference and what happens next.";
pub const CONFIRMATION_ANONYMOUS: &str =
    "You reported this anonymously, so we will not email you. Keep your reference: you need it to check progress.";

pub const STATUS_TITLE: &str = "Report";
pub const CHECK_TITLE: &str = "Check the progress of a report";
pub const CHECK_LABEL: &str = "Reference";
pub const CHECK_HINT: &str = "It is 8 letters and numbers, like FK7M-3RTW.";
pub const CHECK_MISSING: &str = "Enter your reference";
pub const CHECK_FORMAT: &str = "Enter a reference in the correct format, like FK7M-3RTW";
pub const CHECK_SUBMIT: &str = "Check progress";

/// An email address typed into the sign-in or your-data form.
pub const EMAIL_MISSING: &str = "Enter your email address";
pub const EMAIL_TOO_LONG: &str = "Email address must be 254 characters or fewer";
pub const EMAIL_INVALID: &str = "Enter an email address in the correct format, like name@example.com";
