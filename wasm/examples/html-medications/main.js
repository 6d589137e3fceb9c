// Imports the chosen file with @techo/core and lists the medications it holds. The core
// runs in a Worker the package starts itself; its wasm file is found by the bundler
// (`vite build` copies it into dist/assets with no configuration).
import { openSession } from '@techo/core';

// Only for pages that enforce Trusted Types (`require-trusted-types-for 'script'`): the
// package starts its Worker from a URL of this origin, which such a page must allow.
globalThis.trustedTypes?.createPolicy('default', {
  createScriptURL(input) {
    const url = new URL(input, document.baseURI);
    return url.origin === location.origin && url.pathname.endsWith('.js') ? url.href : null;
  },
});

const input = document.querySelector('#record');
const status = document.querySelector('#status');
const list = document.querySelector('#medications');

// One session for the page; 'memory' keeps nothing once the tab is closed.
let session;

input.addEventListener('change', async () => {
  const file = input.files?.[0];
  if (!file) return;
  list.replaceChildren();
  status.textContent = `Reading ${file.name}…`;
  try {
    session ??= await openSession({ storage: 'memory' });
    await session.importFile(file, file.name);
    const { entries } = await session.medications();
    for (const medication of entries) {
      const item = document.createElement('li');
      item.textContent = [medication.drug, medication.dosage, medication.date.slice(0, 10), medication.active ? 'current' : '']
        .filter(Boolean)
        .join(' — ');
      list.append(item);
    }
    status.textContent = `${file.name}: ${entries.length} medication${entries.length === 1 ? '' : 's'}`;
  } catch (error) {
    // A TechoError says what went wrong and where (file, line or FHIR path).
    status.textContent = `${error.code ?? 'ERROR'}: ${error.message}${error.path ? ` (${error.path})` : ''}`;
  }
});
