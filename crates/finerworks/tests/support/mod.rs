//! The SDK tests' helpers: a client for the mock that does not wait long between retries, and a
//! tiny HTTP server that answers whatever a test says, for servers the mock does not imitate.

#![allow(dead_code, unreachable_pub)]

pub mod canned;
pub mod client;
pub mod orders;
pub mod walk;
