//! Tests of the client (placeholder).
