//! [`Reading`]: named readings of what the FinerWorks docs leave open about paging, so that a
//! test can run once under each of them.

use crate::{CountMode, Echo, MockConfig};

/// One reading of the open questions about paging: what `count` says, how many images a page
/// really holds, and what the answer echoes. Apply it to a configuration with
/// [`apply`](Self::apply).
///
/// Client code that lists images should work under every one of [`Reading::PAGING`]: FinerWorks
/// documents none of these points, and its own example answers `count: 0` beside an image.
///
/// # Examples
///
/// ```
/// use finerworks_mock::{MockConfig, Reading};
///
/// for reading in Reading::PAGING {
///     let config = reading.apply(MockConfig::new().images(137).strict(true));
///     // Start a server with `config`, list every image with the code under test, and check
///     // that each of the 137 images came exactly once; `reading.name` says which reading failed.
///     # let _ = config;
/// }
/// assert!(Reading::PAGING.iter().any(|reading| reading.name == "count 0"));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Reading {
    /// A short name, such as `count 0` or `25 a page, count null`.
    pub name: &'static str,
    /// Whether `count` may say more images than there are (so that finding the end may take a
    /// request more).
    pub count_may_be_too_large: bool,
    /// The most images a page holds under this reading, if fewer than asked.
    pub page_size_cap: Option<u32>,
    configure: fn(MockConfig) -> MockConfig,
}

impl Reading {
    /// Every reading of the paging questions that changes what a client sees, the documented
    /// one (`count exact`) first.
    pub const PAGING: &'static [Reading] = &[
        Reading::new("count exact", false, None, |c| c),
        Reading::new("count 0", false, None, |c| c.count(CountMode::Zero)),
        Reading::new("count null", false, None, |c| c.count(CountMode::Null)),
        Reading::new("count missing", false, None, |c| {
            c.count(CountMode::Missing)
        }),
        Reading::new("count -1", false, None, |c| c.count(CountMode::Negative)),
        Reading::new("count 37 short", false, None, |c| {
            c.count(CountMode::Under(37))
        }),
        Reading::new("count 17 short", false, None, |c| {
            c.count(CountMode::Under(17))
        }),
        Reading::new("count 23 over", true, None, |c| {
            c.count(CountMode::Over(23))
        }),
        Reading::new("count unfiltered", true, None, |c| {
            c.count(CountMode::Unfiltered)
        }),
        Reading::new("echo 0", false, None, |c| c.echo(Echo::Zero)),
        Reading::new("25 a page", false, Some(25), |c| c.page_size_cap(Some(25))),
        Reading::new("25 a page, count null", false, Some(25), |c| {
            c.page_size_cap(Some(25)).count(CountMode::Null)
        }),
        Reading::new("25 a page, count unfiltered", true, Some(25), |c| {
            c.page_size_cap(Some(25)).count(CountMode::Unfiltered)
        }),
        Reading::new("25 a page, echo 0", false, Some(25), |c| {
            c.page_size_cap(Some(25)).echo(Echo::Zero)
        }),
    ];

    const fn new(
        name: &'static str,
        count_may_be_too_large: bool,
        page_size_cap: Option<u32>,
        configure: fn(MockConfig) -> MockConfig,
    ) -> Self {
        Self {
            name,
            count_may_be_too_large,
            page_size_cap,
            configure,
        }
    }

    /// `config` under this reading (its other settings kept).
    #[must_use]
    pub fn apply(&self, config: MockConfig) -> MockConfig {
        (self.configure)(config)
    }
}
