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

// A simulation running on the server (/capacity/...): poll its job, show its progress, and
// reload the page (which then shows the result) when it has finished.
function followJob(container) {
  const text = container.querySelector(".openbook-job__text");
  const bar = container.querySelector(".openbook-job__bar");
  const poll = () => {
    fetch(container.dataset.jobStatus, { headers: { accept: "application/json" } })
      .then((response) => {
        if (response.status === 404) {
          // no such job (a stroke-unit map is drawn per process): ask the page again
          window.location.reload();
          return new Promise(() => {});
        }
        return response.ok ? response.json() : Promise.reject(response.status);
      })
      .then((job) => {
        if (job.status === "done" || job.status === "failed") {
          window.location.reload();
          return;
        }
        if (job.total) {
          bar.max = job.total;
          bar.value = job.done;
        }
        const unit = container.dataset.jobUnit || "replications";
        text.textContent = `Running: ${job.done} of ${job.total ?? "?"} ${unit} done.`;
        window.setTimeout(poll, 1000);
      })
      .catch(() => window.setTimeout(poll, 3000));
  };
  window.setTimeout(poll, 500);
}

for (const container of document.querySelectorAll("[data-job-status]")) {
  followJob(container);
}
