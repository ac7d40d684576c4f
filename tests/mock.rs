//! Tests of the mock server (placeholder).
