// Passerelle's service worker: keeps the app shell (HTML, scripts, styles, icons) so the app
// opens without a network and says so. It never stores API answers: personal data stays on
// the server. `cargo xtask` fills in the version and the lists of files at build time:
// - PRECACHE: the shell, the youth app's and the public pages' WebAssembly chunks, fetched
//   when the worker installs;
// - ON_DEMAND: the staff faces' chunks (counsellor dashboard, partner portal), which a young
//   person's phone never downloads: kept the first time the app fetches them.
const VERSION = "__PASSERELLE_VERSION__";
const PRECACHE = __PASSERELLE_PRECACHE__;
const ON_DEMAND = new Set(__PASSERELLE_ON_DEMAND__);
const CACHE = `passerelle-shell-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith("passerelle-shell-") && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname === "/healthz" || url.pathname === "/readyz") {
    return;
  }
  if (request.mode === "navigate") {
    // Network first, so a new version is picked up; the cached shell when offline.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match("/index.html")),
      ),
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request).then((hit) => {
        if (hit) return hit;
        return fetch(request).then((response) => {
          if (response.ok && ON_DEMAND.has(url.pathname)) {
            cache.put(request, response.clone());
          }
          return response;
        });
      }),
    ),
  );
});
