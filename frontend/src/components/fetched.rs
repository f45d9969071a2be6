//! A value fetched in the browser, fetched again when a signal its request reads changes: what
//! the pages used `LocalResource` for, at a fraction of the WebAssembly (an `Effect` and a
//! signal instead of an async-derived graph node per value type: about 4 KB each, 18 of them).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// A request as the effect runs it.
pub(crate) type Request<T> = Box<dyn Fn() -> Pin<Box<dyn Future<Output = T>>>>;

/// Runs `request` now, and again whenever a signal it reads (before its future) changes,
/// writing each answer into `target` unless a newer request started meanwhile. With `reset`,
/// `target` is cleared while a new request runs (a "loading" state rather than stale data).
/// The one mechanism behind `Fetched`, `html::fetch` and the accompaniment pages' `load`.
pub(crate) fn fetch_into<T: Send + Sync + 'static>(
    target: RwSignal<Option<T>>,
    reset: bool,
    request: Request<T>,
) {
    let sequence = StoredValue::new(0u32);
    Effect::new(move |_| {
        let future = request();
        if reset && target.with_untracked(Option::is_some) {
            target.set(None);
        }
        sequence.update_value(|s| *s += 1);
        let mine = sequence.get_value();
        leptos::task::spawn_local(async move {
            let answer = future.await;
            // The page may be gone: read its values with `try_`.
            if sequence.try_get_value() == Some(mine) {
                target.try_set(Some(answer));
            }
        });
    });
}

/// The latest answer of a request; `None` until the first one arrives. An answer that arrives
/// after a newer request started is dropped; the previous answer stays shown meanwhile.
pub struct Fetched<T: Send + Sync + 'static> {
    value: RwSignal<Option<T>>,
}

impl<T: Send + Sync + 'static> Clone for Fetched<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Fetched<T> {}

impl<T: Clone + Send + Sync + 'static> Fetched<T> {
    /// Starts `request` now, and again whenever a signal it reads (before its future) changes.
    pub fn new<Fut>(request: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = T> + 'static,
    {
        Self::boxed(Box::new(move || Box::pin(request())))
    }

    fn boxed(request: Request<T>) -> Self {
        let value = RwSignal::new(None);
        fetch_into(value, false, request);
        Self { value }
    }

    /// The latest answer (reactive).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}
