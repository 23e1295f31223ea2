//! Type-erased reactive building blocks, to keep the WebAssembly small.
//!
//! Every distinct closure handed to the view (or future handed to a resource) makes the
//! compiler copy the rendering (or polling) machinery for that closure's type. Boxing them
//! into one shared type per output means one copy for all: the pages use [`dynamic`] for
//! reactive parts of a view, [`dynamic_text`] for reactive text and [`resource`] for data
//! (every resource stores its answer type-erased and [`Resource`] gives it back typed).

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::api::{ApiError, ApiResult};

/// A reactive part of a view, re-rendered when what it reads changes.
pub(crate) type DynView = Arc<Mutex<dyn FnMut() -> AnyView + Send>>;

/// A reactive text.
pub(crate) type DynText = Arc<Mutex<dyn FnMut() -> String + Send>>;

/// `render` as a reactive part of a view.
pub(crate) fn dynamic(render: impl FnMut() -> AnyView + Send + 'static) -> DynView {
    Arc::new(Mutex::new(render))
}

/// `text` as a reactive text.
pub(crate) fn dynamic_text(text: impl FnMut() -> String + Send + 'static) -> DynText {
    Arc::new(Mutex::new(text))
}

/// What every resource holds, whatever it fetched: one type, so the async machinery behind
/// [`LocalResource`] is compiled once.
type Erased = Result<Arc<dyn Any + Send + Sync>, ApiError>;

/// A boxed fetch.
type Fetch = Pin<Box<dyn Future<Output = Erased>>>;

/// Data fetched from the API, reloaded when the signals read by its fetch change; read it with
/// [`Resource::get`] (`None` while loading the first time).
pub(crate) struct Resource<T> {
    inner: LocalResource<Erased>,
    kind: PhantomData<fn() -> T>,
}

impl<T> Clone for Resource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Resource<T> {}

impl<T> std::fmt::Debug for Resource<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Resource")
    }
}

impl<T: Clone + Send + Sync + 'static> Resource<T> {
    /// The answer (tracked): `None` while loading the first time; while reloading, the
    /// previous answer.
    pub(crate) fn get(&self) -> Option<ApiResult<T>> {
        self.with_value(T::clone)
    }

    /// `read` applied to the answer (tracked), without cloning it.
    pub(crate) fn with_value<U>(&self, read: impl FnOnce(&T) -> U) -> Option<ApiResult<U>> {
        self.inner.with(|answer| {
            answer.as_ref().map(|answer| match answer {
                Ok(any) => any
                    .downcast_ref::<T>()
                    .map(read)
                    .ok_or_else(|| ApiError::Decode("unexpected answer type".to_owned())),
                Err(error) => Err(error.clone()),
            })
        })
    }
}

/// A [`Resource`] that reruns `fetch` when the signals it reads change.
pub(crate) fn resource<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> Resource<T>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = ApiResult<T>> + 'static,
{
    let fetch: Box<dyn Fn() -> Fetch> = Box::new(move || {
        let answer = fetch();
        Box::pin(async move {
            answer
                .await
                .map(|value| Arc::new(value) as Arc<dyn Any + Send + Sync>)
        })
    });
    Resource {
        inner: LocalResource::new(fetch),
        kind: PhantomData,
    }
}
