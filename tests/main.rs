//! The contract, checked through the generated crate: the vendor's and our fixtures decode without
//! loss, the requests the SDK sends are snapshotted byte for byte, and the generated client works
//! against the mock. The SDK's own behaviour is tested in crates/finerworks/tests.
//!
//! One test binary (each file below is a module).

mod support;

mod contract;
mod generated_client;
