/* svkg query editor: YASGUI pinned to this server's SPARQL endpoint, with no request leaving it.
 *
 * - every fetch the page makes must stay on this origin (the Content-Security-Policy says the same);
 * - the class and property autocompleters (which ask Linked Open Vocabularies on the internet) complete
 *   from the ontology's own terms instead; the prefix completer adds svkg's prefixes to YASGUI's bundled
 *   list (YASGUI asks prefix.cc only when configured to, and it is not);
 * - the endpoint is this server's /sparql on every tab;
 * - the query lives in the URL (?query=...), so a view can be shared; gallery items open in the editor.
 */
(function () {
  "use strict";

  var cfg = JSON.parse(document.getElementById("svkg-config").textContent);
  var endpoint = new URL(cfg.endpoint, window.location.href).toString();
  var Yasqe = window.Yasqe || (window.Yasgui && window.Yasgui.Yasqe);

  // 1. Keep every fetch on this origin.
  var nativeFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var target = new URL(input instanceof Request ? input.url : String(input), window.location.href);
    if (target.origin !== window.location.origin) {
      return Promise.reject(new TypeError("the svkg editor only talks to " + window.location.origin));
    }
    return nativeFetch(input, init);
  };

  // 2. Local autocompletion.
  function completeFrom(list) {
    return function (yasqe, token) {
      var typed = (token && (token.autocompletionString || token.string)) || "";
      return Promise.resolve(list.filter(function (iri) { return iri.indexOf(typed) === 0; }).slice(0, 100));
    };
  }
  Object.assign(Yasqe.Autocompleters["class"], { get: completeFrom(cfg.classes || []), bulk: false });
  Object.assign(Yasqe.Autocompleters.property, { get: completeFrom(cfg.properties || []), bulk: false });
  var bundledPrefixes = Yasqe.Autocompleters.prefixes.get;
  var ours = Object.keys(cfg.prefixes).map(function (p) { return p + ": <" + cfg.prefixes[p] + ">"; });
  Yasqe.Autocompleters.prefixes.get = function (yasqe, token) {
    return Promise.resolve(bundledPrefixes.call(this, yasqe, token)).then(function (list) {
      return Array.from(new Set(ours.concat(list || [])));
    });
  };

  // 3. The editor, on this server's endpoint only.
  var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: "svkg-editor",
    yasqe: { value: cfg.defaultQuery },
  });
  function pin(tab) {
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }
  Object.keys(yasgui._tabs || {}).forEach(function (id) { pin(yasgui.getTab(id)); });
  yasgui.on("tabAdd", function (y, id) { pin(y.getTab(id)); });
  yasgui.on("tabSelect", function (y, id) { pin(y.getTab(id)); setTimeout(watchActive, 0); });
  yasgui.on("queryBefore", function (y, tab) { pin(tab); });

  // 4. The query in the URL.
  function writeUrl() {
    var tab = yasgui.getTab();
    if (!tab) return;
    var url = new URL(window.location.href);
    url.search = "";
    url.hash = "";
    url.searchParams.set("query", tab.getQuery());
    window.history.replaceState(null, "", url.toString());
  }
  var timer = null;
  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(writeUrl, 200);
  }
  var watched = new WeakSet();
  function watchActive() {
    var tab = yasgui.getTab();
    var yasqe = tab && tab.getYasqe();
    if (yasqe && !watched.has(yasqe)) {
      watched.add(yasqe);
      yasqe.on("change", soon);
    }
  }
  // ?query=... (ours), or #query=... (YASGUI's own share links; their endpoint= is ignored)
  var fromUrl = new URLSearchParams(window.location.search).get("query") ||
    new URLSearchParams(window.location.hash.slice(1)).get("query");
  if (fromUrl) {
    yasgui.getTab().setQuery(fromUrl);
    writeUrl();
  }
  watchActive();
  yasgui.on("tabChange", soon);

  // 5. The gallery.
  var byId = {};
  (cfg.examples || []).forEach(function (e) { byId[e.id] = e; });
  document.querySelectorAll(".svkg-example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = byId[button.getAttribute("data-example")];
      if (!example) return;
      var tab = yasgui.getTab();
      tab.setQuery(example.query);
      writeUrl();
      document.querySelectorAll(".svkg-example[aria-current]").forEach(function (b) {
        b.removeAttribute("aria-current");
      });
      button.setAttribute("aria-current", "true");
      var yasqe = tab.getYasqe();
      if (yasqe) yasqe.focus();
    });
  });

  window.svkgEditor = { yasgui: yasgui, endpoint: endpoint };
})();
