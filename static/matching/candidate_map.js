/* The candidate search on a map: one marker per place (postal-code centre) listing the
 * candidates living there, and the search's radius as a circle. Changing the radius in the
 * form moves the circle at once and searches again. The result list says the same, so
 * nothing is lost when tiles or this script do not load. */
(function () {
  "use strict";

  var DENMARK = { center: [56.0, 10.5], zoom: 7 };

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  // Built from DOM nodes, never HTML strings: names come from the case system.
  function popupFor(place) {
    var list = document.createElement("ul");
    list.className = "list-unstyled mb-0";
    place.candidates.forEach(function (candidate) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = candidate.url;
      link.textContent = candidate.rank + ". " + candidate.name;
      item.appendChild(link);
      list.appendChild(item);
    });
    return list;
  }

  function init() {
    var container = document.getElementById("candidate-map");
    var config = readJson("candidate-map-config");
    if (!container || !config || typeof window.L === "undefined") {
      return;
    }
    container.hidden = false;
    container.style.height = "min(50vh, 24rem)";

    var map = window.L.map(container, { preferCanvas: true });
    // No tile server configured (the default): markers without a background map, and
    // no request to anyone else's server.
    if (config.tileUrl) {
      window.L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: 19 }).addTo(
        map
      );
    }

    var points = [];
    config.places.forEach(function (place) {
      var point = [place.lat, place.lng];
      window.L.circleMarker(point, {
        radius: 6 + Math.min(place.candidates.length, 6),
        color: "#212529",
        weight: 1,
        fillColor: "#0a4f8a",
        fillOpacity: 0.85,
      })
        .bindPopup(popupFor(place))
        .addTo(map);
      points.push(point);
    });

    var circle = null;
    if (config.centre && config.radiusKm) {
      circle = window.L.circle(config.centre, {
        radius: config.radiusKm * 1000,
        color: "#6b4e00",
        weight: 2,
        fill: false,
      }).addTo(map);
      map.fitBounds(circle.getBounds(), { padding: [12, 12] });
    } else if (points.length) {
      map.fitBounds(points, { padding: [24, 24], maxZoom: 12 });
    } else {
      map.setView(DENMARK.center, DENMARK.zoom);
    }

    var radiusInput = document.getElementById("id_radius_km");
    if (circle && radiusInput) {
      radiusInput.addEventListener("input", function () {
        var km = parseInt(radiusInput.value, 10);
        if (km > 0) {
          circle.setRadius(km * 1000);
        }
      });
      radiusInput.addEventListener("change", function () {
        if (parseInt(radiusInput.value, 10) > 0 && radiusInput.form) {
          radiusInput.form.requestSubmit();
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
