// Prints one line per vitest JSON report ("node 22.23.3: N passed, N failed, N skipped"), then the closing line CI
// reads, over every report: "tests: N passed, N failed, N skipped". Arguments: `label=path` (or a bare path).
// A missing or unreadable report counts as a failed run. Failed tests are named under their Node's line, with the first
// line of their message, so that the end of a CI log says what failed on which Node.
import { readFileSync } from 'node:fs';

const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = process.argv.length > 2;
for (const argument of process.argv.slice(2)) {
  const at = argument.lastIndexOf('=');
  const label = at === -1 ? argument : argument.slice(0, at);
  const path = at === -1 ? argument : argument.slice(at + 1);
  let report;
  try {
    report = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.log(`${label}: no report (${error.code ?? error.message})`);
    ok = false;
    continue;
  }
  const passed = report.numPassedTests ?? 0;
  const failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that fails to load counts no test, only a failed suite.
  const failedSuites = report.numFailedTestSuites ?? 0;
  console.log(
    `${label}: ${passed} passed, ${failed} failed, ${skipped} skipped${failedSuites ? `, ${failedSuites} failed suites` : ''}`,
  );
  for (const file of report.testResults ?? []) {
    const failures = (file.assertionResults ?? []).filter((test) => test.status === 'failed');
    if (failures.length === 0 && file.status === 'failed')
      console.log(`  failed to run: ${file.name}: ${firstLine(file.message)}`);
    for (const test of failures) console.log(`  failed: ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
  }
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (passed === 0 || failed > 0 || failedSuites > 0 || report.success === false) ok = false;
}
function firstLine(text) {
  return String(text ?? '')
    .split('\n', 1)[0]
    .slice(0, 300);
}

console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (!ok) process.exit(1);
