import type { IncomingMessage, ServerResponse } from "node:http";

/** CPU time this process used, in microseconds (user + system). */
export const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * `listener`, measuring each request from its arrival to its answer's last byte (the ack
 * alone): `arrived` is called as it arrives, and what it returns with the CPU time it took.
 */
export const metered =
  (listener: Listener, arrived: () => (cpuMicros: number) => void): Listener =>
  (req, res) => {
    const started = cpuMicros();
    const answered = arrived();
    res.once("finish", () => answered(cpuMicros() - started));
    listener(req, res);
  };
