//! The mock over HTTP: every operation, fault, limit and option, as a client sees them.
//!
//! One test binary for the whole crate (each file below is a module): one link instead of
//! one per file.

mod support;

mod aimed_faults;
mod binary;
mod catalog;
mod contract;
mod credentials;
mod dataset;
mod every_operation;
mod faults;
mod filters;
mod images_add;
mod images_update_delete;
mod keys_validation;
mod libraries;
mod log;
mod orders;
mod orders_lifecycle;
mod profiles;
mod slow_clients;
mod sorting_paging;
