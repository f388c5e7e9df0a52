// The .NET suites as `npm test` runs them: `dotnet test` with every test's result on the console, folded into a
// progress line every 20 s (passed so far, failed so far). Build output, each failure in full (message, stack,
// its output) and the run summaries are printed; what passing tests write to the console is not. The failed
// tests' names are returned for the summary. A test that hangs is stopped after 4 minutes and named.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const progressEvery = 20_000;
const args = [
  'test', 'ChatWidget.sln',
  '--logger', 'console;verbosity=normal',
  '--blame-hang-timeout', '4m', '--blame-hang-dump-type', 'none',
];

export function runDotnetTests(cwd) {
  return new Promise((resolve) => {
    const started = Date.now();
    const counts = { passed: 0, failed: 0 };
    const failedTests = [];
    const child = spawn('dotnet', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
    const progress = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      console.log(`  ... ${counts.passed} tests passed, ${counts.failed} failed so far (${seconds} s)`);
    }, progressEvery);

    let inRun = false;
    let inFailure = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const result = /^ {2}(Passed|Failed) (\S.*) \[(< )?\d[\d.]* (ms|s|m)\b[^\]]*\]$/.exec(line);
      if (result) {
        inFailure = result[1] === 'Failed';
        if (inFailure) failedTests.push(result[2]);
        counts[inFailure ? 'failed' : 'passed']++;
      }
      if (/^Test run for /.test(line)) inRun = true;
      const runEnded = /^(Passed|Failed)!|^Test Run (Aborted|Successful|Failed)/.test(line);
      if (runEnded) inFailure = false;
      if (!inRun || inFailure || runEnded || /Blame|aborted|error [A-Z]+\d+/.test(line)) console.log(line);
      if (runEnded) inRun = false;
    });
    child.on('close', (code) => {
      clearInterval(progress);
      resolve({ ok: code === 0, failedTests });
    });
  });
}
