// openbook: start the NHS.UK frontend components and draw the Vega-Lite charts.
// No inline scripts anywhere (the Content-Security-Policy forbids them): chart specs are
// JSON data blocks, and the server-rendered SVG stays if JavaScript or Vega is missing.
import { initAll } from "/static/vendor/nhsuk/nhsuk-frontend.min.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();

function drawCharts() {
  if (typeof window.vegaEmbed !== "function") {
    return;
  }
  for (const container of document.querySelectorAll("[data-chart]")) {
    const data = document.getElementById(container.dataset.chart);
    if (!data) {
      continue;
    }
    const spec = JSON.parse(data.textContent);
    const target = document.createElement("div");
    target.className = "openbook-chart__live";
    window
      .vegaEmbed(target, spec, {
        actions: false,
        renderer: "svg",
        ast: true, // Vega's expression interpreter: no eval, so the CSP needs no 'unsafe-eval'
        defaultStyle: false,
        tooltip: { disableDefaultStyle: true },
      })
      .then(() => {
        container.replaceChildren(target);
        container.classList.add("openbook-chart__canvas--live");
      })
      .catch((error) => console.warn("chart kept as the server-rendered picture:", error));
  }
}

drawCharts();
