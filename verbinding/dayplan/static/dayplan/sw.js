/* Verbinding service worker: today's round, available without a connection.

   What it keeps (one Cache Storage cache, "verbinding-day"): the offline round page, each planned
   household's compact offline page (with the contact form) and the static files those pages
   need. Nothing else is stored: other pages go to the network only, and their HTTP responses stay
   "no-store". The cache is filled only when the day plan page asks for it ("prepare"), and it is
   dropped when it is from another day, when the session turns out to have ended (a page
   redirected to the login form), on logout (the page script and the Clear-Site-Data header), and
   when the next round is prepared.

   Contacts recorded offline are NOT handled here: the page script keeps them encrypted in
   IndexedDB and sends them itself (see offline.js). This worker never handles POST requests. */
"use strict";

var CACHE = "verbinding-day";
var META = "/__verbinding-offline-meta";
var ROUND = "/dayplan/offline/";
var LOGIN = "/account/login/";

function localDay(date) {
  var d = date || new Date();
  return d.getFullYear() + "-" + (d.getMonth() + 1) + "-" + d.getDate();
}

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function reply(event, message) {
  if (event.ports && event.ports[0]) event.ports[0].postMessage(message);
}

// The same round prepared less than this long ago is not fetched again (each fetch is a page
// view in the audit log, and the day plan page is opened often during a round).
var FRESH_MS = 15 * 60 * 1000;

async function prepare(data) {
  var pages = data.pages || [];
  var current = await currentMeta();
  if (
    current && current.user === data.user && Date.now() - current.at < FRESH_MS &&
    JSON.stringify(current.pages) === JSON.stringify(pages)
  ) {
    return current;
  }
  await caches.delete(CACHE);
  var cache = await caches.open(CACHE);
  var urls = [ROUND].concat(pages).concat(data.assets || []);
  for (var i = 0; i < urls.length; i++) {
    var response = await fetch(urls[i], { credentials: "same-origin", cache: "no-store", redirect: "follow" });
    if (!response.ok || response.redirected) {
      await caches.delete(CACHE);
      throw new Error("could not fetch " + urls[i] + " (" + response.status + ")");
    }
    await cache.put(urls[i], response);
  }
  var meta = { day: localDay(), user: data.user, at: Date.now(), count: pages.length, pages: pages };
  await cache.put(META, new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } }));
  return meta;
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "prepare") {
    event.waitUntil(
      prepare(data).then(
        function (meta) { reply(event, { ok: true, meta: meta }); },
        function (error) { reply(event, { ok: false, error: String(error) }); }
      )
    );
  } else if (data.type === "wipe") {
    event.waitUntil(caches.delete(CACHE).then(function () { reply(event, { ok: true }); }));
  } else if (data.type === "status") {
    event.waitUntil(
      currentMeta().then(function (meta) { reply(event, { ok: true, meta: meta }); })
    );
  }
});

async function currentMeta() {
  var cache = await caches.open(CACHE);
  var hit = await cache.match(META);
  if (!hit) return null;
  var meta = await hit.json();
  if (meta.day !== localDay()) {  // yesterday's round: gone
    await caches.delete(CACHE);
    return null;
  }
  return meta;
}

/* Which cached page stands in for a URL when there is no connection. */
function offlineKey(url) {
  var path = url.pathname;
  var m = path.match(/^\/(?:households|dayplan\/offline)\/(\d+)\/$/);
  if (m) return "/dayplan/offline/" + m[1] + "/";
  if (path === "/contacts/new/" && /^\d+$/.test(url.searchParams.get("household") || "")) {
    return "/dayplan/offline/" + url.searchParams.get("household") + "/";
  }
  return ROUND;
}

async function fromCache(request) {
  var url = new URL(request.url);
  var meta = await currentMeta();
  if (meta) {
    var cache = await caches.open(CACHE);
    var hit = await cache.match(url.pathname, { ignoreSearch: true });
    if (!hit && request.mode === "navigate") hit = await cache.match(offlineKey(url));
    if (hit) return hit;
  }
  if (request.mode === "navigate") {
    return new Response(
      "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'>" +
        "<title>Verbinding</title><p>Geen verbinding. / No connection.</p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }
    );
  }
  return Response.error();
}

async function networkFirst(request) {
  try {
    var response = await fetch(request);
    if (response.redirected && new URL(response.url).pathname === LOGIN) {
      await caches.delete(CACHE);  // the session ended: the cached household data goes too
    }
    return response;
  } catch (error) {
    return fromCache(request);
  }
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" || url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkFirst(request));
  }
});
