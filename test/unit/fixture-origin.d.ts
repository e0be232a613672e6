declare module "/__fixture-origin.js" {
  /** The second origin (127.0.0.1) that serves test/fixtures/, e.g. the fake Jumio client. */
  export const FIXTURE_ORIGIN: string;
}
