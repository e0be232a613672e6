import "../src/index.js";

const element = document.querySelector("jumio-verification")!;
const log = document.querySelector("#log")!;
const width = document.querySelector<HTMLInputElement>("#width")!;
const container = document.querySelector<HTMLElement>("#container")!;

for (const type of ["jumio-message", "jumio-loaded", "jumio-success", "jumio-error", "jumio-state-change"] as const) {
  element.addEventListener(type, (event) => {
    const entry = document.createElement("li");
    const name = document.createElement("strong");
    name.textContent = type;
    const detail = document.createElement("pre");
    detail.textContent = JSON.stringify(event.detail, null, 2);
    entry.append(name, detail);
    log.prepend(entry);
    document.querySelector("#state")!.textContent = element.state;
  });
}

new MutationObserver(() => {
  document.querySelector("#size-class")!.textContent = element.sizeClass;
}).observe(element, { attributeFilter: ["size-class"] });

width.addEventListener("input", () => {
  container.style.maxWidth = `${width.value}px`;
  document.querySelector("#width-value")!.textContent = `${width.value}px`;
});

document.querySelector("#reload")!.addEventListener("click", () => element.reload());
