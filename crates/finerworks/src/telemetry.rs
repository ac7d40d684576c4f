//! Tracing spans for calls and attempts; with the `tracing` feature off, no-ops of the same shape.

#[cfg(feature = "tracing")]
mod enabled {
    use std::future::Future;

    use tracing::Instrument as _;
    pub(crate) use tracing::Span;

    /// The span of one call: `finerworks.request`, with the page when the call reads one.
    pub(crate) fn request_span(operation: &'static str, page: Option<u32>) -> Span {
        tracing::info_span!(
            "finerworks.request",
            operation,
            page,
            attempts = tracing::field::Empty,
            http.status = tracing::field::Empty,
            reference_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        )
    }

    /// The span of one attempt: `finerworks.attempt`.
    pub(crate) fn attempt_span(attempt: u32) -> Span {
        tracing::debug_span!(
            "finerworks.attempt",
            attempt,
            http.status = tracing::field::Empty,
            reference_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        )
    }

    /// Runs `future` inside `span`.
    pub(crate) fn instrument<F: Future>(future: F, span: &Span) -> impl Future<Output = F::Output> {
        future.instrument(span.clone())
    }

    /// Notes that a failed attempt will be retried after `wait_ms`.
    pub(crate) fn retrying(attempt: u32, wait_ms: u64) {
        tracing::debug!(attempt, wait_ms, "retrying after a retryable failure");
    }
}

#[cfg(not(feature = "tracing"))]
mod enabled {
    use std::future::Future;

    /// A span that records nothing.
    #[derive(Clone)]
    pub(crate) struct Span;

    impl Span {
        pub(crate) fn current() -> Self {
            Self
        }

        pub(crate) fn record<V>(&self, _field: &str, _value: V) {}
    }

    pub(crate) fn request_span(_operation: &'static str, _page: Option<u32>) -> Span {
        Span
    }

    pub(crate) fn attempt_span(_attempt: u32) -> Span {
        Span
    }

    pub(crate) fn instrument<F: Future>(future: F, _span: &Span) -> F {
        future
    }

    pub(crate) fn retrying(_attempt: u32, _wait_ms: u64) {}
}

pub(crate) use enabled::*;
