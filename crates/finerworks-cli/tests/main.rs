//! `finerworks` run as a process, against the mock and small local servers.
//!
//! One test binary for the whole crate (each file below is a module): one link instead of
//! one per file.

mod support;

mod add;
mod api;
mod catalog;
mod cli;
mod credentials;
mod delete;
mod flags;
mod hostile;
mod inventory;
mod list_edges;
mod list_filters;
mod orders;
mod output_safety;
mod paging;
mod round_trip;
mod update;
