//! [`SubmitReport`]: what happened to each order of a submission ([`Outcome`]), with the evidence
//! of the lookups by PO made for it ([`Lookup`]).

use std::fmt;
use std::sync::Arc;

use crate::error::Error;
use crate::{OrderStatus, ReceivedOrder};

/// What happened to each order of a submission: see [`SubmitOrders::send`](crate::SubmitOrders::send) and
/// [`Error::SubmitIncomplete`].
///
/// Its `Debug` is a summary (the counts), whatever the number of orders.
#[non_exhaustive]
pub struct SubmitReport {
    /// One entry per order given, in the same order.
    pub orders: Vec<SubmittedOrder>,
}

impl SubmitReport {
    /// Whether every order was placed (or, with `validate_only`, found valid).
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.orders.iter().all(|order| order.outcome.is_done())
    }

    /// The orders placed by this submission (from the answer, or found by their PO after a call
    /// of unknown fate).
    pub fn placed(&self) -> impl Iterator<Item = &SubmittedOrder> {
        self.orders.iter().filter(|o| {
            matches!(
                o.outcome,
                Outcome::Placed(_) | Outcome::FoundAfterLookup { .. }
            )
        })
    }

    /// The orders that may or may not have been placed: look them up by PO
    /// ([`Orders::status_by_po`](crate::Orders::status_by_po)) before submitting them again
    /// (a new submission does that itself).
    pub fn unknown(&self) -> impl Iterator<Item = &SubmittedOrder> {
        self.orders
            .iter()
            .filter(|o| matches!(o.outcome, Outcome::Unknown { .. }))
    }

    /// The orders certainly not placed by this submission.
    pub fn not_placed(&self) -> impl Iterator<Item = &SubmittedOrder> {
        self.orders
            .iter()
            .filter(|o| matches!(o.outcome, Outcome::NotPlaced { .. }))
    }

    /// The orders not sent because FinerWorks already had an order with their PO.
    pub fn already_present(&self) -> impl Iterator<Item = &SubmittedOrder> {
        self.orders
            .iter()
            .filter(|o| matches!(o.outcome, Outcome::AlreadyPresent { .. }))
    }
}

impl fmt::Debug for SubmitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SubmitReport")
            .field("orders", &self.orders.len())
            .field("placed", &self.placed().count())
            .field("already_present", &self.already_present().count())
            .field("not_placed", &self.not_placed().count())
            .field("unknown", &self.unknown().count())
            .finish_non_exhaustive()
    }
}

impl fmt::Display for SubmitReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let valid = self
            .orders
            .iter()
            .filter(|o| matches!(o.outcome, Outcome::Valid))
            .count();
        if valid > 0 {
            write!(f, "{valid} of {} orders valid; ", self.orders.len())?;
        }
        write!(
            f,
            "{} of {} orders placed; {} already at finerworks (not sent); {} not placed; {} may or \
             may not have been placed",
            self.placed().count(),
            self.orders.len(),
            self.already_present().count(),
            self.not_placed().count(),
            self.unknown().count()
        )?;
        if let Some(first) = self.orders.iter().find(|o| !o.outcome.is_done()) {
            write!(f, " (first: {first})")?;
        }
        Ok(())
    }
}

/// One order of a submission: its PO and what happened to it.
#[derive(Debug)]
#[non_exhaustive]
pub struct SubmittedOrder {
    /// Its index in the input, from 0.
    pub index: usize,
    /// Its PO: the one given, or the one generated.
    pub order_po: String,
    /// Whether the PO was generated (the order had none).
    pub po_generated: bool,
    /// What happened to it.
    pub outcome: Outcome,
}

impl fmt::Display for SubmittedOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "orders[{}] (po {}", self.index, self.order_po)?;
        if self.po_generated {
            f.write_str(", generated")?;
        }
        write!(f, "): {}", self.outcome)
    }
}

/// What happened to one order of a submission.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// Placed: FinerWorks' answer lists it.
    Placed(ReceivedOrder),
    /// Placed: its call's fate was unknown, and the lookup by PO found it (it was not sent
    /// again).
    FoundAfterLookup {
        /// How its call ended.
        cause: Arc<Error>,
        /// What was asked, and what was found.
        lookup: Lookup,
    },
    /// Not sent: FinerWorks already had an order with its PO when the submission started (an
    /// earlier submission, or another order with the same PO).
    AlreadyPresent {
        /// What was asked, and what was found.
        lookup: Lookup,
    },
    /// Found complete by a `validate_only` submission (nothing was placed).
    Valid,
    /// Certainly not placed by this submission: the call never reached FinerWorks or was refused
    /// (and, when it may have reached it, a lookup by PO did not find it).
    NotPlaced {
        /// Why.
        error: Arc<Error>,
        /// The lookup that did not find it, if one was made.
        lookup: Option<Lookup>,
    },
    /// Unknown: its call may have been acted on, and no lookup could settle it (it failed, or
    /// the submission was interrupted).
    Unknown {
        /// How its call ended.
        error: Arc<Error>,
        /// The lookup that failed, if one was made.
        lookup: Option<Lookup>,
    },
}

impl Outcome {
    /// Whether the order went in (placed, or valid under `validate_only`).
    #[must_use]
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            Self::Placed(_) | Self::FoundAfterLookup { .. } | Self::Valid
        )
    }

    /// The lookup by PO made for it, if any.
    #[must_use]
    pub fn lookup(&self) -> Option<&Lookup> {
        match self {
            Self::FoundAfterLookup { lookup, .. } | Self::AlreadyPresent { lookup } => Some(lookup),
            Self::NotPlaced { lookup, .. } | Self::Unknown { lookup, .. } => lookup.as_ref(),
            Self::Placed(_) | Self::Valid => None,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Placed(order) => match order.order_id {
                Some(id) => write!(f, "placed as order {id}"),
                None => f.write_str("placed"),
            },
            Self::FoundAfterLookup { cause, lookup } => {
                write!(f, "placed (found by its po after: {cause}; {lookup})")
            }
            Self::AlreadyPresent { lookup } => {
                write!(f, "not sent: finerworks already has this po ({lookup})")
            }
            Self::Valid => f.write_str("valid"),
            Self::NotPlaced { error, lookup } => {
                write!(f, "not placed: {error}")?;
                lookup
                    .as_ref()
                    .map_or(Ok(()), |lookup| write!(f, " ({lookup})"))
            }
            Self::Unknown { error, lookup } => {
                write!(f, "may or may not have been placed: {error}")?;
                lookup
                    .as_ref()
                    .map_or(Ok(()), |lookup| write!(f, " ({lookup})"))
            }
        }
    }
}

/// The evidence of a lookup by PO (`fetch_order_status` with `order_pos`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Lookup {
    /// The POs asked for (the order's, and those of the other orders of its call).
    pub asked: Vec<String>,
    /// The orders FinerWorks has with this order's PO.
    pub found: Vec<OrderStatus>,
    /// How the lookup failed, if it did.
    pub error: Option<Arc<Error>>,
}

impl fmt::Display for Lookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "looked up {} po(s): ", self.asked.len())?;
        if let Some(error) = &self.error {
            return write!(f, "the lookup failed: {error}");
        }
        if self.found.is_empty() {
            return f.write_str("not found");
        }
        let ids: Vec<String> = self
            .found
            .iter()
            .map(|o| {
                o.order_id
                    .map_or_else(|| "?".to_owned(), |id| id.to_string())
            })
            .collect();
        write!(f, "found order(s) {}", ids.join(", "))
    }
}
