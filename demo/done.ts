import { parseRedirect } from "../src/redirect.js";

document.querySelector("#redirect")!.textContent = JSON.stringify(parseRedirect(location.href), null, 2);
