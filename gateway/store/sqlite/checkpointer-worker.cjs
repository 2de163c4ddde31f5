/**
 * The worker thread of WalCheckpointer (checkpointer.ts): its own connection to the database file,
 * looking at the WAL every `intervalMs`. NOOP reports the WAL's frame counts without touching it;
 * PASSIVE copies what no reader still needs, never waiting for nor blocking the writer or readers.
 */
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);

const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
// Not OFF: NORMAL makes the checkpoint fsync the WAL before copying it and the database after.
db.pragma('synchronous = NORMAL');

let last = Date.now();
function tick() {
  try {
    const [state] = db.pragma('wal_checkpoint(NOOP)');
    const pending = state.log - state.checkpointed;
    if (pending >= workerData.pages || (pending > 0 && Date.now() - last >= workerData.maxDelayMs)) {
      db.pragma('wal_checkpoint(PASSIVE)');
      last = Date.now();
    }
  } catch (error) {
    // A locked or failing file: the next tick tries again; the safety net bounds the WAL meanwhile.
    parentPort.postMessage({ error: String(error?.message) });
  }
}

const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
