// The benchmark's control: the least a script-created verification iframe can cost. A custom
// element with no library that creates the same iframe (allow before src) when connected.
// Loaded exactly like the real bundle, it measures what any script-tag element pays before
// its iframe can start (the bundle's request, the deferred run after parsing), so that the
// real element's own share is its time over this one's.
customElements.define(
  "jumio-verification",
  class extends HTMLElement {
    connectedCallback() {
      const iframe = document.createElement("iframe");
      iframe.allow = "camera;autoplay;fullscreen;clipboard-read;clipboard-write;accelerometer;gyroscope;magnetometer";
      iframe.allowFullscreen = true;
      iframe.title = "Identity verification";
      iframe.style.cssText = "display:block;width:100%;height:710px;border:0";
      iframe.src = this.getAttribute("href");
      this.attachShadow({ mode: "open" }).append(iframe);
    }
  },
);
