// Lists every failed test once more when the run ends, after the progress bars:
// the default reporter prints a failure where its file finishes, which in a long
// run (three engines, a quarter of an hour) is far above the last lines a CI log
// keeps. Each line names the engine, the file, the test and the first line of
// its error.
//
// `quiet404s` keeps the default reporter from listing, after every file, the
// requests the test server answered 404 (the mocks pass through what a test does
// not mock: a photo, a route of a server the test stands for as older). Chromium
// listed the same 14 paths again after nearly every one of 40 files: they filled
// the part of a CI log that is kept, and hid what failed. They are listed once,
// each path once per engine, when the run ends.

/** @returns {import('@web/test-runner').Reporter} */
export function failuresReporter() {
  /** @type {string[]} */
  let lines = [];
  /** @type {Map<string, Set<string>>} */
  const missing = new Map();
  return {
    onTestRunFinished({ sessions }) {
      lines = [];
      for (const session of sessions) {
        for (const path of session.request404s ?? []) {
          if (!missing.has(session.browser.name)) missing.set(session.browser.name, new Set());
          missing.get(session.browser.name)?.add(path);
        }
        const where = `${session.browser.name}: ${session.testFile.replace(/^.*?\/test\//, 'test/')}`;
        for (const error of session.errors ?? []) lines.push(`${where}: ${firstLine(error.message)}`);
        if (session.testResults) collect(session.testResults, [], where, lines);
      }
    },
    stop() {
      // After the runner's last words ("Finished running tests…"), which it
      // writes once every reporter has stopped; stdout is synchronous on Linux.
      process.once('exit', () => {
        for (const [browser, paths] of missing) {
          process.stdout.write(`\nAnswered 404 in ${browser} (mocks pass through what a test leaves out; ${paths.size} paths): ${[...paths].sort().join(', ')}\n`);
        }
        if (lines.length === 0) return;
        process.stdout.write(`\nFailed (${lines.length}):\n${lines.map((line) => `  ✗ ${line}`).join('\n')}\n`);
      });
    },
  };
}

/**
 * The default reporter without its list of 404s after each file (see above; `failuresReporter` lists them once).
 * @param {import('@web/test-runner').Reporter} reporter
 * @returns {import('@web/test-runner').Reporter}
 */
export function quiet404s(reporter) {
  return {
    ...reporter,
    reportTestFileResults(args) {
      const sessionsForTestFile = args.sessionsForTestFile.map((session) => ({ ...session, request404s: [] }));
      return reporter.reportTestFileResults?.({ ...args, sessionsForTestFile });
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
