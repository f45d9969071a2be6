//! Authentication: password hashing, access tokens, opaque link and refresh tokens, and the
//! login/refresh/logout, invitation and password-reset flows.

pub mod jwt;
pub mod password;
pub mod service;
pub mod tokens;
