// The two SQLite builds for JavaScript a web developer picks from, behind the few calls
// the workloads here make: exec, prepare, run (bind + step + reset), rows, close. Both are
// SQLite compiled to wasm; the databases are in memory and unencrypted.
//   @sqlite.org/sqlite-wasm: the SQLite project's own build and its "oo1" API.
//   sql.js: the older, widely used Emscripten build with its own API.
import initSqlJs from 'sql.js';
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';

export const engineNames = ['sqlite-wasm', 'sql.js'];

export async function openEngine(name) {
  if (name === 'sqlite-wasm') {
    const sqlite3 = await sqlite3InitModule();
    return {
      name: '@sqlite.org/sqlite-wasm', version: sqlite3.version.libVersion,
      open() {
        const db = new sqlite3.oo1.DB(':memory:');
        return {
          exec: (sql) => db.exec(sql),
          prepare: (sql) => db.prepare(sql),
          run: (stmt, params) => stmt.bind(params).stepReset(),
          rows(stmt, params) {
            if (params) stmt.bind(params);
            const out = [];
            while (stmt.step()) out.push(stmt.get([]));
            stmt.reset();
            return out;
          },
          close: () => db.close(),
        };
      },
    };
  }
  if (name === 'sql.js') {
    const SQL = await initSqlJs();
    const probe = new SQL.Database();
    const version = probe.exec('SELECT sqlite_version()')[0].values[0][0];
    probe.close();
    return {
      name: 'sql.js', version,
      open() {
        const db = new SQL.Database();
        return {
          exec: (sql) => db.run(sql),
          prepare: (sql) => db.prepare(sql),
          run: (stmt, params) => stmt.run(params),
          rows(stmt, params) {
            if (params) stmt.bind(params);
            const out = [];
            while (stmt.step()) out.push(stmt.get());
            stmt.reset();
            return out;
          },
          close: () => db.close(),
        };
      },
    };
  }
  throw new Error(`unknown SQL engine ${name} (one of ${engineNames.join(', ')})`);
}
