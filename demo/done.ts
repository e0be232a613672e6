import { parseRedirect } from "../src/redirect.js";
import { relayRedirect } from "../src/relay.js";

document.querySelector("#redirect")!.textContent = JSON.stringify(parseRedirect(location.href), null, 2);
// A verification continued in this tab: the element in the first one gets the result.
if (relayRedirect()) document.querySelector<HTMLElement>("#relayed")!.hidden = false;
