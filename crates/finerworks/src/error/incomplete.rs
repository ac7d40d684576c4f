//! [`Incomplete`]: what a listing that may miss images noticed, and each [`Change`] it saw.

use std::any::Any;
use std::fmt;
use std::sync::Arc;

/// What a listing that may be incomplete noticed (see [`Error::MayBeIncomplete`](crate::Error::MayBeIncomplete)).
#[derive(Clone)]
#[non_exhaustive]
pub struct Incomplete {
    /// How many images were listed (each once).
    pub listed: u64,
    /// How many walks over the pages were made (more than one with
    /// [`until_stable`](crate::ListImages::until_stable)).
    pub walks: u32,
    /// Whether the walks were meant to go on until the library settled, and it did not.
    pub until_stable: bool,
    /// What showed that the library changed, during the last walk (at most three of each kind).
    pub changes: Vec<Change>,
    /// The items listed, for `collect_all`; none from `pages` and `stream`, which yielded them
    /// already. Kept as `Any` because one error type serves every list (images, products):
    /// [`images`](Self::images) and [`items`](Self::items) read them typed.
    pub(crate) collected: Option<Arc<dyn Any + Send + Sync>>,
}

impl Incomplete {
    /// The images listed, for [`collect_all`](crate::ListImages::collect_all); empty from
    /// [`pages`](crate::ListImages::pages) and [`stream`](crate::ListImages::stream), which
    /// yielded them already.
    #[must_use]
    pub fn images(&self) -> &[crate::Image] {
        self.items()
    }

    /// The items of type `T` listed by a `collect_all` (empty when the list was of another type,
    /// or read with `pages` or `stream`, which yielded them already).
    #[must_use]
    pub fn items<T: 'static>(&self) -> &[T] {
        self.collected
            .as_ref()
            .and_then(|collected| collected.downcast_ref::<Vec<T>>())
            .map_or(&[], Vec::as_slice)
    }

    /// Takes the items of type `T` listed by a `collect_all` (cloned if the error was cloned).
    #[must_use]
    pub fn into_items<T: Clone + Send + Sync + 'static>(self) -> Vec<T> {
        match self
            .collected
            .map(|collected| collected.downcast::<Vec<T>>())
        {
            Some(Ok(items)) => Arc::try_unwrap(items).unwrap_or_else(|items| (*items).clone()),
            _ => Vec::new(),
        }
    }

    /// Keeps `items` as the items listed.
    pub(crate) fn with_items<T: Send + Sync + 'static>(mut self, items: Vec<T>) -> Self {
        self.collected = Some(Arc::new(items));
        self
    }

    /// How many items were kept.
    fn kept(&self) -> String {
        match &self.collected {
            None => "none".to_owned(),
            Some(collected) => collected.downcast_ref::<Vec<crate::Image>>().map_or_else(
                || "items".to_owned(),
                |images| format!("{} image(s)", images.len()),
            ),
        }
    }
}

impl fmt::Debug for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Incomplete")
            .field("listed", &self.listed)
            .field("walks", &self.walks)
            .field("until_stable", &self.until_stable)
            .field("changes", &self.changes)
            .field("collected", &format_args!("[{}]", self.kept()))
            .finish()
    }
}

impl fmt::Display for Incomplete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let changes: Vec<String> = self.changes.iter().map(ToString::to_string).collect();
        let changes = if changes.is_empty() {
            "each walk found images the walks before had not".to_owned()
        } else {
            changes.join("; ")
        };
        if self.until_stable {
            write!(
                f,
                "the library did not settle after {} walks ({changes}): the {} image(s) listed \
                 may miss some",
                self.walks, self.listed
            )
        } else {
            write!(
                f,
                "the listing may be incomplete: the library changed while it was listed \
                 ({changes}); {} image(s) listed, list again to be sure",
                self.listed
            )
        }
    }
}

/// A sign, noticed during a walk over the pages, that the library changed under it.
///
/// Each variant names the page it showed on, counting from 1 as the API does.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Change {
    /// `count` changed from one page to the next.
    #[error("at page {page} it counts {now} images where it counted {before}")]
    Count {
        /// The page where the change showed.
        page: u32,
        /// The `count` before.
        before: u64,
        /// The `count` at that page.
        now: u64,
    },
    /// A page held images already listed from earlier pages: images were added (or moved)
    /// before it. They were not listed again.
    #[error("page {page} repeats {images} image(s) listed before")]
    Repeats {
        /// The page.
        page: u32,
        /// How many of its images had been listed.
        images: usize,
    },
    /// The first page, read again at the end, holds other images than when it was listed.
    #[error("page {page}, read again at the end, holds other images")]
    FirstPage {
        /// The first page.
        page: u32,
    },
    /// The page `count` said was the last, read early and again at the end, holds other images.
    #[error("page {page}, read again at the end, holds other images")]
    LastPage {
        /// The page.
        page: u32,
    },
    /// `count` fell by more pages than the walk reads again, so images that moved onto pages
    /// already read were not looked for.
    #[error(
        "at page {page} it counts {before_minus_now} fewer images, more than the pages read again hold"
    )]
    TooManyRemoved {
        /// The page where the fall showed.
        page: u32,
        /// By how much `count` fell.
        before_minus_now: u64,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_says_what_changed_and_leaves_the_images_out_of_debug() {
        let incomplete = Incomplete {
            listed: 2,
            walks: 1,
            until_stable: false,
            changes: vec![
                Change::FirstPage { page: 1 },
                Change::Count {
                    page: 3,
                    before: 250,
                    now: 247,
                },
            ],
            collected: None,
        }
        .with_items(vec![crate::Image::default(); 2]);
        assert_eq!(
            incomplete.to_string(),
            "the listing may be incomplete: the library changed while it was listed (page 1, \
             read again at the end, holds other images; at page 3 it counts 247 images where \
             it counted 250); 2 image(s) listed, list again to be sure"
        );
        assert!(format!("{incomplete:?}").contains("collected: [2 image(s)]"));
        assert_eq!(incomplete.images().len(), 2);
        assert!(incomplete.items::<String>().is_empty());
        assert_eq!(incomplete.clone().into_items::<crate::Image>().len(), 2);
        let unsettled = Incomplete {
            walks: 5,
            until_stable: true,
            changes: Vec::new(),
            collected: None,
            ..incomplete
        };
        assert_eq!(
            unsettled.to_string(),
            "the library did not settle after 5 walks (each walk found images the walks before \
             had not): the 2 image(s) listed may miss some"
        );
    }
}
