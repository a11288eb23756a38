//! wardline's shared core: the domain, the ports every function talks through, the adapters
//! that implement them, and the GOV.UK-styled web layer.
//!
//! Nothing here is a function's logic; functions are thin routers over these parts. The one
//! exception is [`submission`], storing a report, which intake and portal both do.

pub mod adapters;
pub mod bounce;
pub mod casework;
pub mod chart;
pub mod config;
pub mod copy;
pub mod csv;
pub mod dates;
pub mod digest;
pub mod domain;
pub mod email;
pub mod emailed_link;
pub mod links;
pub mod news;
pub mod notice;
pub mod photo;
pub mod ports;
pub mod settings;
pub mod signing;
pub mod stats;
pub mod submission;
pub mod web;
