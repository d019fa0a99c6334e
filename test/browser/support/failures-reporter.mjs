// Lists every failed test once more when the run ends, after the progress bars:
// the default reporter prints a failure where its file finishes, which in a long
// run (three engines, a quarter of an hour) is far above the last lines a CI log
// keeps. Each line names the engine, the file, the test and the first line of
// its error.

/** @returns {import('@web/test-runner').Reporter} */
export function failuresReporter() {
  /** @type {string[]} */
  let lines = [];
  return {
    onTestRunFinished({ sessions }) {
      lines = [];
      for (const session of sessions) {
        const where = `${session.browser.name}: ${session.testFile.replace(/^.*?\/test\//, 'test/')}`;
        for (const error of session.errors ?? []) lines.push(`${where}: ${firstLine(error.message)}`);
        if (session.testResults) collect(session.testResults, [], where, lines);
      }
    },
    stop() {
      // After the runner's last words ("Finished running tests…"), which it
      // writes once every reporter has stopped; stdout is synchronous on Linux.
      process.once('exit', () => {
        if (lines.length === 0) return;
        process.stdout.write(`\nFailed (${lines.length}):\n${lines.map((line) => `  ✗ ${line}`).join('\n')}\n`);
      });
    },
  };
}

/** @param {import('@web/test-runner').TestSuiteResult} suite @param {string[]} path @param {string} where @param {string[]} lines */
function collect(suite, path, where, lines) {
  const names = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests) {
    if (test.passed || test.skipped) continue;
    lines.push(`${where} › ${[...names, test.name].join(' › ')}${test.error ? `: ${firstLine(test.error.message)}` : ''}`);
  }
  for (const child of suite.suites) collect(child, names, where, lines);
}

/** @param {string | undefined} text */
function firstLine(text) {
  const line = (text ?? '').split('\n').find((part) => part.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
