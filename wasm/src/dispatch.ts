// Runs one protocol call against a core. Shared by the Worker and by in-thread sessions,
// so the Node tests exercise the very code the Worker runs.
import type { Core, JobControl } from './core.js';
import { asTechoError } from './errors.js';
import type { Call, Response } from './protocol.js';

async function run(core: Core, call: Call, control: JobControl): Promise<unknown> {
  switch (call.method) {
    case 'importFhir':
      return core.importFhir(call.bytes, call.fileName);
    case 'importEncrypted':
      return core.importEncrypted(call.source, call.fileName, call.key, control);
    case 'importFile':
      return core.importFile(call.source, call.fileName, call.key, control);
    case 'decryptDigest':
      return core.decryptDigest(call.source, call.key, control);
    case 'encrypt':
      return core.encrypt(call.source, call.to, control);
    case 'addTrustedIssuer':
      return core.addTrustedIssuer(call.publicKey, call.name);
    case 'trustedIssuers':
      return core.trustedIssuers();
    case 'pendingIssuers':
      return core.pendingIssuers();
    case 'confirmIssuer':
      return core.confirmIssuer(call.keyId, call.name);
    case 'dismissIssuer':
      return core.dismissIssuer(call.keyId);
    case 'generateIdentity':
      return core.generateIdentity();
    case 'summary':
      return core.summary();
    case 'records':
      return core.records(call.query);
    case 'view':
      return core.view(call.name, call.query);
    case 'importLifelog':
      return core.importLifelog(call.bytes, call.fileName);
    case 'lifelogSamples':
      return core.lifelogSamples(call.query);
    case 'lifelogDays':
      return core.lifelogDays(call.query);
    case 'exportLifelog':
      return core.exportLifelog(call.query);
    case 'lifelogPriority':
      return core.lifelogPriority(call.metric);
    case 'setLifelogPriority':
      return core.setLifelogPriority(call.metric, call.order);
    case 'vaultStatus':
      return core.vaultStatus();
    case 'createVault':
      return core.createVault(call.passphrase, call.options);
    case 'unlock':
      return core.unlock(call.passphrase);
    case 'unlockWithRecovery':
      return core.unlockWithRecovery(call.recoveryKey);
    case 'lock':
      return core.lock();
    case 'changePassphrase':
      return core.changePassphrase(call.passphrase, call.options);
    case 'exportBackup':
      return core.exportBackup(call.to);
    case 'restoreBackup':
      return core.restoreBackup(call.source, call.key, control);
    case 'vaultFile':
      return core.vaultFile();
    case 'replaceVaultFile':
      return core.replaceVaultFile(call.bytes);
    case 'close':
      core.close();
      return undefined;
  }
}

export async function dispatch(core: Core, id: number, call: Call, control: JobControl): Promise<Response> {
  try {
    return { id, ok: true, value: await run(core, call, control) };
  } catch (error) {
    return { id, ok: false, error: asTechoError(error).toInfo() };
  }
}
