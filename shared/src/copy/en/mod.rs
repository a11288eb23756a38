//! English.

mod consent;
mod data;
mod email;
mod portal;
mod resident;

use crate::copy::{LayoutWords, OpenDataWords, PerformanceWords, Words};
use crate::domain::Status;
use crate::domain::report::Problem;

fn problem(p: Problem) -> &'static str {
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
        Problem::TooManyPhotos => "Select up to 3 photos",
        Problem::PhotoTooBig => "Each photo must be smaller than 12 MB",
        Problem::PhotoNotAnImage => "The selected file must be a photo: a JPG, PNG or WebP",
        Problem::PhotoUnsupportedType => {
            "The selected photo must be a JPG, PNG or WebP. On an iPhone, set the camera's format to Most Compatible, or send a screenshot of the photo"
        }
        Problem::PhotoTooManyPixels => "The selected photo is too large to read: choose a smaller one",
        Problem::PhotoDamaged => "The selected photo could not be read: it may be damaged. Choose another",
        Problem::PhotoUploadMissing => "A photo you chose could not be found: choose your photos again",
    }
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Open => "Open",
        Status::Investigating => "Investigating",
        Status::InProgress => "In progress",
        Status::ActionScheduled => "Action scheduled",
        Status::OnHold => "On hold",
        Status::Fixed => "Fixed",
        Status::Closed => "Closed",
        Status::Duplicate => "Duplicate",
        Status::NotCouncilsResponsibility => "Not the council's responsibility",
        Status::NoFurtherAction => "No further action",
    }
}

pub(in crate::copy) static WORDS: Words = Words {
    email: &email::EMAIL,
    consent: &consent::CONSENT,
    data: &data::DATA,
    resident: &resident::RESIDENT,
    portal: &portal::PORTAL,
    open_data: &OpenDataWords {
        title: "Open data",
        lead: "Every problem reported to us, month by month, and how we did against our service standards, quarter by quarter, for anyone to download and reuse.",
        whats_in_title: "What is in it",
        whats_in: "For each report: the type of problem, the ward, roughly where it is (to about 100 metres), the day it was reported, the day we said it would be dealt with by, the day it was closed, its status, and whether it was dealt with by that day. For each quarter: reports received, completed, and completed within the standard, by ward and type of problem.",
        left_out_title: "What is left out",
        left_out: "Nothing that could identify the person who reported a problem: no names, contact details, descriptions, addresses, exact locations, references or times of day.",
        no_location: |types| format!("We never publish where these types of problem are: {types}."),
        small_numbers_title: "Small numbers",
        small_numbers: |n| {
            format!(
                "In the quarterly figures a count under {n} is shown as [c] (null in JSON), and so are the number and share dealt with in time where we completed fewer than {n}, so that no one can be picked out."
            )
        },
        licence: "You may reuse the data under the Open Government Licence v3.0.",
        cases_caption: "Reports, month by month",
        summary_caption: "Service standards, quarter by quarter",
        month: "Month",
        quarter: "Quarter",
        download: "Download",
    },
    performance: &PerformanceWords {
        week_of: |monday| format!("Week of {monday}"),
        public_title: "How we are doing",
        public_lead: "For each type of problem, the share of reports we dealt with by the date we gave the resident, quarter by quarter. We aim for at least 90% unless a type of problem says otherwise; below 80% is red.",
        public_suppressed: |n| {
            format!("Where we completed fewer than {n} reports of a type in a quarter, we do not show a share.")
        },
        public_caption: "Reports dealt with on time, by quarter",
        public_category: "Type of problem",
        public_standard: |days| {
            if days == 1 {
                "Standard: 1 working day".to_owned()
            } else {
                format!("Standard: {days} working days")
            }
        },
        public_too_few: "Too few to show",
        quarter: |fy, q, first, last| format!("{fy} Q{q} ({first}–{last})"),
        green: |percent, target| format!("Green: {percent}%, at or above the {target}% target"),
        amber: |percent, target| format!("Amber: {percent}%, below the {target}% target"),
        red: |percent, floor| format!("Red: {percent}%, below the {floor}% floor"),
        too_few: |n| format!("Too few to rate (n = {n})"),
    },
    layout: &LayoutWords {
        skip_to_main: "Skip to main content",
        menu: "Menu",
        check_a_report: "Check a report",
        back: "Back",
        support_links: "Support links",
        privacy: "Privacy",
        how_we_are_doing: "How we are doing",
        open_data: "Open data",
        your_data: "Your data",
        powered_by: "Powered by wardline, open-source software.",
        language_switch: "Choose a language",
    },
    problems: problem,
    statuses: status,
    api_sign_in_first: "Sign in at /sign-in first",
    api_councillors_only: "This is for councillors",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    months_short: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    at_time: |date, time| format!("{date} at {time}"),
    error_summary_title: "There is a problem",
    error_prefix: "Error:",
    service_problem_title: "Sorry, there is a problem with the service",
    service_problem_body: "Try again later. Nothing you entered has been saved.",
    not_found_title: "Page not found",
    not_found_body: "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.",
    case_not_found_title: "We could not find that report",
    case_not_found_body: "Check the reference. It is 8 letters and numbers, like FK7M-3RTW, and is in your confirmation email.",
    too_large: "The information you sent is too large. Shorten the description and try again.",
    bad_json: "The request body must be a JSON object",
    bad_form: "The form could not be read. Go back and try again.",
    form_expired_title: "This form has expired",
    form_expired_body: "For your security, forms work only from the page that showed them. Go back, reload the page and try again.",
    idempotency_key_empty: "Idempotency-Key is empty: send 1 to 255 visible ASCII characters, or leave the header out",
    idempotency_key_invalid: "Idempotency-Key must be 1 to 255 visible ASCII characters",
    idempotency_key_reused: "This Idempotency-Key was used for a different report. Use a new key for a new report",
    report_title: "Report a problem",
    photos_label: "Photos (optional)",
    photos_hint: "Up to 3 photos of the problem, JPG, PNG or WebP, 4 MB in all. They help the team judge it before they visit. Try not to include people's faces or car number plates.",
    photos_again: "If you chose photos, choose them again: they are not kept until the report is sent.",
    photos_uploading: "Uploading {n} photos…",
    photos_ready: "Your photos are ready to send with the report.",
    photos_upload_failed: "Your photos could not be uploaded ahead: they will be sent with the report (4 MB in all).",
    report_lead: "Tell us about a problem in the area, such as a pothole, fly-tipping or a street light that is out. It takes about 2 minutes.",
    emergency_warning: "If someone is in danger or a crime is happening now, call 999.",
    category_legend: "What is the problem?",
    description_label: "Describe the problem",
    description_info: "You can enter up to 2,000 characters",
    description_hint: "Include anything that will help us find and fix it, like its size or how long it has been there. Do not include personal information about other people.",
    location_legend: "Where is the problem?",
    location_hint: "Enter an address, a street name or a landmark, and choose the ward. If you can use the map, you can place a pin instead.",
    address_label: "Address or description of the place",
    ward_label: "Ward",
    ward_hint: "If you are not sure, choose the nearest ward. We will correct it if needed.",
    ward_choose: "Choose a ward",
    map_label: "Or choose the place on the map",
    map_hint: "Select a place on the map to drop a pin. The ward is chosen for you.",
    map_remove_pin: "Remove pin",
    map_pin_in_ward: "Pin placed in {ward} ward.",
    map_pin_outside: "Pin placed outside the council's wards: choose a ward above.",
    map_pin_placed: "Pin placed.",
    map_pin_removed: "Pin removed.",
    reporting_legend: "Do you want us to keep you updated?",
    reporting_registered: "Yes, email me updates",
    reporting_registered_hint: "We will email you when we have logged it, if it is late and when it is done.",
    reporting_anonymous: "No, report it anonymously",
    reporting_anonymous_hint: "We will not email you. You can check progress with your reference.",
    share_legend: "Your local councillor",
    share_label: "Share my details and this report with my local councillor(s)",
    share_hint: "Your ward councillors can see that a problem was reported, but not who reported it. If you tick this box, the councillors for the ward where the problem is can also see your name, contact details, description and the exact location, so they can follow it up for you. You can change your mind at any time from the link in our emails.",
    share_privacy_link: "How we use your information (privacy notice, opens in new tab)",
    name_label: "Full name",
    email_label: "Email address",
    phone_label: "Telephone number (optional)",
    phone_hint: "We will only call you if we need more information to find or fix the problem.",
    honeypot_label: "Leave this field empty",
    submit: "Send report",
    confirmation_title: "Report sent",
    confirmation_reference: "Your reference is",
    confirmation_emailed: "We have sent you a confirmation email with your reference and what happens next.",
    confirmation_anonymous: "You reported this anonymously, so we will not email you. Keep your reference: you need it to check progress.",
    status_title: "Report",
    check_title: "Check the progress of a report",
    check_label: "Reference",
    check_hint: "It is 8 letters and numbers, like FK7M-3RTW.",
    check_missing: "Enter your reference",
    check_format: "Enter a reference in the correct format, like FK7M-3RTW",
    check_submit: "Check progress",
    email_missing: "Enter your email address",
    email_too_long: "Email address must be 254 characters or fewer",
    email_invalid: "Enter an email address in the correct format, like name@example.com",
};
