//! The end of a walk over the pages: the first page and the probe read again, what the walk
//! noticed of a library changing under it, and the walk that starts over for `until_stable`.

use super::{Fetch, MAX_WALKS, Mode, Walk, keys_of};
use crate::error::{Change, Error, Incomplete, Result};
use finerworks_api::PagedOperation;

/// The most changes of one kind a report keeps.
const CHANGES_KEPT: usize = 3;

impl<O: PagedOperation> Walk<O> {
    /// The walk reached its end: checks what it can, then ends the stream, reports that the
    /// listing may be incomplete, or (`until_stable`) starts another walk.
    pub(super) async fn end_of_walk(&mut self) -> Result<()> {
        // Pages fetched ahead past the end are not needed (those sent are awaited all the same).
        self.window.drop_pages();
        self.check_end().await?;
        self.window.settle().await;
        let settled = if self.until_stable {
            self.walks > 1 && self.new_this_walk == 0 && self.changes.is_empty()
        } else {
            self.changes.is_empty()
        };
        if settled {
            self.finished = true;
            return Ok(());
        }
        if !self.until_stable || self.walks >= MAX_WALKS {
            return Err(Error::MayBeIncomplete(Box::new(Incomplete {
                listed: self.yielded,
                walks: self.walks,
                until_stable: self.until_stable,
                changes: std::mem::take(&mut self.changes),
                collected: None,
            })));
        }
        self.start_walk();
        Ok(())
    }

    /// Starts another walk from the first page, keeping what was yielded.
    fn start_walk(&mut self) {
        self.walks += 1;
        self.mode = Mode::Start;
        self.size = self.asked;
        self.window.set_width(self.window.connection().concurrency);
        self.previous = None;
        self.empty_from = None;
        self.count = None;
        self.new_this_walk = 0;
        self.changes.clear();
        self.first_seen = None;
        self.probe_number = None;
        self.probe_seen = None;
        self.planned_end = None;
    }

    /// Reads the first page (and the probe, if the walk placed one) again after a walk that went
    /// past its first page, and notes what changed. A walk that ended at its first page read
    /// every image it lists in one answer, and has nothing to check. The reads were sent with
    /// the last pages when the walk could tell which those were; otherwise they are sent now.
    async fn check_end(&mut self) -> Result<()> {
        let Some(first_seen) = self.first_seen.take() else {
            return Ok(());
        };
        if first_seen.len() < self.size as usize {
            return Ok(());
        }
        let probe = self
            .probe_number
            .zip(self.probe_seen.take())
            .filter(|(number, _)| *number != self.first);
        let first = Fetch::Recheck(self.first);
        let probe_read = probe.as_ref().map(|(number, _)| Fetch::Recheck(*number));
        for what in std::iter::once(first).chain(probe_read) {
            if !self.window.holds(what) {
                self.window.queue(what);
            }
        }
        self.window.top_up();
        let first_again = self.window.take(first).await?;
        let probe_again = match probe_read {
            Some(what) => Some(self.window.take(what).await?),
            None => None,
        };
        if keys_of::<O>(&first_again) != first_seen {
            self.note(Change::FirstPage { page: self.first });
        }
        if let (Some(before), Some(now)) = (self.count, first_again.total)
            && before != now
        {
            self.note(Change::Count {
                page: self.first,
                before,
                now,
            });
        }
        if let (Some((number, seen)), Some(again)) = (probe, probe_again)
            && keys_of::<O>(&again) != seen
        {
            self.note(Change::LastPage { page: number });
        }
        Ok(())
    }

    /// Notes a change, once, keeping at most [`CHANGES_KEPT`] of each kind.
    pub(super) fn note(&mut self, change: Change) {
        let kind = std::mem::discriminant(&change);
        let same_kind = self
            .changes
            .iter()
            .filter(|noted| std::mem::discriminant(*noted) == kind)
            .count();
        if same_kind < CHANGES_KEPT && !self.changes.contains(&change) {
            self.changes.push(change);
        }
    }
}
