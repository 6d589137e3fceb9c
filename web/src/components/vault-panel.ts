// The vault: create (with the recovery key shown once), unlock by passphrase or recovery
// key, lock, change passphrase, export and restore backups. Fires "vault-changed".
import { LitElement, css, html } from 'lit';
import type { ErrorInfo, TrustedIssuer, VaultStatus } from '@techo/core';
import { coreSession, errorInfo } from '../core-client.js';
import { errorMessage, t, type Lang } from '../i18n.js';

function download(bytes: Uint8Array | string, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export class VaultPanel extends LitElement {
  static override properties = {
    lang: {},
    status: { state: true },
    recoveryKey: { state: true },
    error: { state: true },
    notice: { state: true },
    olderCopy: { state: true },
    busy: { state: true },
    pending: { state: true },
  };
  override lang: Lang = 'ja';
  status: VaultStatus | null = null;
  recoveryKey = '';
  error: ErrorInfo | null = null;
  notice = '';
  /** Set when the vault opened older than a version this browser has seen. */
  olderCopy: { seen: number; opened: number } | null = null;
  busy = false;
  /** Issuers a restored backup listed as trusted, waiting for the person's word. */
  pending: TrustedIssuer[] = [];

  static override styles = css`
    :host { display: block; background: #fff; border-radius: 12px; padding: 1rem 1.25rem; box-shadow: 0 1px 2px #0002; }
    h2 { font-size: 1.05rem; margin: 0 0 0.25rem; }
    p { margin: 0.25rem 0 0.5rem; }
    form { display: grid; gap: 0.35rem; margin: 0.5rem 0; }
    label { font-weight: 600; }
    input, textarea, select { font: inherit; padding: 0.4rem; border: 1px solid #8a94a3; border-radius: 6px; }
    textarea { font-family: ui-monospace, monospace; font-size: 0.85rem; }
    button { font: inherit; padding: 0.45rem 0.9rem; border-radius: 8px; border: 1px solid #1d4f91; background: #1d4f91; color: #fff; cursor: pointer; justify-self: start; }
    button.secondary { background: #fff; color: #1d4f91; }
    .recovery { background: #fff7e0; border: 1px solid #e0b000; border-radius: 8px; padding: 0.5rem 0.75rem; }
    .recovery code { word-break: break-all; font-size: 0.9rem; }
    .error { color: #a3141d; }
    .warning { background: #fdecea; border: 1px solid #a3141d; border-radius: 8px; padding: 0.5rem 0.75rem; color: #5c0b10; }
    .option { font-weight: normal; display: flex; gap: 0.4rem; align-items: baseline; }
    details { margin-top: 0.5rem; }
    .pending { background: #fff7e0; border: 1px solid #e0b000; border-radius: 8px; padding: 0.5rem 0.75rem; margin: 0.5rem 0; }
    .pending h3 { font-size: 1rem; margin: 0; }
    .pending ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.4rem; }
    .pending code { word-break: break-all; font-size: 0.85rem; }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const session = await coreSession();
    this.status = await session.vaultStatus();
    this.pending = this.status.open ? await session.pendingIssuers() : [];
  }

  private onConfirmIssuer(keyId: string, trust: boolean): void {
    void this.act(async () => {
      const session = await coreSession();
      if (trust) await session.confirmIssuer(keyId);
      else await session.dismissIssuer(keyId);
    });
  }

  private renderPending(lang: Lang) {
    if (!this.pending.length) return '';
    return html`<section class="pending" aria-labelledby="pending-heading" data-pending-issuers>
      <h3 id="pending-heading">${t(lang, 'pendingIssuers')}</h3>
      <p>${t(lang, 'pendingExplain')}</p>
      <ul>
        ${this.pending.map((i) => html`<li data-pending-issuer=${i.keyId}>
          <span class="issuer">${i.name}</span> <code>${t(lang, 'keyId')}: ${i.keyId}</code>
          <button type="button" ?disabled=${this.busy} @click=${() => this.onConfirmIssuer(i.keyId, true)}>${t(lang, 'confirmIssuer')}</button>
          <button type="button" class="secondary" ?disabled=${this.busy} @click=${() => this.onConfirmIssuer(i.keyId, false)}>${t(lang, 'dismissIssuer')}</button>
        </li>`)}
      </ul>
    </section>`;
  }

  private value(id: string): string {
    return (this.renderRoot.querySelector(`#${id}`) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';
  }

  /** Lets the page finish what it is putting into the current session (the demo) first. */
  private async beforeOpening(): Promise<void> {
    const detail = { pending: [] as Promise<void>[] };
    this.dispatchEvent(new CustomEvent('vault-opening', { bubbles: true, composed: true, detail }));
    await Promise.all(detail.pending);
  }

  private async act(work: () => Promise<void>, changed = true, opens = false): Promise<void> {
    this.error = null;
    this.notice = '';
    this.busy = true;
    try {
      if (opens) await this.beforeOpening();
      await work();
      await this.refresh();
      if (changed) this.dispatchEvent(new CustomEvent('vault-changed', { bubbles: true, composed: true }));
    } catch (error) {
      this.error = errorInfo(error);
    } finally {
      this.busy = false;
    }
  }

  private onCreate(event: Event): void {
    event.preventDefault();
    const passphrase = this.value('new-vault-passphrase');
    if (passphrase !== this.value('new-vault-passphrase-again')) {
      this.error = { code: 'INVALID_ARGUMENT', message: t(this.lang, 'passphrasesDiffer'), path: '' };
      return;
    }
    void this.act(async () => {
      const created = await (await coreSession()).createVault(passphrase);
      this.recoveryKey = created.recoveryKey;
      await navigator.storage?.persist?.();  // ask the browser not to evict the vault
    }, true, true);
  }

  private onUnlock(event: Event): void {
    event.preventDefault();
    const passphrase = this.value('unlock-passphrase');
    const recovery = this.value('unlock-recovery');
    void this.act(async () => {
      const session = await coreSession();
      const opened = recovery.trim() ? await session.unlockWithRecovery(recovery) : await session.unlock(passphrase);
      this.olderCopy = opened.olderThanSeen ?? null;
      await navigator.storage?.persist?.();
    }, true, true);
  }

  private onChangePassphrase(event: Event): void {
    event.preventDefault();
    const passphrase = this.value('change-passphrase');
    const rotateDataKey = (this.renderRoot.querySelector('#rotate-data-key') as HTMLInputElement | null)?.checked ?? false;
    void this.act(async () => {
      await (await coreSession()).changePassphrase(passphrase, { rotateDataKey });
      this.notice = t(this.lang, 'passphraseChanged');
    }, false);
  }

  private onExport(event: Event): void {
    event.preventDefault();
    const passphrase = this.value('backup-passphrase');
    void this.act(async () => {
      const bytes = await (await coreSession()).exportBackup(passphrase ? { passphrase } : { recoveryKey: true });
      download(bytes, `techo-backup-${new Date().toISOString().slice(0, 10)}.tar.age`, 'application/octet-stream');
    }, false);
  }

  private onRestore(event: Event): void {
    event.preventDefault();
    const file = (this.renderRoot.querySelector('#restore-file') as HTMLInputElement).files?.[0];
    const passphrase = this.value('restore-passphrase');
    const identity = this.value('restore-recovery');
    if (!file) return;
    void this.act(async () => {
      const key = { ...(passphrase ? { passphrase } : {}), ...(identity.trim() ? { identity } : {}) };
      const report = await (await coreSession()).restoreBackup(file, key);
      this.notice = `${report.resources} ${t(this.lang, 'restored')}`;
    });
  }

  override render() {
    const lang = this.lang;
    const s = this.status;
    return html`
      <h2 id="vault-heading">${t(lang, 'vaultTitle')}</h2>
      <p>${t(lang, 'vaultExplain')}</p>
      ${this.recoveryKey
        ? html`<div class="recovery" role="region" aria-labelledby="recovery-heading">
            <h2 id="recovery-heading">${t(lang, 'recoveryTitle')}</h2>
            <p>${t(lang, 'recoveryExplain')}</p>
            <p><code data-recovery-key>${this.recoveryKey}</code></p>
            <button type="button" class="secondary" @click=${() => download(`# Techo recovery key\n${this.recoveryKey}\n`, 'techo-recovery-key.txt', 'text/plain')}>
              ${t(lang, 'downloadRecovery')}</button>
          </div>`
        : ''}
      ${s?.open && this.olderCopy
        ? html`<p role="alert" class="warning" data-older-copy>${t(lang, 'olderCopy')
            .replace('{opened}', String(this.olderCopy.opened))
            .replace('{seen}', String(this.olderCopy.seen))}</p>`
        : ''}
      ${!s ? '' : s.open ? this.renderOpen() : s.exists ? this.renderUnlock() : this.renderCreate()}
      ${s?.open ? this.renderPending(lang) : ''}
      <div aria-live="polite">
        ${this.notice ? html`<p data-vault-notice>${this.notice}</p>` : ''}
        ${this.error
          ? html`<p role="alert" class="error" data-vault-error data-code=${this.error.code}>${errorMessage(lang, this.error)}</p>`
          : ''}
      </div>
    `;
  }

  private renderCreate() {
    const lang = this.lang;
    return html`<form @submit=${this.onCreate} data-create-vault>
      <label for="new-vault-passphrase">${t(lang, 'passphrase')}</label>
      <input id="new-vault-passphrase" type="password" autocomplete="new-password" required minlength="8" />
      <label for="new-vault-passphrase-again">${t(lang, 'passphraseAgain')}</label>
      <input id="new-vault-passphrase-again" type="password" autocomplete="new-password" required minlength="8" />
      <button type="submit" ?disabled=${this.busy}>${t(lang, 'createVault')}</button>
    </form>`;
  }

  private renderUnlock() {
    const lang = this.lang;
    return html`<p data-vault-state="locked">${t(lang, 'vaultLocked')}</p>
      <form @submit=${this.onUnlock} data-unlock-vault>
        <label for="unlock-passphrase">${t(lang, 'passphrase')}</label>
        <input id="unlock-passphrase" type="password" autocomplete="current-password" />
        <details>
          <summary>${t(lang, 'unlockWithRecovery')}</summary>
          <label for="unlock-recovery">${t(lang, 'recoveryKey')}</label>
          <textarea id="unlock-recovery" spellcheck="false" autocomplete="off"></textarea>
        </details>
        <button type="submit" ?disabled=${this.busy}>${t(lang, 'unlock')}</button>
      </form>`;
  }

  private renderOpen() {
    const lang = this.lang;
    return html`<p data-vault-state="open">${t(lang, 'vaultOpen')}</p>
      <button type="button" class="secondary" ?disabled=${this.busy}
        @click=${() => this.act(async () => (await coreSession()).lock())}>${t(lang, 'lock')}</button>
      <details>
        <summary>${t(lang, 'changePassphrase')}</summary>
        <form @submit=${this.onChangePassphrase}>
          <label for="change-passphrase">${t(lang, 'newPassphrase')}</label>
          <input id="change-passphrase" type="password" autocomplete="new-password" required minlength="8" />
          <label class="option"><input id="rotate-data-key" type="checkbox" checked />
            <span>${t(lang, 'rotateDataKey')}</span></label>
          <button type="submit" ?disabled=${this.busy}>${t(lang, 'changePassphrase')}</button>
        </form>
      </details>
      <details>
        <summary>${t(lang, 'exportBackup')}</summary>
        <form @submit=${this.onExport}>
          <p>${t(lang, 'backupToRecovery')} / ${t(lang, 'backupToPassphrase')}</p>
          <label for="backup-passphrase">${t(lang, 'passphrase')}</label>
          <input id="backup-passphrase" type="password" autocomplete="off" />
          <button type="submit" ?disabled=${this.busy}>${t(lang, 'exportBackup')}</button>
        </form>
      </details>
      <details>
        <summary>${t(lang, 'restoreBackup')}</summary>
        <form @submit=${this.onRestore}>
          <label for="restore-file">${t(lang, 'backupFile')}</label>
          <input id="restore-file" type="file" accept=".age" />
          <label for="restore-passphrase">${t(lang, 'passphrase')}</label>
          <input id="restore-passphrase" type="password" autocomplete="off" />
          <label for="restore-recovery">${t(lang, 'recoveryKey')}</label>
          <textarea id="restore-recovery" spellcheck="false" autocomplete="off"></textarea>
          <button type="submit" ?disabled=${this.busy}>${t(lang, 'restoreBackup')}</button>
        </form>
      </details>`;
  }
}
customElements.define('vault-panel', VaultPanel);
