// Draws a routine's process map with the bpmn-js viewer (served from the binary, /assets/vendor/).
// Progressive enhancement: the table beside the drawing is the text version and works without
// this file. The figure says where to fetch the BPMN XML (data-bpmn-url) and which elements are
// active (open tasks, waiting events) or done, as space-separated element ids.
(function () {
  "use strict";

  function ids(text) {
    return (text || "").split(/\s+/).filter(Boolean);
  }

  function addStyles() {
    for (const href of ["/assets/vendor/bpmn-js/diagram-js.css", "/assets/vendor/bpmn-js/bpmn-js.css"]) {
      if (document.querySelector('link[href="' + href + '"]')) continue;
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    }
  }

  // A whole routine: as tall as its width allows. A case: readable size, centred on where it stands.
  function place(canvas, registry, container, active) {
    canvas.zoom("fit-viewport");
    const inner = canvas.viewbox().inner;
    const first = active.map(function (id) { return registry.get(id); }).find(Boolean);
    if (first && inner.width > 0) {
      const scale = 0.9;
      const width = container.clientWidth / scale;
      const height = container.clientHeight / scale;
      canvas.viewbox({ x: first.x + first.width / 2 - width / 2, y: inner.y - 20, width: width, height: height });
      return;
    }
    if (inner.width > 0) {
      const wanted = Math.max(240, Math.round(container.clientWidth * inner.height / inner.width) + 40);
      container.style.height = wanted + "px"; // CSSOM, allowed by the style-src 'self' policy.
      canvas.resized();
      canvas.zoom("fit-viewport");
    }
  }

  async function draw(figure) {
    const container = figure.querySelector(".process-map");
    if (!container || !window.BpmnJS) return;
    const response = await fetch(container.dataset.bpmnUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const xml = await response.text();
    figure.classList.add("ready");
    const viewer = new window.BpmnJS({ container: container });
    await viewer.importXML(xml);
    const canvas = viewer.get("canvas");
    const registry = viewer.get("elementRegistry");
    for (const element of registry.getAll()) {
      if (element.type !== "bpmn:Lane") continue;
      const color = (element.businessObject.$attrs || {})["ks:color"] || "joint";
      canvas.addMarker(element.id, "ks-lane-" + color);
    }
    for (const id of ids(container.dataset.done)) if (registry.get(id)) canvas.addMarker(id, "ks-done");
    for (const id of ids(container.dataset.active)) if (registry.get(id)) canvas.addMarker(id, "ks-active");
    place(canvas, registry, container, ids(container.dataset.active));
    // The drawing is a picture; the table is what assistive technology reads.
    container.setAttribute("aria-hidden", "true");
    for (const el of container.querySelectorAll("a, [tabindex]")) el.setAttribute("tabindex", "-1");
    figure.dataset.drawn = "true";
  }

  document.addEventListener("DOMContentLoaded", function () {
    const figures = document.querySelectorAll("figure.map-figure");
    if (!figures.length) return;
    addStyles();
    for (const figure of figures) {
      draw(figure).catch(function (err) {
        figure.classList.remove("ready");
        figure.dataset.error = String(err);
      });
    }
  });
})();
