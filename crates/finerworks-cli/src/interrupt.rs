//! Ctrl-C (SIGINT) and SIGTERM, caught by the commands that must not end mid-way without a
//! word: once [`Interrupt::listen`] is called, the signal no longer ends the process; the
//! command stops what it was doing, says what happened, and exits with 130.

use std::future::Future;

use tokio::sync::watch;

/// A signal listener, from the moment it is made.
pub(crate) struct Interrupt {
    // Kept so that `signalled` never completes while no signal came, even if listening failed.
    signalled: watch::Sender<bool>,
}

impl Interrupt {
    /// Starts catching Ctrl-C and SIGTERM. Must be called within the runtime.
    pub(crate) fn listen() -> Self {
        let (sender, _) = watch::channel(false);
        let notify = sender.clone();
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            // Registered here, before anything is sent, not when the task first runs.
            let interrupt = signal(SignalKind::interrupt());
            let terminate = signal(SignalKind::terminate());
            if let (Ok(mut interrupt), Ok(mut terminate)) = (interrupt, terminate) {
                tokio::spawn(async move {
                    tokio::select! {
                        _ = interrupt.recv() => {}
                        _ = terminate.recv() => {}
                    }
                    notify.send_replace(true);
                });
            }
        }
        #[cfg(not(unix))]
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                notify.send_replace(true);
            }
        });
        Self { signalled: sender }
    }

    /// Completes when a signal came.
    pub(crate) fn signalled(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut receiver = self.signalled.subscribe();
        async move {
            // An error would mean no sender is left; `self` keeps one, and if it is gone the
            // command is over, so never completing is right.
            if receiver.wait_for(|signalled| *signalled).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// Whether a signal came.
    pub(crate) fn is_signalled(&self) -> bool {
        *self.signalled.borrow()
    }
}
