// What next.config.ts's asset rule makes of the element's script-tag bundle: its URL.
declare module "jumio-verification/jumio-verification.min.js" {
  const url: string;
  export default url;
}
