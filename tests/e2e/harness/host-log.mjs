// Host's log as the LTI tests read it: "no session opened" is also read from it. Host's own entries (not
// Microsoft.* / System.*) that say a session was launched/opened/started; a successful launch must add one (the
// tests check that, so this detector cannot silently match nothing).
import assert from 'node:assert/strict';

export function logEntries(log) {
  const entries = [];
  for (const line of log.split('\n')) {
    const head = /^(trce|dbug|info|warn|fail|crit): ([^\s[]+)\[/.exec(line);
    if (head) entries.push({ level: head[1], category: head[2], text: line });
    else if (/^\s/.test(line) && entries.length) entries[entries.length - 1].text += `\n${line}`;
    else if (line.trim()) entries.push({ level: '', category: '', text: line });
  }
  return entries;
}

export function sessionLines(log) {
  return logEntries(log)
    .filter((e) => !/^(Microsoft|System)\./.test(e.category))
    .map((e) => e.text)
    .filter((t) => /\bsession\b/i.test(t) && /\b(launch(ed)?|open(ed)?|start(ed)?|creat(ed)?|issued|redeemed|began|begun)\b/i.test(t))
    .filter((t) => !/(refus|reject|fail|invalid|denied|could not|not verified|error|expired)/i.test(t));
}

/**
 * Waits until Host's log has caught up. With Trace logging (`host.logMarkers`), requests a unique path and waits
 * for it to show in the log (ASP.NET Core's routing logs the path it found no endpoint for), which proves every
 * earlier line was written; otherwise a pause.
 */
export async function settleLog(host) {
  if (!host.logMarkers) {
    await new Promise((r) => setTimeout(r, 400));
    return;
  }
  const marker = `/__e2e-log-marker-${Math.random().toString(36).slice(2)}`;
  await fetch(`${host.origin}${marker}`).then((r) => r.arrayBuffer());
  const deadline = Date.now() + 10_000;
  while (!host.log().includes(marker)) {
    if (Date.now() > deadline) throw new Error(`Host's log did not show the marker request ${marker} within 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Host's session lines now (after the log caught up). */
export async function sessionCount(host) {
  await settleLog(host);
  return sessionLines(host.log()).length;
}

/** Asserts that exactly `n` session lines were added since `before` (waiting a little for late lines). */
export async function assertSessionsOpened(host, before, n, message) {
  const deadline = Date.now() + 3000;
  let now = await sessionCount(host);
  while (now < before + n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    now = sessionLines(host.log()).length;
  }
  assert.equal(now - before, n, `${message}: ${now - before} session line(s) in Host's log, expected ${n} (${JSON.stringify(sessionLines(host.log()).slice(-3))})`);
  return now;
}

/**
 * The end of Host's log for a failure report: without the Trace/Debug chatter of Microsoft.* and System.*
 * categories (Entity Framework, routing), so Host's own lines and the requests stay readable.
 */
export function hostLogTail(log, chars = 6000) {
  return logEntries(log)
    .filter((e) => !(/^(trce|dbug)$/.test(e.level) && /^(Microsoft|System)\./.test(e.category)))
    .map((e) => e.text)
    .join('\n')
    .slice(-chars);
}
