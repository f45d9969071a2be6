//! Serves the single-page app: its files, and `index.html` for every client-side route
//! (`/connexion`, `/conseiller/...`, `/jeune/...`, `/partenaire/...`). Adds the security and
//! cache headers of every non-API response.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, web};

/// The Content-Security-Policy of the app: everything from this origin, WebAssembly allowed.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
    manifest-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'self'; \
    form-action 'self'; object-src 'none'";

/// The CSP with the map tile server's origin allowed for images, when one is configured.
pub fn csp_with_tiles(tile_url: Option<&str>) -> String {
    let origin = tile_url
        .and_then(|u| reqwest::Url::parse(&u.replace(['{', '}'], "")).ok())
        .filter(|u| matches!(u.scheme(), "https" | "http"))
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null");
    match origin {
        Some(origin) => CSP.replace(
            "img-src 'self' data:",
            &format!("img-src 'self' data: {origin}"),
        ),
        None => CSP.to_owned(),
    }
}

/// Registers the app's files, or a notice when they are not built.
pub fn configure(cfg: &mut web::ServiceConfig, static_dir: &Path) {
    let index = static_dir.join("index.html");
    if index.is_file() {
        cfg.service(
            Files::new("/", static_dir)
                .index_file("index.html")
                .use_etag(true)
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move {
                        let (req, _) = req.into_parts();
                        let file = NamedFile::open_async(&index).await?;
                        Ok(ServiceResponse::new(req.clone(), file.into_response(&req)))
                    }
                })),
        );
    } else {
        let dir: PathBuf = static_dir.to_path_buf();
        cfg.default_service(web::to(move || {
            let dir = dir.clone();
            async move {
                HttpResponse::ServiceUnavailable().content_type("text/html; charset=utf-8").body(format!(
                    "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Passerelle</title>\
                     <main><h1>L'application web n'est pas construite</h1>\
                     <p>Aucun fichier dans <code>{}</code>. Lancez <code>cargo xtask demo</code> \
                     pour la construire et démarrer le serveur.</p><p>L'API répond sous \
                     <a href=\"/api/docs/\">/api/docs/</a>.</p></main></html>",
                    dir.display()
                ))
            }
        }));
    }
}

/// Security headers everywhere; the app's CSP and cache rules outside `/api`.
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path().to_owned();
    let csp = req
        .app_data::<web::Data<crate::state::AppState>>()
        .map(|s| csp_with_tiles(s.settings.web.map_tile_url.as_deref()))
        .unwrap_or_else(|| CSP.to_owned());
    let mut res = next.call(req).await?;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !path.starts_with("/api/") {
        if !path.starts_with("/healthz") && !path.starts_with("/readyz") {
            h.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static(CSP)),
            );
        }
        let cache = if path.starts_with("/assets/") {
            // Content-hashed file names: cache forever.
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tile_server_is_allowed_for_images_only() {
        assert_eq!(csp_with_tiles(None), CSP);
        let csp = csp_with_tiles(Some("https://tiles.example.org/{z}/{x}/{y}.png"));
        assert!(
            csp.contains("img-src 'self' data: https://tiles.example.org;"),
            "{csp}"
        );
        assert!(csp.contains("connect-src 'self';"));
        assert_eq!(csp_with_tiles(Some("pas une adresse")), CSP);
    }
}
