// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes from the committed docs/openapi.yaml,
// so the front end's API types cannot drift from the API. Run by `npm run build` and `npm test`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const FRONTEND = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCHEMA = path.resolve(FRONTEND, "..", "docs", "openapi.yaml");
const COMMITTED = path.join(FRONTEND, "src", "api", "schema.d.ts");
const scratch = mkdtempSync(path.join(tmpdir(), "api-types-"));
const fresh = path.join(scratch, "schema.d.ts");
try {
  const cli = path.join(FRONTEND, "node_modules", ".bin", "openapi-typescript");
  const run = spawnSync(cli, [SCHEMA, "-o", fresh], { encoding: "utf8" });
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr);
    process.exit(1);
  }
  if (readFileSync(fresh, "utf8") !== readFileSync(COMMITTED, "utf8")) {
    console.error("src/api/schema.d.ts is stale: docs/openapi.yaml changed. Run `npm run gen:api` and commit it.");
    process.exit(1);
  }
  console.log("src/api/schema.d.ts matches docs/openapi.yaml");
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
