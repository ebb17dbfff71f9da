/* The entry `npm run import` runs (scripts/lookout.mjs, with Backstage's node transform). */
import { runImportCli } from './importCli';

runImportCli(process.argv.slice(2), {
  env: process.env,
  stdout: line => process.stdout.write(`${line}\n`),
  stderr: line => process.stderr.write(`${line}\n`),
  fetch,
}).then(code => {
  process.exitCode = code;
});
