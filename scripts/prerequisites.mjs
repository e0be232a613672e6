// What the tests need beyond npm: the browsers (scripts/browsers.mjs) and a PostgreSQL server's
// programs for test/support/postgres.ts. `node scripts/prerequisites.mjs [--install]
// [browsers] [postgres]` (both when none is named) tells what it found; with --install it
// installs what is missing in one apt-get run where it can (as root or with passwordless
// sudo), else prints what to run and fails.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { BROWSER_APT_PACKAGES, findBrowsers } from "./browsers.mjs";

const DEBIAN_POSTGRES = "/usr/lib/postgresql";

/** The directory with initdb and pg_ctl: Debian's newest, else one on PATH; null when none. */
function findPostgresBin() {
  const versions = existsSync(DEBIAN_POSTGRES) ? readdirSync(DEBIAN_POSTGRES).filter((name) => /^\d+$/.test(name)) : [];
  const debian = versions.sort((a, b) => Number(b) - Number(a)).map((version) => join(DEBIAN_POSTGRES, version, "bin"));
  const path = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  return [...debian, ...path].find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) ?? null;
}

const isRoot = () => process.getuid?.() === 0;

/** What the PostgreSQL tests run on, or null: initdb refuses root, so root needs the `postgres` user. */
function findPostgres() {
  if (process.env.JUMIO_TEST_DATABASE_URL) return { kind: "url", path: "JUMIO_TEST_DATABASE_URL" };
  const bin = findPostgresBin();
  if (!bin) return null;
  if (isRoot() && spawnSync("id", ["-u", "postgres"]).status !== 0) return null;
  return { kind: "system", path: bin };
}

async function find(wanted) {
  const found = wanted.includes("browsers") ? await findBrowsers() : {};
  if (wanted.includes("postgres")) found.postgres = findPostgres();
  return found;
}

const missingOf = (found) => Object.keys(found).filter((name) => !found[name]);

function packagesFor(missing) {
  return [
    ...(missing.some((name) => name !== "postgres") ? BROWSER_APT_PACKAGES : []),
    ...(missing.includes("postgres") ? ["postgresql"] : []),
  ];
}

function aptPrefix() {
  if (!existsSync("/usr/bin/apt-get")) return null;
  if (isRoot()) return [];
  return spawnSync("sudo", ["-n", "true"]).status === 0 ? ["sudo", "-n"] : null;
}

function instructions(missing) {
  const sudo = isRoot() ? "" : "sudo ";
  const browsers = missing.filter((name) => name !== "postgres");
  return [
    `Missing for the tests: ${missing.join(", ")}. Install Debian's packages:`,
    `  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packagesFor(missing).join(" ")}`,
    ...(browsers.length
      ? [
          "or Playwright's own browsers (where its download is reachable):",
          `  npx playwright install ${browsers.join(" ")}`,
        ]
      : []),
    ...(missing.includes("postgres")
      ? [
          "or, instead of a local PostgreSQL, a server where the tests may create databases:",
          "  export JUMIO_TEST_DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/postgres",
        ]
      : []),
  ].join("\n");
}

async function ensure(wanted) {
  let found = await find(wanted);
  const missing = missingOf(found);
  if (missing.length === 0) return found;
  const prefix = aptPrefix();
  if (prefix) {
    const packages = packagesFor(missing);
    console.log(`Installing Debian's ${packages.join(", ")} for the tests (missing: ${missing.join(", ")})…`);
    const [command, ...args] = [...prefix, "apt-get"];
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync(command, [...args, "update", "-qq"], { stdio: "inherit", env });
    execFileSync(command, [...args, "install", "-y", "-qq", "--no-install-recommends", ...packages], {
      stdio: "inherit",
      env,
    });
    found = await find(wanted);
  }
  const still = missingOf(found);
  if (still.length > 0) {
    console.error(instructions(still));
    process.exit(1);
  }
  return found;
}

const argv = process.argv.slice(2);
const named = argv.filter((arg) => !arg.startsWith("--"));
const unknown = named.filter((name) => name !== "browsers" && name !== "postgres");
if (unknown.length > 0) {
  console.error(`prerequisites: unknown ${unknown.join(", ")}; name browsers, postgres or neither (both).`);
  process.exit(2);
}
const wanted = named.length > 0 ? named : ["browsers", "postgres"];
const found = argv.includes("--install") ? await ensure(wanted) : await find(wanted);
for (const [name, what] of Object.entries(found)) {
  console.log(`${name}: ${what ? `${what.path} (${what.kind})` : "not found"}`);
}
