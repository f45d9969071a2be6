//! Pagination: `?page=1&per_page=25`, answered with the items and the total.

use serde::{Deserialize, Serialize};
use validator::Validate;

/// The largest page the API serves.
pub const MAX_PER_PAGE: u32 = 100;
/// The page size when none is asked for.
pub const DEFAULT_PER_PAGE: u32 = 25;

/// Page selection, from the query string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct PageQuery {
    /// Page number, from 1 (default 1).
    #[validate(range(min = 1, message = "Le numéro de page commence à 1."))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 25).
    #[validate(range(min = 1, max = 100, message = "Entre 1 et 100 éléments par page."))]
    pub per_page: Option<u32>,
}

impl PageQuery {
    /// The page number (1-based).
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    /// The page size.
    pub fn per_page(&self) -> u32 {
        self.per_page
            .unwrap_or(DEFAULT_PER_PAGE)
            .clamp(1, MAX_PER_PAGE)
    }

    /// Rows to skip.
    pub fn offset(&self) -> u64 {
        u64::from(self.page() - 1) * u64::from(self.per_page())
    }
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match, over all pages.
    pub total: u64,
    /// This page's number (1-based).
    pub page: u32,
    /// The page size used.
    pub per_page: u32,
}

impl<T> Page<T> {
    /// The number of pages.
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_offsets() {
        let q = PageQuery::default();
        assert_eq!((q.page(), q.per_page(), q.offset()), (1, 25, 0));
        let q = PageQuery {
            page: Some(3),
            per_page: Some(10),
        };
        assert_eq!(q.offset(), 20);
        assert!(
            PageQuery {
                page: Some(0),
                per_page: None
            }
            .validate()
            .is_err()
        );
        assert!(
            PageQuery {
                page: None,
                per_page: Some(101)
            }
            .validate()
            .is_err()
        );
        let p = Page::<u8> {
            items: vec![],
            total: 51,
            page: 1,
            per_page: 25,
        };
        assert_eq!(p.page_count(), 3);
    }
}
