// The check harness the client-node scripts share (compat.mjs, restricted.mjs, and the hub project's through-hub.mjs,
// which HubNode copies next to this file): one line per check, "ok <name>" or "fail <name>: <reason>", and the exit
// code from whether any failed.
let failures = 0;

/** Runs one named check; a throw is reported as its failure and the script goes on. */
export async function check(name, body) {
  try {
    await body();
    console.log(`ok ${name}`);
  } catch (err) {
    failures++;
    console.log(`fail ${name}: ${describe(err)}`);
  }
}

/** An API error as its HTTP code and body; anything else as the first lines of its stack. */
export function describe(err) {
  if (err && err.code !== undefined && err.body !== undefined) {
    return `HTTP ${err.code} ${typeof err.body === 'string' ? err.body : JSON.stringify(err.body)}`.replace(/\s+/g, ' ');
  }
  return String(err && err.stack ? err.stack : err).split('\n').slice(0, 3).join(' | ');
}

/** Throws <message> unless <condition> holds. */
export function expect(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** <promise>, or a rejection naming <what> after <ms>. */
export function within(promise, what, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A signal for event-driven waits without polling sleeps: until(predicate, what) resolves once predicate() holds,
 * re-checked whenever poke() is called, and rejects naming <what> after <ms>.
 */
export function waitable(ms) {
  const waiters = [];
  return {
    poke() {
      for (const w of waiters.splice(0)) {
        if (w.predicate()) w.resolve();
        else waiters.push(w);
      }
    },
    until(predicate, what) {
      if (predicate()) return Promise.resolve();
      return within(new Promise((resolve) => waiters.push({ predicate, resolve })), what, ms);
    },
  };
}

/** Ends the script: 0 when every check passed, 1 otherwise. */
export function finish() {
  process.exit(failures === 0 ? 0 : 1);
}
