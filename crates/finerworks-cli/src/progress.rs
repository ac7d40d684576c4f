//! The progress bars of `images list --all` (pages) and `images add` (images sent), on stderr, drawn
//! only when stderr is a terminal.

use std::fmt;
use std::time::Duration;

use finerworks::Page;

use crate::printable::Printable;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};

/// Images and pages fetched against the total, and the rate.
///
/// indicatif draws to stderr only when it is a terminal (and `TERM` is not `dumb`); redirected or
/// piped, the bar is hidden and writes nothing, so logs and captured output stay clean.
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Pages done so far, and how many are expected.
    pages: (u64, Option<u64>),
}

impl Progress {
    /// A spinner until the first page says how many images there are.
    pub(crate) fn start() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg}").expect("a valid progress template"),
        );
        bar.set_message("fetching the first page…");
        if !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(100));
        }
        Self {
            bar,
            pages: (0, None),
        }
    }

    /// A bar over the images to add, moved by the client as each of its calls ends (see
    /// [`counter`](Self::counter)).
    pub(crate) fn adding(images: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(images), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{bar:30}] {human_pos}/{human_len} images sent ({eta} left)",
            )
            .expect("a valid progress template")
            .progress_chars("=> "),
        );
        if !bar.is_hidden() {
            bar.enable_steady_tick(Duration::from_millis(100));
        }
        Self {
            bar,
            pages: (0, None),
        }
    }

    /// What moves the bar to `done` of `total` images: for `AddImages::on_progress`, which calls
    /// it as each call ends, in success or not.
    pub(crate) fn counter(&self) -> impl Fn(usize, usize) + Send + Sync + 'static {
        let bar = self.bar.clone();
        move |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// Counts a page in. The first one sets the totals.
    pub(crate) fn page<T: Printable>(&mut self, page: &Page<T>) {
        let noun = T::NOUN.1;
        if self.pages.0 == 0 {
            // Paging may start past page 1 (`--page`): count only what is left from there.
            let skipped = u64::from(page.page_number.saturating_sub(1)) * u64::from(page.per_page);
            // `count` is only a hint: zero says nothing, and the bar grows past a short one.
            if let Some(total) = page.total.filter(|&total| total > 0) {
                self.bar.set_length(total.saturating_sub(skipped));
                self.pages.1 = page
                    .total_pages()
                    .map(|pages| pages.saturating_sub(u64::from(page.page_number) - 1).max(1));
                self.bar.set_style(
                    ProgressStyle::with_template(&format!(
                        "{{spinner}} [{{bar:30}}] {{human_pos}}/{{human_len}} {noun}, {{msg}} \
                         ({{rate}}, {{eta}} left)"
                    ))
                    .expect("a valid progress template")
                    .with_key(
                        "rate",
                        move |state: &ProgressState, out: &mut dyn fmt::Write| {
                            let _ = write!(out, "{:.0} {noun}/s", state.per_sec());
                        },
                    )
                    .progress_chars("=> "),
                );
            }
        }
        self.pages.0 += 1;
        self.bar.inc(page.items.len() as u64);
        if self
            .bar
            .length()
            .is_some_and(|length| self.bar.position() > length)
        {
            self.bar.set_length(self.bar.position());
        }
        self.bar.set_message(match self.pages {
            (done, Some(total)) => format!("page {done}/{}", total.max(done)),
            (done, None) => format!("page {done}"),
        });
    }

    /// Runs `write` with the bar out of the way, so that output to the same terminal does not mix
    /// with it.
    pub(crate) fn suspend<R>(&self, write: impl FnOnce() -> R) -> R {
        self.bar.suspend(write)
    }

    /// Removes the bar (done, or stopped by an error).
    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // Never leave a half-drawn bar behind, whatever ended the listing.
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The client reports images done as each call ends; the bar follows.
    #[test]
    fn the_adding_bar_follows_the_clients_count() {
        let progress = Progress::adding(12);
        let counter = progress.counter();
        counter(5, 12);
        assert_eq!(progress.bar.position(), 5);
        counter(12, 12);
        assert_eq!(progress.bar.position(), 12);
        assert_eq!(progress.bar.length(), Some(12));
    }
}
