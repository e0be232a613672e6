// A worker thread for the PGlite lock tests: opens the folder it is given and says whether it got it.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register(); // a worker thread has not the tsx loader of `node --import tsx`
const { openVerificationStore } = await import("../../src/server/index.ts");
try {
  const store = await openVerificationStore({ dataDir: workerData });
  await store.close();
  parentPort.postMessage({ opened: true });
} catch (error) {
  parentPort.postMessage({ opened: false, code: error.code, message: error.message });
}
