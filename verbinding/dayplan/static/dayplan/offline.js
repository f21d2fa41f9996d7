/* Offline-tolerant visits (ADR 0017): the page side.

   - registers the service worker (/sw.js) for a logged-in advisor;
   - on today's day plan, asks the worker to keep the round available offline;
   - a contact recorded on an offline page is encrypted (AES-GCM, a non-extractable key kept in
     IndexedDB on this device), listed as "not yet sent", and sent as soon as there is a
     connection, with its idempotency key (the server records it once, a replay gets the same
     contact back); a refusal (the household is out of reach now) stays visible as a conflict;
   - logout wipes the queue, the key and the cached pages (the server also sends Clear-Site-Data).

   No user-facing text lives here: the Dutch texts come from #offline-texts (translated in the
   template). No inline script anywhere: this file is loaded with "defer". */
(function () {
  "use strict";
  if (!window.indexedDB || !window.crypto || !window.crypto.subtle) return;

  var DB_NAME = "verbinding-offline";
  var DAY_CACHE = "verbinding-day";
  var SYNC_URL = "/contacts/offline/";
  var user = document.body.getAttribute("data-user") || "";
  var textsNode = document.getElementById("offline-texts");
  var texts = textsNode ? textsNode.dataset : {};
  var flushing = false;

  function text(name, values) {
    var value = texts[name] || "";
    Object.keys(values || {}).forEach(function (k) {
      value = value.split("{" + k + "}").join(String(values[k]));
    });
    return value;
  }

  /* ---- IndexedDB ------------------------------------------------------------------------- */

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        var db = request.result;
        db.createObjectStore("keys");
        db.createObjectStore("queue", { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(db, store, mode, action) {
    return new Promise(function (resolve, reject) {
      var tx = db.transaction(store, mode);
      var request = action(tx.objectStore(store));
      tx.oncomplete = function () { resolve(request ? request.result : undefined); };
      tx.onerror = function () { reject(tx.error); };
      tx.onabort = function () { reject(tx.error); };
    });
  }

  function withLock(name, fn) {
    if (navigator.locks && navigator.locks.request) return navigator.locks.request(name, fn);
    return fn();
  }

  /* The device key: AES-GCM 256, generated here, never extractable (JavaScript cannot read its
     bytes, only use it), kept in IndexedDB; deleted with the database on logout. */
  function deviceKey(db) {
    return withLock("verbinding-offline-key", async function () {
      var key = await run(db, "keys", "readonly", function (s) { return s.get("aes"); });
      if (!key) {
        key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
        await run(db, "keys", "readwrite", function (s) { return s.put(key, "aes"); });
      }
      return key;
    });
  }

  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  async function encrypt(key, id, payload) {
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var data = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv: iv, additionalData: encoder.encode(id) },
      key,
      encoder.encode(JSON.stringify(payload))
    );
    return { iv: iv, data: data };
  }

  async function decrypt(key, entry) {
    var plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: entry.iv, additionalData: encoder.encode(entry.key) },
      key,
      entry.data
    );
    return JSON.parse(decoder.decode(plain));
  }

  async function entries(db) {
    var all = await run(db, "queue", "readonly", function (s) { return s.getAll(); });
    return all.filter(function (e) { return e.user === user; })
      .sort(function (a, b) { return a.created - b.created; });
  }

  function newKey() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  /* ---- the queue of contacts not yet sent -------------------------------------------------- */

  async function enqueue(payload) {
    var db = await openDb();
    try {
      var key = await deviceKey(db);
      var id = newKey();
      var sealed = await encrypt(key, id, payload);
      await run(db, "queue", "readwrite", function (s) {
        return s.put({ key: id, user: user, iv: sealed.iv, data: sealed.data, state: "pending", message: "", created: Date.now() });
      });
      return id;
    } finally {
      db.close();
    }
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function flush() {
    if (!user || flushing || !navigator.onLine) return;
    flushing = true;
    var db;
    try {
      db = await openDb();
      var key = await deviceKey(db);
      var list = await entries(db);
      for (var i = 0; i < list.length; i++) {
        var entry = list[i];
        if (entry.state !== "pending") continue;
        var payload = await decrypt(key, entry);
        var response;
        try {
          response = await fetch(SYNC_URL, {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
            body: JSON.stringify(Object.assign({}, payload.fields, { key: entry.key })),
          });
        } catch (error) {
          break; // no connection after all: try again on the next "online"
        }
        var body = null;
        try { body = await response.json(); } catch (error) { body = null; }
        if (response.ok && body && body.id) {
          await run(db, "queue", "readwrite", function (s) { return s.delete(entry.key); });
          announce(text("sent", { name: payload.name }));
        } else if (body && (body.status === "conflict" || body.status === "invalid")) {
          entry.state = "conflict";
          entry.message = body.message || "";
          await run(db, "queue", "readwrite", function (s) { return s.put(entry); });
        } else {
          break; // logged out, an expired form token or a server error: keep it, try later
        }
      }
    } catch (error) {
      /* leave the queue as it is */
    } finally {
      if (db) db.close();
      flushing = false;
      render();
    }
  }

  async function discard(id) {
    var db = await openDb();
    try {
      await run(db, "queue", "readwrite", function (s) { return s.delete(id); });
    } finally {
      db.close();
    }
    render();
  }

  /* ---- showing the queue -------------------------------------------------------------------- */

  function announce(message) {
    document.querySelectorAll("[data-offline-saved]").forEach(function (node) {
      node.textContent = message;
      node.hidden = !message;
    });
  }

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  async function render() {
    var lists = document.querySelectorAll("[data-offline-queue]");
    if (!lists.length || !user) return;
    var db;
    var shown = [];
    try {
      db = await openDb();
      var key = await deviceKey(db);
      var list = await entries(db);
      for (var i = 0; i < list.length; i++) {
        var payload = null;
        try { payload = await decrypt(key, list[i]); } catch (error) { payload = null; }
        shown.push({ entry: list[i], payload: payload });
      }
    } catch (error) {
      shown = [];
    } finally {
      if (db) db.close();
    }
    lists.forEach(function (container) {
      var ol = container.querySelector("ol") || container.appendChild(el("ol", "plain rows"));
      ol.textContent = "";
      container.hidden = shown.length === 0;
      shown.forEach(function (item) {
        var li = el("li", "", "");
        li.setAttribute("data-testid", "unsent");
        li.setAttribute("data-state", item.entry.state);
        var p = item.payload || { name: "?", fields: {} };
        li.appendChild(el("strong", "", p.name));
        li.appendChild(document.createTextNode(" · " + (p.outcome_label || "") + " · " +
          new Date(p.fields.occurred_at || item.entry.created).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
        li.appendChild(document.createElement("br"));
        if (item.entry.state === "conflict") {
          li.appendChild(el("span", "badge danger", text("conflict")));
          li.appendChild(el("span", "small", " " + item.entry.message));
          if (p.fields.note) li.appendChild(el("p", "small", p.fields.note));
          var button = el("button", "secondary", text("discard"));
          button.type = "button";
          button.addEventListener("click", function () { discard(item.entry.key); });
          li.appendChild(button);
        } else {
          li.appendChild(el("span", "badge warn", text("unsent")));
        }
        ol.appendChild(li);
      });
    });
  }

  /* ---- the offline contact form -------------------------------------------------------------- */

  function formPayload(form) {
    var data = new FormData(form);
    var outcome = form.querySelector("input[name=outcome]:checked");
    var label = outcome ? document.querySelector("label[for='" + outcome.id + "']") : null;
    return {
      name: form.getAttribute("data-name") || "",
      outcome_label: label ? label.textContent.trim() : (outcome ? outcome.value : ""),
      fields: {
        household: form.getAttribute("data-household"),
        channel: data.get("channel") || "BEZ",
        outcome: data.get("outcome") || "",
        note: data.get("note") || "",
        agreed: data.get("agreed") || "",
        follow_up_on: data.get("follow_up_on") || "",
        occurred_at: new Date().toISOString(),
      },
    };
  }

  document.querySelectorAll("form[data-offline-contact]").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var payload = formPayload(form);
      var error = form.querySelector("[data-offline-error]");
      if (payload.fields.outcome === "spoke" && !payload.fields.note.trim()) {
        if (error) { error.textContent = text("noteNeeded"); error.hidden = false; }
        form.querySelector("[name=note]").focus();
        return;
      }
      if (error) error.hidden = true;
      await enqueue(payload);
      form.reset();
      announce(text("saved", { name: payload.name }));
      await render();
      flush();
    });
  });

  /* ---- the service worker and today's round -------------------------------------------------- */

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  function showStatus(node, answer) {
    if (answer && answer.ok && answer.meta) {
      var at = new Date(answer.meta.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      node.textContent = text("ready", { n: answer.meta.count, time: at });
      node.setAttribute("data-state", "ready");
    } else {
      node.textContent = text("notReady");
      node.setAttribute("data-state", "failed");
    }
  }

  async function prepareRound(registration) {
    var node = document.querySelector("[data-offline-prepare]");
    if (!node || !registration.active) return;
    if (!navigator.onLine) {
      showStatus(node, await ask(registration.active, { type: "status" }));
      return;
    }
    node.textContent = text("preparing");
    var answer = await ask(registration.active, {
      type: "prepare",
      user: user,
      pages: JSON.parse(node.getAttribute("data-pages") || "[]"),
      assets: JSON.parse(node.getAttribute("data-assets") || "[]"),
    });
    showStatus(node, answer);
  }

  async function wipeAll() {
    try {
      await new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
      if (window.caches) {
        var names = await caches.keys();
        await Promise.all(names.map(function (n) { return caches.delete(n); }));
      }
      if (navigator.serviceWorker) {
        var registrations = await navigator.serviceWorker.getRegistrations();
        await Promise.all(registrations.map(function (r) { return r.unregister(); }));
      }
    } catch (error) {
      /* the server's Clear-Site-Data header wipes the rest */
    }
  }

  async function unsentCount() {
    var db;
    try {
      db = await openDb();
      return (await entries(db)).length;
    } catch (error) {
      return 0;
    } finally {
      if (db) db.close();
    }
  }

  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      var n = await unsentCount();
      if (n && !window.confirm(text("logoutUnsent", { n: n }))) return;
      await wipeAll();
      form.submit();
    });
  });

  if (!user) {
    // The login form: no session, so no household data may stay on the device. The queue of
    // unsent contacts stays (encrypted) for the same advisor's next login; logout wipes it.
    if (window.caches) caches.delete(DAY_CACHE);
    return;
  }

  window.addEventListener("online", flush);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flush();
  });
  render().then(flush);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(prepareRound).catch(function () {
      var node = document.querySelector("[data-offline-prepare]");
      if (node) showStatus(node, null);
    });
  }
})();
