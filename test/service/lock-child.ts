// A process for the PGlite lock tests: at each moment the test sends, it opens the folder given
// and answers whether it got it; it closes the store when told to.
import "@electric-sql/pglite"; // loaded before that moment, as in a process already running
import { openVerificationStore, type VerificationStore } from "../../src/server/index.js";

let store: VerificationStore | undefined;
const send = (message: object) => process.send?.({ pid: process.pid, ...message });
process.on("message", async (message: { at: number } | "close") => {
  if (message === "close") {
    await store?.close();
    store = undefined;
    return send({ closed: true });
  }
  while (Date.now() < message.at); // spins, so that every child opens at the same moment
  try {
    store = await openVerificationStore({ dataDir: process.argv[2]! });
    send({ opened: true });
  } catch (error) {
    send({ opened: false, message: (error as Error).message });
  }
});
send({ ready: true });
