//! The SDK against the mock and against small servers that misbehave on purpose: every operation,
//! paging under every reading of what the docs leave open, retries and rate limits, validation,
//! scale, and what the SDK refuses to do (`secrets.rs` runs alone, in a binary of its own).
//!
//! One test binary (each file below is a module): one link instead of one per file.

mod support;

mod catalog;
mod hostile;
mod images;
mod inventory;
mod inventory_changes;
mod listing;
mod orders;
mod paging;
mod paging_guards;
mod retries;
mod scale;
mod validation;
