// Your app's session lookup and database: in your app, examples/users.ts copied here as it is
// (docs/getting-started.md). In this repository that one file serves the Express example too.
export * from "../../users";
