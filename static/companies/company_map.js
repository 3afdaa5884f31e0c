/* The company map: Leaflet markers coloured by segment. The page lists the same
 * companies in a table, so nothing is lost when tiles or this script do not load. */
(function () {
  "use strict";

  // The colours of .segment-badge-1..4 in static/css/app.css; light grey: not screened.
  var SEGMENT_COLOURS = { 1: "#0b5d1e", 2: "#0a4f8a", 3: "#6b4e00", 4: "#5c5c5c" };
  var NOT_SCREENED = "#ced4da";
  // Denmark, for a map without markers.
  var DENMARK = { center: [56.0, 10.5], zoom: 7 };

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // Built from DOM nodes, never HTML strings: company names come from the register.
  function popupFor(marker) {
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    return link;
  }

  function init() {
    var container = document.getElementById("company-map");
    var config = readJson("company-map-config");
    if (!container || !config || typeof window.L === "undefined") {
      return;
    }
    var markers = readJson("company-map-markers") || [];
    container.hidden = false;
    container.style.height = "min(70vh, 36rem)";

    var map = window.L.map(container, { preferCanvas: true });
    // No tile server configured (the default): markers without a background map, and
    // no request to anyone else's server.
    if (config.tileUrl) {
      window.L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(
        map
      );
    }

    var points = [];
    markers.forEach(function (marker) {
      var point = [marker.lat, marker.lng];
      window.L.circleMarker(point, {
        radius: 7,
        color: "#212529",
        weight: 1,
        fillColor: SEGMENT_COLOURS[marker.segment] || NOT_SCREENED,
        fillOpacity: 0.9,
      })
        .bindPopup(popupFor(marker))
        .addTo(map);
      points.push(point);
    });
    if (points.length) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 14 });
    } else {
      map.setView(DENMARK.center, DENMARK.zoom);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
