// Shared by the Node tests: the built package, its wasm bytes, and the repo's test data.
import { readFile } from 'node:fs/promises';

const repo = new URL('../../', import.meta.url);

export const wasmBinary = await readFile(new URL('wasm/dist/techo_core.wasm', repo));

export function readRepoFile(relative) {
  return readFile(new URL(relative, repo));
}

export const syntheaFiles = {
  luigi: 'native_tests/data/synthea-r4/Luigi_Wiegand_e27d88b0-c5e5-4042-ad49-184f6a900ee3.json',
  matt: 'native_tests/data/synthea-r4/Matt_Runte_789349c8-a36b-4d3d-9a1a-c04ba3bb6c45.json',
  fletcher: 'native_tests/data/synthea-r4/Fletcher_Hyatt_fe0562b5-f517-4951-8366-32fdab088930.json',
  vito: 'native_tests/data/synthea-r4/Vito_Feeney_63dd4423-56ec-4f40-9dd6-82bc133aaddc.json',
};
