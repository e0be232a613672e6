#!/usr/bin/env node
// `jumio-verification-mock --port N`: the local simulated Jumio, until Ctrl+C.
import { CLI_USAGE, describeStartedMock, parseCliArgs } from "../dist/mock/cli.js";
import { startMockJumio } from "../dist/mock/index.js";

let command;
try {
  command = parseCliArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${error.message}\n\n${CLI_USAGE}`);
  process.exit(2);
}
if (command.help) {
  console.log(CLI_USAGE);
  process.exit(0);
}

let mock;
try {
  mock = await startMockJumio(command.options);
} catch (error) {
  console.error(`Could not start the simulated Jumio: ${error.message}`);
  process.exit(1);
}
console.log(describeStartedMock(mock));

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    mock.close().then(
      () => process.exit(0),
      (error) => {
        console.error(`Could not close cleanly: ${error.message}`);
        process.exit(1);
      },
    );
  });
}
